/**
 * The API of Skopos for Jakarta EE: {@link dev.skopos.jakarta.SkoposTracker}, injected where events are
 * recorded, {@link dev.skopos.jakarta.TrackEvent} to declare them on methods, and the values they take and
 * give. Everything under {@code dev.skopos.jakarta.internal} is not API: it may change in any release, even
 * where the container needs it public (the endpoint, the tracker bean, health checks, the interceptor).
 */
package dev.skopos.jakarta;
