package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class EgressMeterTest {

    private static final int BOUND = 100_000;
    private static final SyncApi INVOICES = new SyncApi("invoices", "api.xro/2.0", "Invoices", "Invoices", "invoices",
            "InvoiceID", "UpdatedDateUTC", true, SyncApi.Paging.PAGE_SIZE, "", false, "", List.of(), List.of(), List.of(),
            null, Map.of(), "", null, null, SyncApi.ACCOUNTING_MAX_PAGE_SIZE, DayBudget.Priority.TRANSACTIONS);

    private final EgressMeter meter = new EgressMeter(BOUND);
    private final SyncRun run = new SyncRun(INVOICES, "t", "Demo", "c", 1, Instant.EPOCH, 100, null);

    private Exchange answer(InputStream body, Map<String, Object> headers) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(SyncRun.PROPERTY, run);
        exchange.getMessage().setBody(body);
        exchange.getMessage().setHeaders(new java.util.HashMap<>(headers));
        return exchange;
    }

    /** A stream of that many bytes that counts how many were read from it. */
    private static InputStream endless(long length, AtomicLong read) {
        return new InputStream() {
            @Override
            public int read() {
                if (read.get() >= length) {
                    return -1;
                }
                read.incrementAndGet();
                return ' ';
            }
        };
    }

    @Test
    void should_hand_on_a_page_within_the_bound_decoded_and_count_both_sizes() throws IOException {
        byte[] json = "{\"Invoices\":[]}".getBytes();
        Exchange exchange = answer(new ByteArrayInputStream(gzip(json)), Map.of("Content-Encoding", "gzip"));

        meter.received(exchange);

        assertThat(exchange.getMessage().getBody(byte[].class)).isEqualTo(json);
        assertThat(run.egress().decodedBytes()).isEqualTo(json.length);
        assertThat(run.egress().wireBytes()).isEqualTo(gzip(json).length);
    }

    @Test
    void should_stop_reading_an_answer_larger_than_the_bound_whatever_its_length() {
        AtomicLong read = new AtomicLong();
        // 40 GB, announced by no Content-Length (chunked)
        Exchange exchange = answer(endless(40_000_000_000L, read), Map.of());

        assertThatThrownBy(() -> meter.received(exchange)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("is more than 100,000 bytes on the wire")
                .hasMessageContaining("sync.max-page-bytes").hasMessageContaining("Invoices of xero-invoices · Demo (page 1)");
        assertThat(read.get()).as("bytes read").isEqualTo(BOUND + 1);
    }

    @Test
    void should_refuse_an_announced_length_over_the_bound_before_reading() {
        AtomicLong read = new AtomicLong();
        Exchange exchange = answer(endless(40_000_000, read), Map.of("Content-Length", "40000000"));

        assertThatThrownBy(() -> meter.received(exchange)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("announces 40,000,000 bytes (Content-Length)");
        assertThat(read.get()).isZero();
    }

    @Test
    void should_refuse_a_gzip_bomb_after_decoding_no_more_than_the_bound() throws IOException {
        // 50 MB of spaces compress to about 50 kB: within the bound on the wire, far over it decoded
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] spaces = new byte[1_000_000];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 50; i++) {
                gzip.write(spaces);
            }
        }
        assertThat(bomb.size()).isLessThan(BOUND);
        Exchange exchange = answer(new ByteArrayInputStream(bomb.toByteArray()), Map.of("Content-Encoding", "gzip"));

        assertThatThrownBy(() -> meter.received(exchange)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("decodes to more than 100,000 bytes");
        assertThat(run.egress().decodedBytes()).isEqualTo(BOUND + 1);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.toByteArray();
    }
}
