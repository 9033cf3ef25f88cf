package dev.skopos.jakarta;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records a server-side custom event named {@link #value()} each time the annotated method (or any business
 * method of the annotated bean, inherited ones included) returns normally. The event belongs to the visitor of
 * the current request, or to the server visitor outside a request.
 * <p>
 * On a class it is inherited: beans that extend the class record the event too, unless they declare their own.
 * (CDI passes an interceptor binding on to subclasses only when the annotation is {@code @Inherited}.)
 */
@Inherited
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface TrackEvent {
    /**
     * The event's name.
     *
     * @return 1 to 255 characters
     */
    @Nonbinding
    String value();
}
