package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class XeroRetriesTest {

    private final XeroRetries retries = new XeroRetries(4, Duration.ofMillis(500), Duration.ofSeconds(30));

    @Test
    void should_back_off_exponentially_with_jitter_between_half_and_all_of_the_ceiling() {
        for (int attempt = 1; attempt <= 12; attempt++) {
            long ceiling = Math.min(30_000, 500L << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                assertThat(retries.backoff(attempt).toMillis()).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void should_never_exceed_the_cap_even_after_very_many_attempts() {
        assertThat(retries.backoff(1_000).toMillis()).isLessThanOrEqualTo(30_000);
    }
}
