package com.xerosync.sandbox.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.UUID;

/** Xero's JSON shapes: the response envelope, error bodies, and amounts written as Xero writes them ({@code 40.00}). */
public final class XeroJson {

    /** Keeps the scale of amounts (0.00 stays 0.00, not 0), as Xero's money fields have. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .nodeFactory(NODES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** Present on paged Contacts and Invoices responses, between DateTimeUTC and the records. */
    public record Pagination(int page, int pageSize, long pageCount, long itemCount) {
    }

    private XeroJson() {
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams {@code {"Id","Status","ProviderName","DateTimeUTC",["pagination"],"<key>":[…]}}
     * record by record, so a list of 20 000 invoices never exists as one tree.
     */
    public static void writeEnvelope(OutputStream out, UUID id, String providerName, long dateTimeUtc,
                              Pagination pagination, String key, Iterator<ObjectNode> records) throws IOException {
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("Id", id.toString());
            g.writeStringField("Status", "OK");
            g.writeStringField("ProviderName", providerName);
            g.writeStringField("DateTimeUTC", XeroFormat.envelopeDate(dateTimeUtc));
            if (pagination != null) {
                g.writeObjectFieldStart("pagination");
                g.writeNumberField("page", pagination.page());
                g.writeNumberField("pageSize", pagination.pageSize());
                g.writeNumberField("pageCount", pagination.pageCount());
                g.writeNumberField("itemCount", pagination.itemCount());
                g.writeEndObject();
            }
            g.writeArrayFieldStart(key);
            while (records.hasNext()) {
                MAPPER.writeTree(g, records.next());
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** The error body of the declared APIs (the Projects API's schema Error: a message and the model's state). */
    public static ObjectNode declaredError(String message) {
        ObjectNode e = NODES.objectNode();
        e.put("message", message);
        e.putObject("modelState");
        return e;
    }

    /** The accounting API's error body (schema Error). */
    public static ObjectNode error(int status, String type, String message) {
        ObjectNode e = NODES.objectNode();
        e.put("ErrorNumber", status);
        e.put("Type", type);
        e.put("Message", message);
        return e;
    }

    /** The problem body Xero's gateway answers 401, 403 and 429 with, {@code "Extensions":{}} included, as Xero's. */
    public static ObjectNode problem(int status, String title, String detail) {
        ObjectNode p = NODES.objectNode();
        p.putNull("Type");
        p.put("Title", title);
        p.put("Status", status);
        p.put("Detail", detail);
        p.put("Instance", UUID.randomUUID().toString());
        p.putObject("Extensions");
        return p;
    }

    /** An OAuth error body: {@code {"error":"invalid_grant"}}. */
    public static ObjectNode oauthError(String error) {
        ObjectNode e = NODES.objectNode();
        e.put("error", error);
        return e;
    }
}
