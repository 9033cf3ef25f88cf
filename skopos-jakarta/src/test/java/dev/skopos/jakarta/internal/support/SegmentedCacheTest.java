package dev.skopos.jakarta.internal.support;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentedCacheTest {
    private final AtomicInteger computed = new AtomicInteger();
    private final SegmentedCache<String, String> cache = new SegmentedCache<>(100);

    private String get(String key) {
        String cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        computed.incrementAndGet();
        cache.put(key, key.toUpperCase());
        return key.toUpperCase();
    }

    @Test
    void keysAskedForAgainSurviveAFloodOfKeysAskedForOnce() {
        IntStream.range(0, 50).forEach(i -> {
            get("regular-" + i);
            get("regular-" + i);
        });

        IntStream.range(0, 100_000).forEach(i -> get("one-off-" + i));
        computed.set(0);
        IntStream.range(0, 50).forEach(i -> assertThat(get("regular-" + i)).isEqualTo("REGULAR-" + i));

        assertThat(computed).as("computed again").hasValue(0);
        assertThat(cache.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void theProtectedSegmentStaysBoundedAndItsLeastRecentGoBackOnProbation() {
        IntStream.range(0, 300).forEach(i -> {
            get("k" + i);
            get("k" + i);
        });

        assertThat(cache.size()).isEqualTo(100);
        assertThat(cache.contains("k299")).isTrue();
        assertThat(cache.contains("k0")).isFalse();
    }
}
