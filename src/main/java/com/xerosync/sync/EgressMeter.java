package com.xerosync.sync;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
 */
public final class EgressMeter {

    /** Camel step after each HTTP call to Xero, whatever its status. */
    public void received(Exchange exchange) throws IOException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        Message message = exchange.getMessage();
        byte[] wire = message.getBody(byte[].class);
        if (wire == null) {
            wire = new byte[0];
        }
        String encoding = message.getHeader("Content-Encoding", String.class);
        byte[] decoded = wire;
        if (encoding != null && encoding.trim().toLowerCase(Locale.ROOT).equals("gzip") && wire.length > 0) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(wire))) {
                decoded = in.readAllBytes();
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
