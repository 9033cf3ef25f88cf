package dev.skopos.jakarta.internal.web;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.SkoposTracker;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * The HTTP request being served, for the tracker calls made while serving it (CDI beans, enterprise beans,
 * resources, servlets): read from the servlet request the first time a call asks, so that the requests
 * nothing is tracked in cost nothing. With {@code skopos.endpoint.enabled=false} there is none, and those
 * calls belong to the server visitor.
 */
@RequestScoped
public class CurrentRequest {

    @Inject
    SkoposTracker tracker;

    /** CDI's built-in bean: the servlet request of this thread, when one is being served. */
    @Inject
    HttpServletRequest servletRequest;

    private boolean read;
    /** Null when no request is read for the tracker. */
    private RequestInfo info;

    public Optional<RequestInfo> info() {
        if (!read) {
            info = tracker.endpointEnabled() ? servedRequest() : null;
            read = true;
        }
        return Optional.ofNullable(info);
    }

    /**
     * The servlet request, if this request context serves one (else null): an enterprise bean timer or a
     * message-driven bean runs in a request context of its own with none, and CDI's bean then refuses to be read.
     */
    private RequestInfo servedRequest() {
        try {
            return of(tracker, servletRequest);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** {@code request} as the tracker records it, its client address taken through the trusted proxies. */
    static RequestInfo of(SkoposTracker tracker, HttpServletRequest request) {
        return RequestInfo.of(tracker.clientAddress(request.getRemoteAddr(), request::getHeader).orElse(null),
                request::getHeader, request.getRequestURI());
    }
}
