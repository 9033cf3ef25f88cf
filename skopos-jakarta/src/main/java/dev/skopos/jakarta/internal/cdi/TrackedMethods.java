package dev.skopos.jakarta.internal.cdi;

import dev.skopos.jakarta.TrackEvent;
import jakarta.enterprise.inject.Stereotype;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which {@link TrackEvent} name applies to an intercepted call: the method's own, else the one on the bean's
 * class or a superclass, directly or through a stereotype. Containers intercept through generated subclasses
 * and call inherited methods on them, so the annotation is searched up the class of the target, not only on
 * the class that declares the method. Results are kept per method and class; there are only so many.
 */
final class TrackedMethods {
    private static final Map<Method, Map<Class<?>, Optional<String>>> NAMES = new ConcurrentHashMap<>();

    private TrackedMethods() {
    }

    static Optional<String> eventName(Method method, Class<?> targetClass) {
        return NAMES.computeIfAbsent(method, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(targetClass, target -> resolve(method, target));
    }

    private static Optional<String> resolve(Method method, Class<?> targetClass) {
        TrackEvent found = declaredOn(method);
        for (Class<?> type = targetClass; found == null && type != null && type != Object.class;
             type = type.getSuperclass()) {
            found = declaredOn(type);
        }
        if (found == null) {
            found = declaredOn(method.getDeclaringClass());
        }
        return Optional.ofNullable(found).map(TrackEvent::value);
    }

    private static TrackEvent declaredOn(AnnotatedElement element) {
        TrackEvent direct = element.getAnnotation(TrackEvent.class);
        if (direct != null) {
            return direct;
        }
        for (Annotation annotation : element.getAnnotations()) {
            Class<? extends Annotation> type = annotation.annotationType();
            if (type.isAnnotationPresent(Stereotype.class) && type.isAnnotationPresent(TrackEvent.class)) {
                return type.getAnnotation(TrackEvent.class);
            }
        }
        return null;
    }
}
