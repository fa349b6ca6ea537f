package com.xerosync.sandbox.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An answer written now and sent later: the handler writes status and body into memory and returns (its thread is
 * free at once), and {@link #deliver} sends them when the answer's time has come. So a server answering at Xero's
 * pace keeps hundreds of answers waiting without a thread each. An exchange closed without a status (a dropped
 * connection) is closed without an answer when delivered.
 */
public final class DelayedExchange extends ForwardingExchange {

    /** Attribute (an Integer) the handler sets to the number of records its answer holds. */
    public static final String RECORDS = "xero.records";

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final List<Runnable> beforeDelivery = new ArrayList<>();
    private int status = -1;
    private long length;
    private long extraMillis;

    public DelayedExchange(HttpExchange delegate) {
        super(delegate);
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) {
        status = rCode;
        length = responseLength;
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public OutputStream getResponseBody() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int count) {
                body.write(bytes, offset, count);
            }
        };
    }

    /** The answer is complete; it leaves at {@link #deliver}. */
    @Override
    public void close() {
    }

    /** How many records the answer holds (its cost in the latency model), as the handler set {@link #RECORDS}. */
    public int records() {
        return getAttribute(RECORDS) instanceof Integer count ? count : 0;
    }

    /** Makes the answer this much later still (a slow fault). */
    public void delayMore(long millis) {
        extraMillis += millis;
    }

    public long extraMillis() {
        return extraMillis;
    }

    /** Runs just before the answer leaves (the end of its time in flight). */
    public void beforeDelivery(Runnable step) {
        beforeDelivery.add(step);
    }

    /** Nothing is to be delivered after all (the handler failed): runs what waited for the delivery, sends nothing. */
    public void abandon() {
        beforeDelivery.forEach(Runnable::run);
        beforeDelivery.clear();
    }

    /** Sends what was written, or closes the connection without an answer when nothing was. */
    public void deliver() {
        beforeDelivery.forEach(Runnable::run);
        try {
            if (status >= 0) {
                byte[] bytes = body.toByteArray();
                delegate.sendResponseHeaders(status, length < 0 || bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = delegate.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            }
        } catch (IOException e) {
            // the client went away while it waited: nothing to deliver to
        } finally {
            delegate.close();
        }
    }
}
