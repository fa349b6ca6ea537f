package com.xerosync.sandbox.http;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An exchange that is "in flight" for Xero's concurrent limit from admission until its response headers are sent:
 * {@link #sendResponseHeaders} ends it (just before the headers leave, so a client that sends its next request the
 * moment it sees an answer never finds the slot still taken). Answers take many paths through the handler (JSON,
 * streamed envelopes, canned bodies, faults), and this is the one place every one of them passes; requests that never
 * send headers (a dropped connection, a failure) are ended by the handler's {@code finally} through {@link #end()}.
 * Ending twice is harmless: only the first ends.
 */
public final class InFlightExchange extends ForwardingExchange {

    private final Runnable onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();

    public InFlightExchange(HttpExchange delegate, Runnable onEnd) {
        super(delegate);
        this.onEnd = onEnd;
    }

    /** No longer in flight; only the first call counts. */
    public void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.run();
        }
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        end();
        delegate.sendResponseHeaders(rCode, responseLength);
    }
}
