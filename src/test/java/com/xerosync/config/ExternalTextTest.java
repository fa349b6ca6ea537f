package com.xerosync.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExternalTextTest {

    @Test
    void should_escape_what_would_start_a_new_log_line() {
        assertThat(ExternalText.printable("Demo\n12:00:00 INFO forged\r\u2028\u0000"))
                .isEqualTo("Demo\\u000a12:00:00 INFO forged\\u000d\\u2028\\u0000");
        assertThat(ExternalText.printable("Müller & Söhne (NZ) Ltd")).isEqualTo("Müller & Söhne (NZ) Ltd");
        assertThat(ExternalText.printable(null)).isEmpty();
    }

    @Test
    void should_cut_a_request_value_but_keep_a_message_whole() {
        String long1000 = "x".repeat(1000);
        assertThat(ExternalText.printable(long1000)).hasSize(201).endsWith("x…");
        assertThat(ExternalText.printable("x".repeat(200))).isEqualTo("x".repeat(200));
        assertThat(ExternalText.oneLine(long1000 + "\n")).isEqualTo(long1000 + "\\u000a");
    }
}
