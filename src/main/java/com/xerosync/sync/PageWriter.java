package com.xerosync.sync;

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
import com.xerosync.store.SyncStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final SyncStore store;
    private final Map<String, ApiTables> tables = new ConcurrentHashMap<>();
    /** Pages being committed, at most one per run; daemon threads, idle ones end after a minute. */
    private final ExecutorService writers = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "xero-page-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    public PageWriter(SyncStore store) {
        this.store = store;
    }

    /** Camel entry point: the body is Xero's HTTP response for the run's current page. */
    public void write(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        byte[] body = message.getBody(byte[].class);
        String what = run.api().endpoint() + " of " + run + " (page " + run.page() + ")";
        if (status != 200) {
            throw XeroApiException.of(status, body == null ? "" : new String(body, StandardCharsets.UTF_8), what);
        }
        JsonNode root = parse(run.api(), body, message.getHeader(Exchange.CONTENT_TYPE, String.class), what);
        store(run, root, what);
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

    private void store(SyncRun run, JsonNode root, String what) throws SQLException {
        SyncApi api = run.api();
        JsonNode items = root.get(api.collection());
        JsonNode pagination = root.path("pagination");
        Integer pageCount = pagination.path("pageCount").isIntegralNumber() ? pagination.get("pageCount").intValue() : null;
        if (pagination.path("itemCount").isIntegralNumber()) {
            run.expectRecords(pagination.get("itemCount").intValue());
        }
        ApiTables tables = tables(api);
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
        List<Map<String, ChildLines>> children = new ArrayList<>();
        for (ApiTables.ChildTable child : tables.children) {
            children.add(mapChildren(run.tenantId(), child, rows.keySet(), page.records()));
        }
        Egress egressAdded = run.egressToRecord();
        PageWrite write = new PageWrite(run.toString(), run.tenantId(), run.runId(), tables, encoded, children, cursor,
                run.records(), run.pages(), run.egress(), egressAdded);
        Integer expected = run.expectedRecords();
        String stored = fetchedById ? null : String.format("page %d: %d records %s (%d so far%s)", run.pages(), page.count(),
                api.detail() ? "listed, fetching each" : "stored", run.records(), expected == null ? "" : " of ~" + expected);
        run.writing(writers.submit(() -> {
            write(write);
            run.egressRecorded(egressAdded);
            if (stored != null) {
                LOG.info("{} · {}", write.run(), stored);
            } else {
                LOG.debug("{} · {} {} stored", write.run(), api.idField(), rows.keySet());
            }
            return null;
        }));
    }

    /** What one page's transaction writes, taken from the run when the page was read. */
    private record PageWrite(String run, String tenantId, long runId, ApiTables tables, Map<String, byte[]> rows,
                             List<Map<String, ChildLines>> children, SyncCursor cursor, int stored, int pages,
                             Egress egress, Egress egressAdded) {
    }

    /** One transaction: the rows, their child rows, the run's progress and the cursor that covers them. */
    private void write(PageWrite write) throws SQLException {
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Written written = upsert(c, write.tables(), write.tenantId(), write.rows());
                for (int i = 0; i < write.children().size(); i++) {
                    replaceChildren(c, write.tenantId(), write.tables().children.get(i), written, write.children().get(i));
                }
                if (write.cursor() != null) {
                    store.saveCursor(c, write.tenantId(), write.tables().api.name(), write.cursor());
                }
                store.progress(c, write.runId(), write.tenantId(), write.stored(), write.pages(), write.egress(),
                        write.egressAdded());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                SyncStore.rollback(c, e);
                throw e;
            }
        }
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
        if (tables.markDeletedSql == null && !run.periodicFullReload()) {
            return;
        }
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                if (tables.markDeletedSql != null) {
                    try (PreparedStatement s = c.prepareStatement(tables.markDeletedSql)) {
                        s.setString(1, run.tenantId());
                        s.setArray(2, c.createArrayOf("text", run.seenIds().toArray()));
                        int marked = s.executeUpdate();
                        if (marked > 0) {
                            LOG.info("{} · {} record(s) no longer in Xero, marked is_deleted", run, marked);
                        }
                    }
                }
                // the next full reload is due an interval after this one started
                if (run.periodicFullReload()) {
                    store.fullReloadDone(c, run.tenantId(), run.api().name(), run.startedAt());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                SyncStore.rollback(c, e);
                throw e;
            }
        }
    }

    /**
     * The page's parents as written: the ids written (inserted, or updated because not older than what was stored), in
     * page order, and those of them that were not stored before (they have no child rows to delete).
     */
    private record Written(List<String> ids, Set<String> inserted) {
    }

    /**
     * Writes the rows. Those of records not stored yet are COPYed straight into the table; the others are COPYed into
     * the session's staging table and upserted from it with one {@code INSERT … SELECT … ON CONFLICT … DO UPDATE}
     * guarded by the version, which returns the ids it wrote. The run's API has one writer at a time, so a record found
     * missing cannot appear before the COPY; if one did, the COPY would fail on the key and the page be rolled back.
     */
    private static Written upsert(Connection c, ApiTables tables, String tenantId, Map<String, byte[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return new Written(List.of(), Set.of());
        }
        Set<String> stored = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(tables.storedIdsSql)) {
            s.setString(1, tenantId);
            if (!tables.idColumn.equals(RecordMapper.TENANT)) {
                s.setArray(2, c.createArrayOf("text", rows.keySet().toArray()));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        List<byte[]> fresh = new ArrayList<>(rows.size() - stored.size());
        List<byte[]> known = new ArrayList<>(stored.size());
        for (Map.Entry<String, byte[]> row : rows.entrySet()) {
            (stored.contains(row.getKey()) ? known : fresh).add(row.getValue());
        }
        Set<String> updated = new HashSet<>();
        if (!known.isEmpty()) {
            try (Statement s = c.createStatement()) {
                s.execute(tables.createStageSql);
            }
            CopyRows.copy(c, tables.copyToStageSql, known, null);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(tables.upsertSql)) {
                while (rs.next()) {
                    updated.add(rs.getString(1));
                }
            }
        }
        Set<String> inserted = new HashSet<>();
        if (!fresh.isEmpty()) {
            CopyRows.copy(c, tables.copySql, fresh, tables.parent.columns().containsKey(RecordMapper.SYNCED_AT) ? now(c) : null);
            for (String id : rows.keySet()) {
                if (!stored.contains(id)) {
                    inserted.add(id);
                }
            }
        }
        List<String> ids = new ArrayList<>(updated.size() + inserted.size());
        for (String id : rows.keySet()) {
            if (updated.contains(id) || inserted.contains(id)) {
                ids.add(id);
            }
        }
        return new Written(ids, inserted);
    }

    /**
     * A parent's child rows, encoded for COPY; or the bad line that rejects them, thrown only if the parent is written
     * (an older copy of a record, which the version guard skips, has its lines ignored as before).
     */
    private record ChildLines(List<byte[]> rows, BadRecordException error) {
    }

    /** The child rows of every parent whose record carries the child collection (absent: keep what is stored). */
    private static Map<String, ChildLines> mapChildren(String tenantId, ApiTables.ChildTable child, Set<String> parentIds,
                                                       Map<String, JsonNode> records) {
        Map<String, ChildLines> lines = new HashMap<>();
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
            lines.put(parentId, new ChildLines(error == null ? rows : List.of(), error));
        }
        return lines;
    }

    /** Replaces the child rows of every written parent whose record carries the child collection. */
    private static void replaceChildren(Connection c, String tenantId, ApiTables.ChildTable child, Written written,
                                        Map<String, ChildLines> lines) throws SQLException {
        List<String> replaced = new ArrayList<>();
        List<byte[]> rows = new ArrayList<>();
        for (String parentId : written.ids()) {
            ChildLines parentLines = lines.get(parentId);
            if (parentLines == null) {
                continue;
            }
            if (parentLines.error() != null) {
                throw parentLines.error();
            }
            if (!written.inserted().contains(parentId)) {
                replaced.add(parentId);
            }
            rows.addAll(parentLines.rows());
        }
        if (!replaced.isEmpty()) {
            try (PreparedStatement delete = c.prepareStatement(child.deleteSql())) {
                delete.setString(1, tenantId);
                if (child.parentKey().size() > 1) {
                    delete.setArray(2, c.createArrayOf("text", replaced.toArray()));
                }
                delete.executeUpdate();
            }
        }
        if (!rows.isEmpty()) {
            CopyRows.copy(c, child.copySql(), rows, child.schema().columns().containsKey(RecordMapper.SYNCED_AT)
                    ? now(c) : null);
        }
    }

    /** The transaction's {@code now()}, in COPY text form: what {@code synced_at} gets from a statement. */
    private static String now(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT now()::text")) {
            rs.next();
            return rs.getString(1);
        }
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
        try (Connection c = store.dataSource().getConnection()) {
            ApiTables loaded = ApiTables.load(c, api);
            tables.put(api.name(), loaded);
            return loaded;
        }
    }

    private static String snippet(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return body.length > 300 ? text + "…" : text;
    }
}
