package dev.skopos.jakarta.pocketbase;

import java.util.List;

/** Body of {@code POST /api/realtime}: the topics a realtime client listens to. */
public record SubscribeRequest(String clientId, List<String> subscriptions) {
}
