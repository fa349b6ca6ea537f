package com.xerosync.sync;

import com.xerosync.config.ExternalText;
import com.xerosync.store.SyncCursor;
import com.xerosync.store.Egress;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.xerosync.store.CopyRows;
import com.xerosync.store.SyncedTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one page of a Xero response: checks it, maps its records to rows, and writes the rows, their child rows,
 * the run's progress and the cursor that covers them in one transaction, so a crash at any moment loses nothing and
 * duplicates nothing.
 */
public final class PageWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PageWriter.class);

    /**
     * Xero's documents nest fewer than ten levels (a report's sections, rows, cells and attributes); anything much deeper
     * is refused while parsing, before a tree that deep reaches the writers and PostgreSQL's jsonb.
     */
    static final int MAX_NESTING = 64;

    /** Xero's money is decimal: keep every digit, in the columns and in {@code raw}. */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build())
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final SyncedTables store;
    private final Map<String, ApiTables> tables = new ConcurrentHashMap<>();
    /** Pages being committed, at most one per run: Camel's own pool, shut down when Camel stops. */
    private volatile ExecutorService writers;

    public PageWriter(SyncedTables store) {
        this.store = store;
    }

    /** Camel entry point: the body is Xero's HTTP response for the run's current page. */
    public void write(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = message.getBody(byte[].class);
        String what = run.endpoint() + " of " + run + " (page " + run.page() + ")";
        if (status == 404 && run.parentId() != null) {
            // the parent was deleted in Xero after its table was synced: its records are no longer listed (a full
            // reload marks them deleted) and the run goes on with the next parent
            LOG.info("{} · {} answered 404: {} {} is no longer in Xero, on to the next", run, run.endpoint(),
                    run.api().parent().field(), ExternalText.printable(run.parentId()));
            run.parentGone();
            message.setBody(null);
            return;
        }
        if (status != 200) {
            throw XeroApiException.of(status, body == null ? "" : new String(body, StandardCharsets.UTF_8), what);
        }
        JsonNode root = parse(run.api(), body, message.getHeader(Exchange.CONTENT_TYPE, String.class), what);
        store(run, root, what, writers(exchange.getContext()));
        message.setBody(null);
    }

    static JsonNode parse(SyncApi api, byte[] body, String contentType, String what) {
        if (body == null || body.length == 0) {
            throw new BadRecordException("Xero answered an empty body for " + what);
        }
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw new BadRecordException("Xero answered " + (contentType == null ? "without a content type" : contentType)
                    + " instead of JSON for " + what + ": " + snippet(body));
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new BadRecordException("Xero answered JSON beyond what a Xero document holds for " + what + " ("
                    + e.getOriginalMessage() + where(e) + "); nothing of this page was stored", e);
        } catch (JsonProcessingException e) {
            throw new BadRecordException("Xero answered malformed JSON for " + what + " (" + e.getOriginalMessage()
                    + where(e) + "); nothing of this page was stored", e);
        } catch (IOException e) {
            throw new BadRecordException("Cannot read Xero's answer for " + what + ": " + e.getMessage(), e);
        }
        JsonNode items = root == null ? null : root.get(api.collection());
        if (items == null || !items.isArray()) {
            throw new BadRecordException("Xero's answer for " + what + " has no \"" + api.collection() + "\" array: "
                    + snippet(body));
        }
        return root;
    }

    /** Where in the answer the parser stopped, when it knows. */
    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }

    private ExecutorService writers(CamelContext camel) {
        ExecutorService pool = writers;
        if (pool == null) {
            synchronized (this) {
                if (writers == null) {
                    writers = camel.getExecutorServiceManager().newCachedThreadPool(this, "xero-page-writer");
                }
                pool = writers;
            }
        }
        return pool;
    }

    private void store(SyncRun run, JsonNode root, String what, ExecutorService writers) throws SQLException {
        SyncApi api = run.api();
        JsonNode items = root.get(api.collection());
        JsonNode pagination = root.path("pagination");
        Integer pageCount = pagination.path("pageCount").isIntegralNumber() ? pagination.get("pageCount").intValue() : null;
        if (pagination.path("itemCount").isIntegralNumber()) {
            run.expectRecords(pagination.get("itemCount").intValue());
        }
        ApiTables tables = tables(api);
        // where the listing is among the parents, before the page moves it on
        String position = run.parentPosition();
        MappedPage page = map(run, tables, items, what);
        // the previous page must be stored before this one moves the run on (and its failure is the run's)
        run.awaitWrite();
        Map<String, Object[]> rows = page.rows();
        boolean fetchedById = run.call() != null;
        if (run.reloadsAll() && !fetchedById) {
            run.seenIds().addAll(rows.keySet());
        }
        if (!fetchedById) {
            run.checkListing(rows.keySet(), page.count(), page.fresh());
        }
        SyncCursor cursor = null;
        if (fetchedById) {
            run.callStored(rows.size());
        } else if (api.detail()) {
            // the listing only names the records: each is fetched and stored by id next
            run.queueDetails(rows.keySet());
            run.pageStored(new SyncRun.Page(page.count(), 0, page.maxVersion(), page.idsAtMax(), pageCount,
                    page.maxPosition()));
            rows.clear();
        } else {
            cursor = run.pageStored(new SyncRun.Page(page.count(), page.fresh(), page.maxVersion(), page.idsAtMax(),
                    pageCount, page.maxPosition()));
        }
        // the rows and the cursor covering them commit together in the background while the route fetches the next
        // page; the run waits for this write before it writes the next page or ends
        // everything but the database is done here, so the writing thread only sends bytes
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        rows.forEach((id, row) -> encoded.put(id, CopyRows.encode(row)));
        List<Map<String, SyncedTables.ChildLines>> children = new ArrayList<>();
        for (ApiTables.ChildTable child : tables.children) {
            children.add(mapChildren(run.tenantId(), child, rows.keySet(), page.records()));
        }
        Egress egressAdded = run.egressToRecord();
        SyncedTables.Page write = new SyncedTables.Page(api.name(), run.tenantId(), run.runId(), encoded, children,
                cursor, run.records(), run.pages(), run.egress(), egressAdded);
        String runName = run.toString();
        Integer expected = run.expectedRecords();
        String stored = fetchedById ? null : String.format("page %d: %d records %s (%d so far%s%s)", run.pages(), page.count(),
                api.detail() ? "listed, fetching each" : "stored", run.records(), expected == null ? "" : " of ~" + expected,
                position.isEmpty() ? "" : ", " + position);
        run.writing(writers.submit(() -> {
            store.write(tables.statements, write);
            run.egressRecorded(egressAdded);
            if (stored != null) {
                LOG.info("{} · {}", runName, stored);
            } else {
                LOG.debug("{} · {} {} stored", runName, api.idField(), rows.keySet());
            }
            return null;
        }));
    }

    /**
     * A page mapped to rows, before anything is written: a bad record rejects the whole page.
     *
     * @param rows    the rows by record id, in the page's order (a record listed twice: the later copy)
     * @param records the records by id, for their child collections
     */
    private record MappedPage(Map<String, Object[]> rows, Map<String, JsonNode> records, int count, int fresh,
                              Instant maxVersion, Set<String> idsAtMax, Long maxPosition) {
    }

    private static MappedPage map(SyncRun run, ApiTables tables, JsonNode items, String what) {
        SyncApi api = run.api();
        Map<String, Object[]> rows = new LinkedHashMap<>();
        Map<String, JsonNode> records = new HashMap<>();
        Instant maxVersion = null;
        Set<String> idsAtMax = new HashSet<>();
        Long maxPosition = null;
        int fresh = 0;
        int position = 0;
        for (JsonNode record : items) {
            position++;
            if (!record.isObject()) {
                throw new BadRecordException("Record " + position + " of " + what + " is not a JSON object");
            }
            Object[] row;
            try {
                row = tables.mapper.map(record, Map.of(RecordMapper.TENANT, run.tenantId()));
            } catch (BadRecordException e) {
                throw new BadRecordException("Record " + position + " (" + api.idField() + " "
                        + record.path(api.idField()).asText("?") + ") of " + what + ": " + e.getMessage(), e);
            }
            Object id = row[tables.idIndex];
            if (id == null || id.toString().isBlank()) {
                throw new BadRecordException("Record " + position + " of " + what + " has no " + api.idField()
                        + "; nothing of this page was stored");
            }
            Instant version = tables.versionIndex < 0 || row[tables.versionIndex] == null ? null
                    : ((OffsetDateTime) row[tables.versionIndex]).toInstant();
            if (version != null) {
                // across pages the cursor relies on the order; an unpaged answer is whole, its cursor is its newest
                // version whatever the order (BankTransfers' CreatedDateUTC is not what Xero's listing is ordered by)
                if (api.incremental() && api.paging() != SyncApi.Paging.NONE && maxVersion != null
                        && version.isBefore(maxVersion)) {
                    throw new BadRecordException("Xero returned " + what + " out of " + api.versionField()
                            + " order; the cursor cannot move safely, so nothing of this page was stored");
                }
                if (maxVersion == null || version.isAfter(maxVersion)) {
                    idsAtMax.clear();
                    maxVersion = version;
                }
                if (version.equals(maxVersion)) {
                    idsAtMax.add(id.toString());
                }
            }
            if (!run.readAgain(id.toString(), version)) {
                fresh++;
            }
            if (api.paging() == SyncApi.Paging.OFFSET) {
                JsonNode offsetValue = record.get(api.offsetField());
                if (offsetValue == null || !offsetValue.isIntegralNumber() || !offsetValue.canConvertToLong()) {
                    throw new BadRecordException("Record " + position + " of " + what + " has no numeric "
                            + api.offsetField() + "; the offset cannot move safely, so nothing of this page was stored");
                }
                maxPosition = maxPosition == null ? offsetValue.longValue() : Math.max(maxPosition, offsetValue.longValue());
            }
            // the same record twice in one page: the later copy wins, as it would across pages
            rows.remove(id.toString());
            rows.put(id.toString(), row);
            records.put(id.toString(), record);
        }
        return new MappedPage(rows, records, position, fresh, maxVersion, idsAtMax, maxPosition);
    }

    /**
     * Camel step after the last page of a full reload: rows of the organisation that Xero no longer listed are marked
     * {@code is_deleted} (kept, not removed). Incremental and skipped runs leave the table alone.
     */
    public void reconcile(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        run.awaitWrite();
        if (!run.reloadsAll() || run.skipped() != null) {
            return;
        }
        ApiTables tables = tables(run.api());
        int marked = store.reconcile(tables.statements, run.api().name(), run.tenantId(), run.seenIds(),
                run.periodicFullReload() ? run.startedAt() : null);
        if (marked > 0) {
            LOG.info("{} · {} record(s) no longer in Xero, marked is_deleted", run, marked);
        }
    }

    /** The child rows of every parent whose record carries the child collection (absent: keep what is stored). */
    private static Map<String, SyncedTables.ChildLines> mapChildren(String tenantId, ApiTables.ChildTable child, Set<String> parentIds,
                                                       Map<String, JsonNode> records) {
        Map<String, SyncedTables.ChildLines> lines = new HashMap<>();
        String parentColumn = child.parentKey().get(child.parentKey().size() - 1);
        for (String parentId : parentIds) {
            JsonNode items = records.get(parentId).get(child.child().field());
            if (items == null || !items.isArray()) {
                // a listing without the collection (e.g. an unpaged Invoices GET): keep what is stored
                continue;
            }
            List<byte[]> rows = new ArrayList<>(items.size());
            BadRecordException error = null;
            int line = 0;
            for (JsonNode item : items) {
                line++;
                Map<String, Object> fixed = new HashMap<>();
                fixed.put(parentColumn, parentId);
                fixed.put(RecordMapper.TENANT, tenantId);
                fixed.put(RecordMapper.LINE_NUMBER, line);
                try {
                    rows.add(CopyRows.encode(child.mapper().map(item, fixed)));
                } catch (BadRecordException e) {
                    error = new BadRecordException(child.child().field() + " line " + line + " of " + parentId + ": "
                            + e.getMessage(), e);
                    break;
                }
            }
            lines.put(parentId, new SyncedTables.ChildLines(error == null ? rows : List.of(), error));
        }
        return lines;
    }

    /**
     * Checks at start-up that an API's tables exist with the keys and columns its route names, so a half-added API
     * fails the start with a message instead of failing every run.
     */
    public void check(SyncApi api) throws SQLException {
        tables(api);
    }

    private ApiTables tables(SyncApi api) throws SQLException {
        ApiTables cached = tables.get(api.name());
        if (cached != null) {
            return cached;
        }
        ApiTables loaded = ApiTables.load(store, api);
        tables.put(api.name(), loaded);
        return loaded;
    }

    private static String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return body.length > 300 ? text + "…" : text;
    }
}
