package com.xerosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Xero answered a call with an error status. The message says what happened and what to do. */
public class XeroApiException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;

    public XeroApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Builds the exception for a response, reading Xero's error shapes (validation errors and problem details). */
    public static XeroApiException of(int status, String body, String what) {
        String detail = detail(body);
        String advice = switch (status) {
            case 400 -> "Xero rejected the request; check the route's parameters.";
            case 401 -> "The access token was rejected even after a refresh; the connection may need re-authorising.";
            case 403 -> "Access to this organisation was refused: the organisation was disconnected, the app lost the "
                    + "scope, or the tenant id is wrong. Reconnect it in Xero.";
            case 404 -> "Xero does not serve this endpoint for this organisation.";
            case 429 -> "Xero's rate limit was hit; the next run retries.";
            default -> status >= 500 ? "Xero (or the organisation) is unavailable; the next run retries from the last stored page."
                    : "Unexpected answer from Xero.";
        };
        return new XeroApiException(status, "Xero answered HTTP " + status + " for " + what
                + (detail.isEmpty() ? "" : ": " + detail) + ". " + advice);
    }

    /** The {@code Detail} of Xero's problem body (401, 403), or null when the body is not one. */
    public static String problemDetail(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode detail = JSON.readTree(body).get("Detail");
            return detail == null || detail.isNull() ? null : detail.asText();
        } catch (Exception notJson) {
            return null;
        }
    }

    private static String detail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode json = JSON.readTree(body);
            for (String field : new String[] {"Message", "Detail", "Title", "error_description", "error"}) {
                if (json.hasNonNull(field)) {
                    return json.get(field).asText();
                }
            }
        } catch (Exception notJson) {
            // plain text or HTML: shown abbreviated below
        }
        String text = body.replaceAll("\\s+", " ").trim();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
