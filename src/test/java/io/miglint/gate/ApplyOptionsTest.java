package io.miglint.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ApplyOptionsTest {
    @Test
    void theRetryDelayDoublesUpToAMinute() {
        ApplyOptions o = new ApplyOptions(
                null,
                0,
                false,
                Duration.ofSeconds(5),
                Duration.ZERO,
                ApplyOptions.DEFAULT_LOCK_WAIT,
                8,
                Duration.ofSeconds(2));
        assertEquals(
                List.of(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L),
                IntStream.rangeClosed(1, 8)
                        .mapToObj(n -> o.retryDelay(n).toSeconds())
                        .toList());
        assertEquals(
                Duration.ZERO,
                new ApplyOptions(null, 0, false, Duration.ZERO, Duration.ZERO, Duration.ZERO, 3, Duration.ZERO)
                        .retryDelay(3));
    }

    @Test
    void noRetriesByDefault() {
        assertEquals(0, ApplyOptions.defaults().lockRetries());
    }
}
