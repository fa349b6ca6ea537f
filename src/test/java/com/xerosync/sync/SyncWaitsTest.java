package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SyncWaitsTest {

    private final SyncWaits waits = new SyncWaits();

    @Test
    void should_end_a_pending_wait_at_once_when_the_service_stops() throws Exception {
        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                waits.sleep(Duration.ofHours(1).toMillis(), "Xero's rate limits");
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        // still waiting a while later: only the stop ends it
        org.awaitility.Awaitility.await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                .until(() -> !waiting.isDone());

        waits.stop();

        Throwable ended = waiting.get(5, TimeUnit.SECONDS);
        assertThat(ended).isInstanceOf(SyncWaits.Stopped.class)
                .hasMessage("interrupted: xero-sync stopped while this run waited 3600000 ms for Xero's rate limits; "
                        + "the next run resumes from the last stored page");
    }

    @Test
    void should_refuse_every_later_wait_and_run_once_stopped() {
        waits.stop();

        assertThatThrownBy(() -> waits.sleep(10, "a back-off")).isInstanceOf(SyncWaits.Stopped.class);
        assertThatThrownBy(() -> waits.sleep(0, "a back-off")).isInstanceOf(SyncWaits.Stopped.class);
        assertThatThrownBy(waits::checkRunning).isInstanceOf(SyncWaits.Stopped.class)
                .hasMessage("interrupted: xero-sync stopped before this run began");
        assertThatThrownBy(waits::checkBeforeCall).isInstanceOf(SyncWaits.Stopped.class)
                .hasMessageEndingWith("the next run resumes from the last stored page");
    }

    @Test
    void should_wait_the_time_asked_while_running() throws Exception {
        long started = System.nanoTime();
        waits.sleep(50, "a back-off");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(waits.stopping()).isFalse();
    }
}
