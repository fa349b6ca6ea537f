package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A contact or invoice, whether generated from its index or changed since. */
interface SandboxRecord {

    /** Position in generation order; records created after start continue past the generated ones. */
    long index();

    String id();

    long updated();

    /** Hidden from list GETs unless includeArchived=true. */
    boolean archived();

    /**
     * @param detailed whether to include what Xero leaves out of unpaged list GETs (an invoice's LineItems)
     */
    ObjectNode toJson(JsonNodeFactory json, boolean detailed);
}
