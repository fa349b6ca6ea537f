package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A record of a collection, whether generated from its index or changed since. */
interface SandboxRecord {

    /** Position in generation order; records created after start continue past the generated ones. */
    long index();

    String id();

    /** What ordering and If-Modified-Since compare: UpdatedDateUTC, or CreatedDateUTC where Xero has no other. */
    long updated();

    /** Left out of list GETs unless asked for: archived contacts and tracking categories, deleted bank transfers. */
    boolean hidden();

    /**
     * @param detailed whether to include what Xero leaves out of unpaged list GETs (an invoice's LineItems)
     */
    ObjectNode toJson(JsonNodeFactory json, boolean detailed);
}
