package com.xerosync.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Xero's identity endpoints ({@code /connect/token}, {@code /connect/revocation}) passed through to the sandbox
 * unchanged, except that a test can hold the next token answer: Xero has then rotated the refresh token, and the
 * service is still waiting for the new one. That is the moment a crash test kills it at.
 */
final class TokenEndpointRelay implements AutoCloseable {

    private final String target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final AtomicReference<Hold> hold = new AtomicReference<>();

    /** One held answer: {@code answered} completes when Xero has answered; the relay waits for {@code released}. */
    record Hold(CompletableFuture<Integer> answered, CompletableFuture<Void> released) {
    }

    TokenEndpointRelay(String target) throws IOException {
        this(target, 0);
    }

    /** On that port (0: any free one). */
    TokenEndpointRelay(String target, int port) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::relay);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next refresh (a {@code refresh_token} grant) is passed to Xero, and its answer held until released. */
    Hold holdNextRefresh() {
        Hold next = new Hold(new CompletableFuture<>(), new CompletableFuture<>());
        hold.set(next);
        return next;
    }

    /** Lets a held answer go (to a process that may be gone) and holds no more. */
    void release(Hold held) {
        hold.compareAndSet(held, null);
        held.released().complete(null);
    }

    private void relay(HttpExchange exchange) {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getRawQuery();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().getRawPath()
                    + (query == null ? "" : "?" + query))).timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (String header : new String[] {"Content-Type", "Authorization", "Accept"}) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    request.header(header, value);
                }
            }
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Hold held = new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("grant_type=refresh_token")
                    ? hold.getAndSet(null) : null;
            if (held != null) {
                held.answered().complete(answer.statusCode());
                held.released().get(5, TimeUnit.MINUTES);
            }
            answer.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } catch (IOException e) {
            // the service that asked was killed while its answer was held
        } catch (Exception e) {
            try {
                exchange.sendResponseHeaders(502, -1);
            } catch (IOException gone) {
                // as above
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        Hold held = hold.getAndSet(null);
        if (held != null) {
            held.released().complete(null);
        }
        server.stop(0);
    }
}
