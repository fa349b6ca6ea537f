package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
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

    @Test
    void should_believe_a_retry_after_only_up_to_xeros_own_maxima() {
        assertThat(XeroRetries.retryAfterSeconds(answer(Map.of("Retry-After", "17")))).contains(17L);
        assertThat(XeroRetries.retryAfterSeconds(answer(Map.of("Retry-After", "1000000000")))).as("a minute at most")
                .contains(60L);
        assertThat(XeroRetries.retryAfterSeconds(answer(Map.of("Retry-After", "1000000000", "X-Rate-Limit-Problem", "day"))))
                .as("a day at most").contains(86_400L);
        assertThat(XeroRetries.retryAfterSeconds(answer(Map.of("Retry-After", "99999999999999999999")))).isEmpty();
        assertThat(XeroRetries.retryAfterSeconds(answer(Map.of("Retry-After", "-3")))).isEmpty();
        assertThat(XeroRetries.retryAfterSeconds(answer(Map.of("Retry-After", "Wed, 21 Oct 2065 07:28:00 GMT")))).isEmpty();
        assertThat(XeroRetries.retryAfterSeconds(answer(Map.of()))).isEmpty();
    }

    private static Message answer(Map<String, String> headers) {
        Message message = new DefaultMessage(new DefaultCamelContext());
        headers.forEach(message::setHeader);
        return message;
    }
}
