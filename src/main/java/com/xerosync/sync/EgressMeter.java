package com.xerosync.sync;

import com.xerosync.store.Egress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Counts what each call to Xero received, as it came over the wire and decoded, and hands the writers the decoded body.
 *
 * <p>Why here and not in the HTTP client: Apache HttpClient 5 (under camel-http) asks for gzip and decompresses
 * transparently, and camel-http gunzips once more where the client did not; either way only the decoded body would be
 * left and the bytes Xero sent would be unknown. So the component used for Xero calls has the client's content
 * compression disabled ({@code camel.component.http(s).content-compression-disabled}), each request asks for gzip
 * itself and tells camel-http not to gunzip ({@link XeroRequests}), and this step, right after the call, sees the body
 * exactly as it arrived: its length is the wire count, and gunzipping it here gives the decoded count and the JSON.
 * Counting in a client interceptor instead would mean wrapping the entity's stream below the decompression and
 * reading the count only once a writer has consumed it; a page is read whole anyway (the writers take a byte array),
 * so reading it here costs nothing more. Only bodies are counted: headers, and the chunked framing the client removes,
 * are not (Xero has not published what it counts; the body is what its answer is made of).
 *
 * <p>Bounded: a page larger than {@code sync.max-page-bytes}, on the wire or decoded (a gzip bomb), stops the run with
 * a failure naming the page, after reading at most that many bytes. The call is made with camel-http's stream cache
 * off, so the answer arrives here as the connection's stream rather than copied whole into memory first; an answer
 * over the bound is not read further, and camel-http discards its connection when the exchange completes.
 */
public final class EgressMeter {

    private final int maxPageBytes;

    /** @param maxPageBytes the most a page may weigh, on the wire and decoded ({@code sync.max-page-bytes}) */
    public EgressMeter(int maxPageBytes) {
        this.maxPageBytes = maxPageBytes;
    }

    /** Camel step after each HTTP call to Xero, whatever its status. */
    public void received(Exchange exchange) throws IOException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        Message message = exchange.getMessage();
        long announced = announcedLength(message.getHeader("Content-Length", String.class));
        if (announced > maxPageBytes) {
            throw tooLarge(run, "announces " + String.format("%,d", announced) + " bytes (Content-Length)");
        }
        byte[] wire;
        if (message.getBody() instanceof InputStream stream) {
            wire = stream.readNBytes(maxPageBytes + 1);
            if (wire.length > maxPageBytes) {
                // not closed: closing would read the rest; camel-http discards the connection when the exchange ends
                run.received(wire.length, 0);
                throw tooLarge(run, "is more than " + String.format("%,d", maxPageBytes) + " bytes on the wire");
            }
            stream.close();
        } else {
            wire = message.getBody(byte[].class);
        }
        if (wire == null) {
            wire = new byte[0];
        }
        String encoding = message.getHeader("Content-Encoding", String.class);
        byte[] decoded = wire;
        if (encoding != null && encoding.trim().toLowerCase(Locale.ROOT).equals("gzip") && wire.length > 0) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(wire))) {
                decoded = in.readNBytes(maxPageBytes + 1);
                if (decoded.length > maxPageBytes) {
                    run.received(wire.length, decoded.length);
                    throw tooLarge(run, "decodes to more than " + String.format("%,d", maxPageBytes) + " bytes (from "
                            + String.format("%,d", wire.length) + " of gzip)");
                }
            } catch (IOException e) {
                // received all the same; a broken answer is repeated as one that never came (the route's IOException)
                run.received(wire.length, 0);
                throw new IOException("Xero's gzip answer for " + run.api().endpoint() + " of " + run
                        + " could not be decoded (" + e.getMessage() + ")", e);
            }
        }
        message.removeHeader("Content-Encoding");
        message.removeHeader("Content-Length");
        message.setBody(decoded);
        run.received(wire.length, decoded.length);
    }

    /** The Content-Length Xero announced, or -1 when it announced none (chunked) or nonsense. */
    private static long announcedLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private BadRecordException tooLarge(SyncRun run, String how) {
        return new BadRecordException("Xero's answer for " + run.api().endpoint() + " of " + run + " (page " + run.page()
                + ") " + how + ", over sync.max-page-bytes (" + String.format("%,d", maxPageBytes) + "): it was not "
                + "read further and nothing of it was stored; the next run tries again from the last stored page. "
                + "If Xero's pages are genuinely this large, lower sync.page-size or raise sync.max-page-bytes");
    }

    /** For log lines: {@code 1.2 MB received (9.8 MB decoded)}. */
    public static String describe(Egress egress) {
        return bytes(egress.wireBytes()) + " received (" + bytes(egress.decodedBytes()) + " decoded)";
    }

    /** A byte count as a person reads it (decimal units, as Xero bills gigabytes). */
    public static String bytes(long count) {
        if (count < 1_000) {
            return count + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = count;
        int unit = -1;
        while (value >= 1_000 && unit < units.length - 1) {
            value /= 1_000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.2f %s" : value < 100 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
}
