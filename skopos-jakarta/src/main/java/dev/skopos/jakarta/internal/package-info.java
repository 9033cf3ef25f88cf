/**
 * Not API. The tracker's implementation, public only where the container needs it (the endpoint, the request
 * filter, health checks, the interceptor) or one of its packages uses another's; any type here may change or
 * go in any release. The API is the package {@code dev.skopos.jakarta}.
 */
package dev.skopos.jakarta.internal;
