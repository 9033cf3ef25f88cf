package dev.skopos.jakarta.internal.web;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.SkoposTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * The browser script's endpoint: {@code POST {application path}/event} with a JSON body, sent as
 * {@code application/json} or, by {@code navigator.sendBeacon}, as {@code text/plain}. What it answers is
 * {@link SkoposTracker#receiveApiEvent}'s; with {@code skopos.endpoint.enabled=false}, 404 as if it were not
 * there, before anything is read.
 */
@Path("event")
@ApplicationScoped
public class EventResource {
    private static final Logger LOG = Logger.getLogger(EventResource.class.getName());
    private static final AtomicBoolean UNCAPTURED_REPORTED = new AtomicBoolean();

    @Inject
    SkoposTracker tracker;

    @Inject
    CurrentRequest currentRequest;

    @Inject
    HttpServletRequest servletRequest;

    @POST
    public Response receive(@HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength, InputStream body)
            throws IOException {
        if (!tracker.endpointEnabled()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        return Response.status(tracker.receiveApiEvent(currentRequest.info().orElseGet(this::uncapturedRequest),
                contentLength, body)).build();
    }

    /**
     * The request read here, where the capture filter did not run before the resource: the event must not be
     * lost for that. Said once, since it means tracker calls elsewhere in such requests find no visitor.
     */
    private RequestInfo uncapturedRequest() {
        if (UNCAPTURED_REPORTED.compareAndSet(false, true)) {
            LOG.warning("Skopos found no captured request for a browser event; its RequestCaptureFilter did not run"
                    + " (is the JAX-RS provider registered?)");
        }
        return RequestCaptureFilter.requestInfo(tracker, servletRequest.getRemoteAddr(), servletRequest::getHeader,
                servletRequest.getRequestURI());
    }
}
