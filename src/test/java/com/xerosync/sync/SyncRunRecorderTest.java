package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SyncRunRecorderTest {

    @Test
    void should_describe_the_cause_chain_without_stack_traces() {
        Exception error = new IllegalStateException("the page failed", new SQLException("disk full", "53100"));
        assertThat(SyncRunRecorder.describe(error)).isEqualTo("the page failed (caused by SQLException: disk full)");
    }

    @Test
    void should_leave_out_the_statement_and_values_of_a_failed_batch() {
        Exception error = new BatchUpdateException("Batch entry 3 INSERT INTO xero.invoices (a, b) VALUES ('secret\nline', 2) "
                + "was aborted: An I/O error occurred while sending to the backend.", "08006", new int[0]);
        assertThat(SyncRunRecorder.describe(error))
                .isEqualTo("Batch entry 3 was aborted: An I/O error occurred while sending to the backend.");
    }
}
