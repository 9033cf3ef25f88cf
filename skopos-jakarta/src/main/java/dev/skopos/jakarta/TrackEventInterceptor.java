package dev.skopos.jakarta;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import java.lang.reflect.Method;

/** Implements {@link TrackEvent}: after a normal return, records the named server event. */
@TrackEvent("")
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_AFTER)
public class TrackEventInterceptor {

    @Inject
    SkoposTracker tracker;

    @AroundInvoke
    Object trackAfterReturn(InvocationContext invocation) throws Exception {
        Object result = invocation.proceed();
        tracker.trackServerEvent(eventName(invocation.getMethod()));
        return result;
    }

    private static String eventName(Method method) {
        TrackEvent onMethod = method.getAnnotation(TrackEvent.class);
        return onMethod != null ? onMethod.value() : method.getDeclaringClass().getAnnotation(TrackEvent.class).value();
    }
}
