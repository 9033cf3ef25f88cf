package dev.skopos.jakarta.web;

import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.SkoposTracker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import static dev.skopos.jakarta.support.JsonProviders.JSON;

/**
 * The browser script's endpoint: {@code POST {application path}/event} with a JSON body, sent as
 * {@code application/json} or, by {@code navigator.sendBeacon}, as {@code text/plain}. Answers 204 at once
 * for an accepted or dropped event (never saying why), 400 for a body that is not a JSON object or nests
 * deeper than {@value #MAX_NESTING} levels, and 413 for one over {@value #MAX_BODY_BYTES} bytes, which is never
 * read whole.
 */
@Path("event")
@ApplicationScoped
public class EventResource {
    static final int MAX_BODY_BYTES = 32 * 1024;
    /** Far beyond any event: the payload and its custom data are shallow objects. */
    static final int MAX_NESTING = 64;
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
        if (contentLength != null && contentLength > MAX_BODY_BYTES) {
            return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).build();
        }
        byte[] bytes = readAtMost(body, MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE).build();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (JsonNesting.deeperThan(text, MAX_NESTING)) {
            LOG.fine("Skopos refused a body nested deeper than " + MAX_NESTING + " levels");
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        JsonObject payload;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            payload = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            LOG.fine(() -> "Skopos refused a body that is not a JSON object: " + e.getMessage());
            return Response.status(Response.Status.BAD_REQUEST).build();
        }
        tracker.trackApiEvent(currentRequest.info().orElseGet(this::uncapturedRequest), payload);
        return Response.noContent().build();
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

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while (out.size() < limit && (read = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) > 0) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }
}
