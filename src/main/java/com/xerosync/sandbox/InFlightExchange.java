package com.xerosync.sandbox;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An exchange that is "in flight" for Xero's concurrent limit from admission until its response headers are sent:
 * {@link #sendResponseHeaders} ends it (just before the headers leave, so a client that sends its next request the
 * moment it sees an answer never finds the slot still taken). Answers take many paths through the handler (JSON,
 * streamed envelopes, canned bodies, faults), and this is the one place every one of them passes; requests that never
 * send headers (a dropped connection, a failure) are ended by the handler's {@code finally} through {@link #end()}.
 * Ending twice is harmless: only the first ends.
 */
final class InFlightExchange extends HttpExchange {

    private final HttpExchange delegate;
    private final Runnable onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();

    InFlightExchange(HttpExchange delegate, Runnable onEnd) {
        this.delegate = delegate;
        this.onEnd = onEnd;
    }

    /** No longer in flight; only the first call counts. */
    void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.run();
        }
    }

    @Override
    public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
        end();
        delegate.sendResponseHeaders(rCode, responseLength);
    }

    @Override
    public Headers getRequestHeaders() {
        return delegate.getRequestHeaders();
    }

    @Override
    public Headers getResponseHeaders() {
        return delegate.getResponseHeaders();
    }

    @Override
    public URI getRequestURI() {
        return delegate.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
        return delegate.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        return delegate.getHttpContext();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public InputStream getRequestBody() {
        return delegate.getRequestBody();
    }

    @Override
    public OutputStream getResponseBody() {
        return delegate.getResponseBody();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return delegate.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
        return delegate.getResponseCode();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public String getProtocol() {
        return delegate.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return delegate.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        delegate.setAttribute(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        delegate.setStreams(i, o);
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return delegate.getPrincipal();
    }
}
