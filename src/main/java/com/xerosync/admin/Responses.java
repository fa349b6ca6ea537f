package com.xerosync.admin;

import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/** Answers of the admin pages, and what they read from requests (query and form values). */
final class Responses {

    private Responses() {
    }

    /** An HTML answer. Only the headers set here are sent: platform-http would echo the request's otherwise. */
    static void html(Exchange exchange, int status, String html) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        // Cache-Control, nosniff and the Content-Security-Policy are set on every answer by the server's HostGuard
        message.setBody(html);
    }

    /** A 303 to another page (after a POST, or to Xero's authorize page). */
    static void redirect(Exchange exchange, String location) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 303);
        message.setHeader("Location", location);
        message.setBody("");
    }

    /** A query or form value (the first of repeated ones), or null. */
    static String formValue(Exchange exchange, String name) {
        List<String> values = formValues(exchange, name);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Every value of a query or form field. platform-http puts them in headers (repeated ones as a list); a form body
     * it left unparsed is read here.
     */
    static List<String> formValues(Exchange exchange, String name) {
        List<String> values = new ArrayList<>();
        Object header = exchange.getMessage().getHeader(name);
        if (header instanceof Iterable<?> many) {
            many.forEach(v -> values.add(String.valueOf(v)));
        } else if (header != null) {
            values.add(header.toString());
        }
        if (values.isEmpty()) {
            String body = exchange.getMessage().getBody(String.class);
            // read once: kept as text so the next step reads it again
            exchange.getMessage().setBody(body);
            String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
            if (body != null && type.startsWith("application/x-www-form-urlencoded")) {
                for (String pair : body.split("&")) {
                    String[] kv = pair.split("=", 2);
                    if (URLDecoder.decode(kv[0], StandardCharsets.UTF_8).equals(name)) {
                        values.add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                    }
                }
            }
        }
        return values;
    }

    /**
     * The HTTP request itself. Credentials, the peer's address and path parameters are read from it, never from the
     * message's headers: platform-http puts query and form parameters among those, so a {@code ?Authorization=} or a
     * form field {@code tenantId} could stand in for the real ones.
     */
    private static HttpServerRequest request(Exchange exchange) {
        return exchange.getIn() instanceof HttpMessage http ? http.getRequest() : null;
    }

    /** A header the client sent, or null (and null when the exchange did not come over HTTP). */
    static String requestHeader(Exchange exchange, String name) {
        HttpServerRequest request = request(exchange);
        return request == null ? null : request.getHeader(name);
    }

    /** The request's path, as sent (for log lines: escape it). */
    static String requestPath(Exchange exchange) {
        HttpServerRequest request = request(exchange);
        return request == null ? "" : request.path();
    }

    /** The path segment at that index (0-based, after the leading slash), decoded; null when there is none. */
    static String pathSegment(Exchange exchange, int index) {
        HttpServerRequest request = request(exchange);
        String[] segments = request == null ? new String[0] : request.path().replaceFirst("^/", "").split("/");
        return index < segments.length ? URLDecoder.decode(segments[index], StandardCharsets.UTF_8) : null;
    }

    /** The organisation a page or action under /admin/organisations/{tenantId} is about. */
    static String tenantId(Exchange exchange) {
        return pathSegment(exchange, 2);
    }

    /** Whether the request came from this machine (the connection's peer, not anything the request says). */
    static boolean fromLoopback(Exchange exchange) {
        HttpServerRequest request = request(exchange);
        if (request == null || request.remoteAddress() == null) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(request.remoteAddress().hostAddress()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
