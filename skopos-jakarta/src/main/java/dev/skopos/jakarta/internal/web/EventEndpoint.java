package dev.skopos.jakarta.internal.web;

import dev.skopos.jakarta.DropReason;
import dev.skopos.jakarta.RequestInfo;
import dev.skopos.jakarta.internal.pipeline.Pipeline;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static dev.skopos.jakarta.internal.support.JsonProviders.JSON;

/**
 * What the browser script's endpoint does with a request, in plain Java, refusing as cheaply as it can: a body
 * declared over {@value #MAX_BODY_BYTES} bytes first, then everything the pipeline can tell without the body
 * (the client's allowance, the site's ceiling, an opt-out, automation headers), and only then reads the body,
 * scans its nesting and parses it. So a refused request costs no read of its body and nothing in proportion to
 * it. Answers with HTTP statuses: 204 for an event accepted or dropped (never saying why), 400 for a body that
 * is not a JSON object or nests deeper than {@value #MAX_NESTING} levels, 413 for one over the size limit.
 * Every refusal is counted by reason.
 */
public final class EventEndpoint {
    public static final int NO_CONTENT = 204;
    public static final int BAD_REQUEST = 400;
    public static final int TOO_LARGE = 413;
    static final int MAX_BODY_BYTES = 32 * 1024;
    /** Far beyond any event: the payload and its custom data are shallow objects. */
    static final int MAX_NESTING = 64;

    private final Pipeline pipeline;

    public EventEndpoint(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /**
     * @param contentLength the declared length of the body, null when it was not declared
     * @return the HTTP status to answer with
     */
    public int receive(RequestInfo request, Long contentLength, InputStream body) throws IOException {
        if (contentLength != null && contentLength > MAX_BODY_BYTES) {
            pipeline.refusedBody(DropReason.TOO_LARGE);
            return TOO_LARGE;
        }
        if (!pipeline.admitsBrowserEvent(request)) {
            return NO_CONTENT;
        }
        byte[] bytes = read(body, contentLength);
        if (bytes.length > MAX_BODY_BYTES) {
            pipeline.refusedBody(DropReason.TOO_LARGE);
            return TOO_LARGE;
        }
        Optional<JsonObject> payload = payloadOf(new String(bytes, StandardCharsets.UTF_8));
        if (payload.isEmpty()) {
            pipeline.refusedBody(DropReason.INVALID);
            return BAD_REQUEST;
        }
        pipeline.trackAdmittedBrowserEvent(request, payload.get());
        return NO_CONTENT;
    }

    /** The JSON object a body holds; empty when it holds none, or nests deeper than {@value #MAX_NESTING}. */
    static Optional<JsonObject> payloadOf(String body) {
        if (JsonNesting.deeperThan(body, MAX_NESTING)) {
            return Optional.empty();
        }
        try (JsonReader reader = JSON.createReader(new StringReader(body))) {
            return Optional.of(reader.readObject());
        } catch (JsonException | IllegalStateException | NumberFormatException e) {
            // a number whose exponent is past an int's range fails in BigDecimal, not as a JSON error
            return Optional.empty();
        }
    }

    /**
     * The body: with a declared length, that many bytes in one array of that size (the server ends the stream
     * there; a length over the limit was refused before); without one, up to one byte past the limit, so a body
     * over it is known without reading it whole.
     */
    static byte[] read(InputStream body, Long contentLength) throws IOException {
        return body.readNBytes(contentLength != null && contentLength >= 0 ? contentLength.intValue()
                : MAX_BODY_BYTES + 1);
    }
}
