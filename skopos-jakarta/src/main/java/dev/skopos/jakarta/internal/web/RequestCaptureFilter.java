package dev.skopos.jakarta.internal.web;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.SkoposTracker;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import java.util.function.Function;

/**
 * Captures client IP (the socket's peer, or behind a trusted proxy the address it forwarded), user agent,
 * bot-detection headers, path, referrer and origin of every JAX-RS request, so that tracker calls made
 * anywhere while serving it (CDI beans, EJBs) know whose event it is. With {@code skopos.endpoint.enabled=false}
 * it does nothing, and those calls belong to the server visitor.
 */
@Provider
@PreMatching
public class RequestCaptureFilter implements ContainerRequestFilter {

    @Inject
    CurrentRequest currentRequest;

    @Inject
    SkoposTracker tracker;

    /** The socket's peer decides whether forwarding headers are believed; CDI provides the request everywhere. */
    @Inject
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!tracker.endpointEnabled()) {
            return;
        }
        currentRequest.capture(requestInfo(tracker, servletRequest.getRemoteAddr(), request::getHeaderString,
                request.getUriInfo().getRequestUri().getRawPath()));
    }

    /** A request as the tracker records it, its client address taken through {@code tracker}'s trusted proxies. */
    static RequestInfo requestInfo(SkoposTracker tracker, String peer, Function<String, String> header,
                                   String rawPath) {
        return RequestInfo.of(tracker.clientAddress(peer, header).orElse(null), header, rawPath);
    }
}
