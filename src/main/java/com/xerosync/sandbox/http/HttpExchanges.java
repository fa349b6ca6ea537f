package com.xerosync.sandbox.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading requests and writing JSON (and the login pages' HTML) answers on the JDK's HTTP server. */
public final class HttpExchanges {

    public static final String JSON = "application/json; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    private HttpExchanges() {
    }

    /** Query parameters, decoded; the first of repeated names wins. */
    public static Map<String, String> query(HttpExchange exchange) {
        return firstValues(decodeForm(exchange.getRequestURI().getRawQuery()));
    }

    /** An application/x-www-form-urlencoded body; the first of repeated names wins. */
    public static Map<String, String> form(HttpExchange exchange) throws IOException {
        return firstValues(formValues(exchange));
    }

    /** An application/x-www-form-urlencoded body with every value of repeated names (checkboxes), in order. */
    public static Map<String, List<String>> formValues(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            return decodeForm(new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    public static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = XeroJson.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A plain-text answer, as Xero's for an unknown record id (404) or an organisation offline (503). */
    public static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * A page for people (the login and consent pages): not cached, not framed (clickjacking), no scripts or outside
     * resources (its CSS is inline), and no Referer carrying the request id elsewhere.
     */
    public static void sendHtml(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", HTML);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    public static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        sendEmpty(exchange, 302);
    }

    private static Map<String, String> firstValues(Map<String, List<String>> values) {
        Map<String, String> first = new LinkedHashMap<>();
        values.forEach((name, all) -> first.put(name, all.get(0)));
        return first;
    }

    private static Map<String, List<String>> decodeForm(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return values;
    }
}
