package com.xerosync.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Answers of the admin pages, and what they read from requests (query and form values). */
final class Responses {

    private static final String REMOTE_ADDRESS = "CamelVertxPlatformHttpRemoteAddress";

    private Responses() {
    }

    /** An HTML answer. Only the headers set here are sent: platform-http would echo the request's otherwise. */
    static void html(Exchange exchange, int status, String html) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        message.setHeader("Cache-Control", "no-store");
        message.setHeader("X-Frame-Options", "DENY");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setBody(html);
    }

    /** A 303 to another page (after a POST, or to Xero's authorize page). */
    static void redirect(Exchange exchange, String location) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 303);
        message.setHeader("Location", location);
        message.setHeader("Cache-Control", "no-store");
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

    /** Whether the request came from this machine. */
    static boolean fromLoopback(Exchange exchange) {
        Object remote = exchange.getMessage().getHeader(REMOTE_ADDRESS);
        String address = remote == null ? "" : remote.toString();
        return address.startsWith("127.") || address.startsWith("localhost") || address.startsWith("0:0:0:0:0:0:0:1")
                || address.startsWith("[::1]") || address.startsWith("::1");
    }
}
