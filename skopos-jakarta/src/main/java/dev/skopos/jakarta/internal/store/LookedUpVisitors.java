package dev.skopos.jakarta.internal.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one flush's lookup of many visitors found: the record ids of those recorded, and those without a record,
 * whose creates need no lookup of their own. Held by the flush's plan, not by a cache the lanes share, so that a
 * flush of more visitors than such a cache holds, or lanes looking up side by side, lose none of it before the
 * flush has planned their records. Used by one thread.
 */
final class LookedUpVisitors {
    private final Map<String, String> recordIds = new HashMap<>();
    private final Set<String> withoutRecord = new HashSet<>();

    void found(String visitorKey, String recordId) {
        recordIds.put(visitorKey, recordId);
    }

    void withoutRecord(String visitorKey) {
        withoutRecord.add(visitorKey);
    }

    /** The visitor's record id, if the lookup found it; otherwise null. */
    String recordId(String visitorKey) {
        return recordIds.get(visitorKey);
    }

    /**
     * Whether the lookup found the visitor without a record, said once: the create it then plans is what the
     * visitor's next session in the plan meets.
     */
    boolean takeWithoutRecord(String visitorKey) {
        return withoutRecord.remove(visitorKey);
    }
}
