package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.http.XeroFormat;

import java.util.List;
import java.util.function.Consumer;

/**
 * A record kept as the JSON Xero serves, for the collections whose changes are simple edits of
 * fields: built once from its index (or by a change) and never mutated afterwards; every change
 * is a new record made from a copy.
 *
 * @param summaryOmits fields Xero leaves out of unpaged list GETs (LineItems, JournalLines); a name
 *                     ending in {@code []} is emptied instead of removed, for arrays the spec requires
 */
record JsonRecord(long index, String id, long updated, boolean hidden, ObjectNode body, List<String> summaryOmits)
        implements SandboxRecord {

    JsonRecord(long index, String id, long updated, boolean hidden, ObjectNode body) {
        this(index, id, updated, hidden, body, List.of());
    }

    @Override
    public ObjectNode toJson(JsonNodeFactory json, boolean detailed) {
        ObjectNode copy = body.deepCopy();
        if (!detailed) {
            for (String field : summaryOmits) {
                if (field.endsWith("[]")) {
                    copy.putArray(field.substring(0, field.length() - 2));
                } else {
                    copy.remove(field);
                }
            }
        }
        return copy;
    }

    /** A field of the body as text, "" when absent. */
    String text(String field) {
        return body.path(field).asText("");
    }

    String status() {
        return text("Status");
    }

    /**
     * The record changed at {@code now}: {@code edit} works on a copy of the body, whose
     * UpdatedDateUTC (and UpdatedDateUTCString) are restamped when it has them.
     */
    JsonRecord changed(long now, boolean hidden, Consumer<ObjectNode> edit) {
        ObjectNode copy = body.deepCopy();
        edit.accept(copy);
        stamp(copy, now);
        return new JsonRecord(index, id, now, hidden, copy, summaryOmits);
    }

    /** Replaces the body without touching the stamp: a change Xero makes without a new UpdatedDateUTC. */
    JsonRecord withBody(ObjectNode newBody) {
        return new JsonRecord(index, id, updated, hidden, newBody, summaryOmits);
    }

    static void stamp(ObjectNode body, long now) {
        if (body.has("UpdatedDateUTC")) {
            body.put("UpdatedDateUTC", XeroFormat.msDateLike(body.get("UpdatedDateUTC").asText(), now));
        }
        if (body.has("UpdatedDateUTCString")) {
            body.put("UpdatedDateUTCString", XeroFormat.isoSeconds(now));
        }
    }
}
