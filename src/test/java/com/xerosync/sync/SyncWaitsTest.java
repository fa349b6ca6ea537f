package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyncWaitsTest {

    private final SyncWaits waits = new SyncWaits();

    @Test
    void should_let_a_wait_and_a_run_go_on_while_running() {
        assertThatCode(() -> waits.checkWhileWaiting("Xero's rate limits")).doesNotThrowAnyException();
        assertThatCode(waits::checkRunning).doesNotThrowAnyException();
        assertThatCode(waits::checkBeforeCall).doesNotThrowAnyException();
        assertThat(waits.stopping()).isFalse();
    }

    @Test
    void should_end_every_wait_and_refuse_every_run_and_call_once_stopped() {
        waits.onContextStopping(null);

        assertThat(waits.stopping()).isTrue();
        assertThatThrownBy(() -> waits.checkWhileWaiting("Xero's rate limits")).isInstanceOf(SyncWaits.Stopped.class)
                .hasMessage("interrupted: xero-sync stopped while this run waited for Xero's rate limits; "
                        + "the next run resumes from the last stored page");
        assertThatThrownBy(waits::checkRunning).isInstanceOf(SyncWaits.Stopped.class)
                .hasMessage("interrupted: xero-sync stopped before this run began");
        assertThatThrownBy(waits::checkBeforeCall).isInstanceOf(SyncWaits.Stopped.class)
                .hasMessageEndingWith("the next run resumes from the last stored page");
    }
}
