package dev.skopos.jakarta;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Skopos tracker of this application: inject it where events are recorded. It starts with the
 * application (no request needed), reads its settings from MicroProfile Config and connects to PocketBase
 * and writes to it in the background, on threads of the container's default managed thread factory: a few of
 * its own (one per write lane and two more), and one for the realtime subscription to PocketBase. It
 * drains its queues and stops with the application. Every method is thread-safe and returns without waiting for
 * PocketBase, except {@link #flush()}.
 */
public interface SkoposTracker {
    /**
     * Records a payload of the browser script, already parsed, for the given request, with the same checks as
     * {@link #receiveApiEvent}. Invalid or filtered payloads are dropped silently (counted, and logged at FINE).
     *
     * @param request the request the payload came with
     * @param payload the browser script's event
     * @return whether the event was accepted
     */
    boolean trackApiEvent(RequestInfo request, JsonObject payload);

    /**
     * Receives a request of the browser script as the endpoint at {@code {application path}/event} does, for
     * code that receives such requests another way (a servlet, say): refuses what it can before reading
     * {@code body} (a declared length over 32 KB, the rate limits, an opt-out, automation headers), then reads
     * at most 32 KB of it and records the event.
     *
     * @param request       the request, built with {@link RequestInfo#of}
     * @param contentLength the body's declared length; null when not declared
     * @param body          the request's body, read at most up to 32 KB
     * @return the HTTP status to answer: 204 for an event accepted or dropped, 400 for a body that is not a
     *         JSON object, 413 for one over 32 KB; 404 with {@code skopos.endpoint.enabled=false}, without
     *         reading anything
     * @throws IOException when reading the body fails
     */
    int receiveApiEvent(RequestInfo request, Long contentLength, InputStream body) throws IOException;

    /**
     * Whether the browser script's endpoint takes events ({@code skopos.endpoint.enabled}, on by default). When
     * off, the endpoint answers 404 and no request is read for the tracker calls made while serving one: they
     * belong to the server visitor.
     *
     * @return whether the endpoint takes events
     */
    boolean endpointEnabled();

    /**
     * Records a custom event for the visitor of the current request, or for the server visitor when there is
     * no request (timers, message beans).
     *
     * @param name the event's name
     * @return whether the event was accepted: false once the tracker is stopping, or when it was dropped (over
     *         the memory budget, an opted-out visitor), which is counted
     * @throws InvalidEventException when the name is empty or longer than 255 characters
     */
    default boolean trackServerEvent(String name) {
        return trackServerEvent(name, Map.of());
    }

    /**
     * As {@link #trackServerEvent(String)}, with custom data: strings, numbers, booleans, maps and lists, at
     * most 8192 characters as JSON.
     *
     * @param name       the event's name
     * @param customData the event's data
     * @return whether the event was accepted, as for {@link #trackServerEvent(String)}
     * @throws InvalidEventException when the name or data break the rules
     */
    boolean trackServerEvent(String name, Map<String, ?> customData);

    /**
     * Links the visitor of the current request to an account. {@code data} may hold {@code name} (≤255),
     * {@code email} (a valid address, stored lower-cased), {@code phone} (≤50) and {@code metadata} (a map,
     * ≤8192 characters as JSON).
     *
     * @param userId the account's id in the application
     * @param data   what to store about the account
     * @return whether the identification was accepted, as for {@link #trackServerEvent(String)}
     * @throws InvalidEventException when anything is invalid; then nothing is written
     */
    boolean identify(String userId, Map<String, ?> data);

    /**
     * The client of a request: the socket's peer, or, when that peer is one of {@code skopos.trusted-proxies},
     * the address the proxies forwarded. Empty when there is no valid IP address to name.
     *
     * @param remoteAddress the socket's peer address
     * @param header        header lookup by name (case-insensitive), null when absent
     * @return the client's normalised IP address
     */
    Optional<String> clientAddress(String remoteAddress, Function<String, String> header);

    /**
     * Writes every queued event and JS error report now, waiting up to 30 s for PocketBase.
     *
     * @return whether everything was written in time, and what was left
     */
    FlushResult flush();

    /**
     * The tracker's state, for health checks and monitoring; never contains secrets.
     *
     * @return whether it runs and is connected, and what became of the events handed to it
     */
    TrackerStatus status();
}
