package dev.skopos.jakarta.internal.pocketbase;

/** One event of a {@code text/event-stream}; {@code event} is {@code "message"} when the stream names none. */
record ServerSentEvent(String event, String data) {
}
