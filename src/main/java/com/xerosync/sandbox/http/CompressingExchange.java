package com.xerosync.sandbox.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.zip.GZIPOutputStream;

/**
 * An answer of the API as Xero's gateway sends it: gzip ({@code Content-Encoding: gzip}) when the request's
 * {@code Accept-Encoding} allows it, plain otherwise; and the bytes of its body counted as they leave, compressed or
 * not (headers and chunk framing are not counted), for what Xero bills as egress. Every answer of the API passes here,
 * errors and 429s included.
 */
public final class CompressingExchange extends ForwardingExchange {

    private final boolean gzipAccepted;
    private final LongConsumer sent;
    private boolean compressing;
    private OutputStream body;

    /** @param sent told the bytes of the body each time some leave */
    public CompressingExchange(HttpExchange delegate, LongConsumer sent) {
        super(delegate);
        this.gzipAccepted = acceptsGzip(delegate.getRequestHeaders().getFirst("Accept-Encoding"));
        this.sent = sent;
    }

    /** Whether an Accept-Encoding header allows gzip (listed without {@code q=0}). */
    public static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equals("gzip") || parts[0].trim().equals("*")) {
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].trim().replace(" ", "");
                    refused |= parameter.matches("q=0(\\.0*)?");
                }
                if (!refused) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A body (length 0 = chunked, or a known length) is compressed when gzip is accepted; its length is then unknown. */
    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        compressing = gzipAccepted && responseLength >= 0;
        if (compressing) {
            getResponseHeaders().set("Content-Encoding", "gzip");
            getResponseHeaders().set("Vary", "Accept-Encoding");
            delegate.sendResponseHeaders(rCode, 0);
        } else {
            delegate.sendResponseHeaders(rCode, responseLength);
        }
    }

    @Override
    public OutputStream getResponseBody() {
        if (body == null) {
            OutputStream counted = new Counted(delegate.getResponseBody(), sent);
            try {
                body = compressing ? new GZIPOutputStream(counted, 1 << 16) : counted;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return body;
    }

    /** Ends the gzip stream (its trailer) if the handler left it open, then the exchange. */
    @Override
    public void close() {
        try {
            if (body != null) {
                body.close();
            }
        } catch (IOException clientGone) {
            // the client went away: nothing more can be sent
        } finally {
            delegate.close();
        }
    }

    /** The bytes that reach the connection's stream. */
    private static final class Counted extends FilterOutputStream {

        private final LongConsumer sent;

        Counted(OutputStream out, LongConsumer sent) {
            super(out);
            this.sent = sent;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sent.accept(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sent.accept(len);
        }
    }
}
