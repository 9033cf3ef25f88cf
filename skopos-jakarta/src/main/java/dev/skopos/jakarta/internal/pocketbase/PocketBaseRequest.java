package dev.skopos.jakarta.internal.pocketbase;

import jakarta.json.JsonStructure;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One request to PocketBase's API, written as HTTP/1.1 for whichever connection carries it. Never printed: it
 * holds the token, and a login's password.
 *
 * @param method  {@code GET}, {@code POST}, {@code PATCH}
 * @param apiPath the path from {@code /api} on, with its query
 * @param token   the {@code Authorization} value, or null
 * @param body    the JSON body, or null
 * @param accept  the media type asked for
 */
record PocketBaseRequest(String method, String apiPath, String token, JsonStructure body, String accept) {

    static PocketBaseRequest json(String method, String apiPath, String token, JsonStructure body) {
        return new PocketBaseRequest(method, apiPath, token, body, "application/json");
    }

    /** Safe to send again when a connection failed before any answer: it changes nothing. */
    boolean idempotent() {
        return method.equals("GET");
    }

    /** The request's bytes, its target absolute (through an HTTP proxy) or from the path on. */
    byte[] encode(Origin origin, boolean absoluteTarget) {
        byte[] content = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append(method).append(' ').append(origin.target(apiPath, absoluteTarget)).append(" HTTP/1.1\r\n")
                .append("Host: ").append(origin.authority()).append("\r\n")
                .append("Accept: ").append(accept).append("\r\n")
                .append("User-Agent: ").append(PocketBaseHttp.USER_AGENT).append("\r\n");
        if (token != null) {
            head.append("Authorization: ").append(token).append("\r\n");
        }
        if (content != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(content.length).append("\r\n");
        } else if (!method.equals("GET")) {
            head.append("Content-Length: 0\r\n");
        }
        head.append("\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream(256 + (content == null ? 0 : content.length));
        request.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (content != null) {
            request.writeBytes(content);
        }
        return request.toByteArray();
    }

    @Override
    public String toString() {
        return "PocketBaseRequest[" + method + " " + apiPath + "]";
    }
}
