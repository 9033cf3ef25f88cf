package dev.skopos.jakarta.internal.cdi;

import dev.skopos.jakarta.SkoposTracker;
import dev.skopos.jakarta.TrackEvent;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Implements {@link TrackEvent}: after a normal return, records the named server event. Tracking never
 * changes the outcome of the business method: a failure to record is logged, not thrown, so it can neither
 * fail the call nor roll back a surrounding transaction.
 */
@TrackEvent("")
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_AFTER)
public class TrackEventInterceptor {
    private static final Logger LOG = Logger.getLogger(TrackEventInterceptor.class.getName());

    @Inject
    SkoposTracker tracker;

    @AroundInvoke
    Object trackAfterReturn(InvocationContext invocation) throws Exception {
        Object result = invocation.proceed();
        Class<?> target = invocation.getTarget() == null ? invocation.getMethod().getDeclaringClass()
                : invocation.getTarget().getClass();
        TrackedMethods.eventName(invocation.getMethod(), target).ifPresentOrElse(this::track,
                () -> LOG.fine(() -> "Skopos found no @TrackEvent name for " + invocation.getMethod()));
        return result;
    }

    private void track(String eventName) {
        try {
            tracker.trackServerEvent(eventName);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Skopos could not record @TrackEvent(\"" + eventName + "\"); the call itself "
                    + "succeeded: " + e.getMessage(), e);
        }
    }
}
