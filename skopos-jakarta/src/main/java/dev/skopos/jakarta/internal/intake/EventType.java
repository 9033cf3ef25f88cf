package dev.skopos.jakarta.internal.intake;

import java.util.Optional;

/** The event types the browser script sends; only the first two become {@code events} records. */
public enum EventType {
    PAGE_VIEW("pageView"),
    CUSTOM("custom"),
    JS_ERROR("jsError");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWire(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
