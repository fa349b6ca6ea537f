package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The synced tables of schema {@code xero}: one API's parent table and its child tables, written a page at a time.
 * A page's rows, their child rows, the run's progress and the cursor that covers them commit in one transaction, so
 * a crash at any moment loses nothing and duplicates nothing; an older version of a record never overwrites a newer
 * one.
 */
public final class SyncedTables {

    /**
     * The statements that write one API's tables, made once from their schemas.
     *
     * @param keyedByTenant a settings table holding one row per organisation (keyed by tenant_id alone)
     * @param markDeletedSql marks the rows a full reload no longer saw; null when the table keeps no is_deleted
     */
    public record Tables(String table, boolean keyedByTenant, String storedIdsSql, String copySql, boolean syncedAt,
                         String createStageSql, String copyToStageSql, String upsertSql, String markDeletedSql,
                         List<ChildTable> children) {

        /**
         * @param columns       the columns a row fills, in the order of the encoded rows
         * @param idColumn      the record's id column, or tenant_id for a settings table
         * @param versionColumn the column telling which version is newer, or null
         */
        public static Tables of(TableSchema parent, List<String> columns, String idColumn, String versionColumn,
                                List<ChildTable> children) {
            boolean keyedByTenant = idColumn.equals(UpsertSql.TENANT);
            String markDeleted = parent.columns().containsKey(UpsertSql.IS_DELETED) && !keyedByTenant
                    ? UpsertSql.markDeleted(parent, idColumn) : null;
            return new Tables(parent.table(), keyedByTenant, UpsertSql.storedIds(parent, idColumn),
                    UpsertSql.copy(parent, columns), parent.columns().containsKey(UpsertSql.SYNCED_AT),
                    UpsertSql.createStage(parent, columns), UpsertSql.copyToStage(parent, columns),
                    UpsertSql.upsertFromStage(parent, columns, versionColumn, idColumn), markDeleted, List.copyOf(children));
        }
    }

    /** A child collection's table: keyed by the parent's key plus {@code line_number}, its rows replaced whole. */
    public record ChildTable(String table, List<String> parentKey, String copySql, String deleteSql, boolean syncedAt) {

        public static ChildTable of(TableSchema schema, List<String> columns, List<String> parentKey) {
            return new ChildTable(schema.table(), List.copyOf(parentKey), UpsertSql.copy(schema, columns),
                    UpsertSql.deleteChildren(schema, parentKey), schema.columns().containsKey(UpsertSql.SYNCED_AT));
        }
    }

    /**
     * A parent's child rows, encoded for COPY; or the bad line that rejects them, thrown only if the parent is written
     * (an older copy of a record, which the version guard skips, has its lines ignored).
     */
    public record ChildLines(List<byte[]> rows, RuntimeException error) {
    }

    /**
     * One page as its transaction writes it.
     *
     * @param rows     the parents' rows encoded for COPY, by record id in the page's order
     * @param children per child table (in {@link Tables#children()}'s order), the lines of each parent that carries the
     *                 collection (a parent without it keeps what is stored)
     * @param cursor   the cursor that covers these rows, or null when the page moves none
     */
    public record Page(String api, String tenantId, long runId, Map<String, byte[]> rows,
                       List<Map<String, ChildLines>> children, SyncCursor cursor, int stored, int pages, Egress egress,
                       Egress egressAdded) {
    }

    private final SyncStore runs;

    /** @param runs the runs' and cursors' tables, saved in the same transaction as the rows */
    public SyncedTables(SyncStore runs) {
        this.runs = runs;
    }

    /** The schema of a synced table, read from the database. */
    public TableSchema schema(String table) throws SQLException {
        try (Connection c = runs.dataSource().getConnection()) {
            return TableSchema.read(c, table);
        }
    }

    /**
     * The values of a column of an organisation's rows still in Xero (not marked deleted), in their order: the parents
     * a collection per parent is listed for.
     *
     * @param table  a synced table, as {@link #schema} names it
     * @param column one of its columns (from its schema, never from outside)
     */
    public List<String> liveIds(String table, String column, String tenantId) throws SQLException {
        TableSchema schema = schema(table);
        if (!schema.columns().containsKey(column)) {
            throw new IllegalArgumentException(schema.describe() + " has no column " + column);
        }
        String live = schema.columns().containsKey(UpsertSql.IS_DELETED) ? " AND NOT " + UpsertSql.IS_DELETED : "";
        return Rows.list(runs.dataSource(), "SELECT \"" + column + "\" FROM xero.\"" + table + "\" WHERE tenant_id = ?"
                + live + " ORDER BY 1", rs -> rs.getString(1), tenantId);
    }

    /** One transaction: the rows, their child rows, the run's progress and the cursor that covers them. */
    public void write(Tables tables, Page page) throws SQLException {
        try (Connection c = runs.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                Written written = upsert(c, tables, page.tenantId(), page.rows());
                for (int i = 0; i < page.children().size(); i++) {
                    replaceChildren(c, page.tenantId(), tables.children().get(i), written, page.children().get(i));
                }
                if (page.cursor() != null) {
                    runs.saveCursor(c, page.tenantId(), page.api(), page.cursor());
                }
                runs.progress(c, page.runId(), page.tenantId(), page.stored(), page.pages(), page.egress(),
                        page.egressAdded());
                c.commit();
            } catch (SQLException | RuntimeException e) {
                SyncStore.rollback(c, e);
                throw e;
            }
        }
    }

    /**
     * After the last page of a full reload, in one transaction: the organisation's rows Xero no longer listed are
     * marked {@code is_deleted} (kept, not removed), and a periodic full reload is recorded as done.
     *
     * @param fullReloadStartedAt when a periodic full reload began (the next is due an interval after it), or null
     * @return how many rows were marked
     */
    public int reconcile(Tables tables, String api, String tenantId, Collection<String> seenIds,
                         Instant fullReloadStartedAt) throws SQLException {
        if (tables.markDeletedSql() == null && fullReloadStartedAt == null) {
            return 0;
        }
        try (Connection c = runs.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try {
                int marked = 0;
                if (tables.markDeletedSql() != null) {
                    try (PreparedStatement s = c.prepareStatement(tables.markDeletedSql())) {
                        s.setString(1, tenantId);
                        s.setArray(2, c.createArrayOf("text", seenIds.toArray()));
                        marked = s.executeUpdate();
                    }
                }
                if (fullReloadStartedAt != null) {
                    runs.fullReloadDone(c, tenantId, api, fullReloadStartedAt);
                }
                c.commit();
                return marked;
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
    private static Written upsert(Connection c, Tables tables, String tenantId, Map<String, byte[]> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return new Written(List.of(), Set.of());
        }
        Set<String> stored = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(tables.storedIdsSql())) {
            s.setString(1, tenantId);
            if (!tables.keyedByTenant()) {
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
                s.execute(tables.createStageSql());
            }
            CopyRows.copy(c, tables.copyToStageSql(), known, null);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(tables.upsertSql())) {
                while (rs.next()) {
                    updated.add(rs.getString(1));
                }
            }
        }
        Set<String> inserted = new HashSet<>();
        if (!fresh.isEmpty()) {
            CopyRows.copy(c, tables.copySql(), fresh, tables.syncedAt() ? now(c) : null);
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

    /** Replaces the child rows of every written parent whose record carries the child collection. */
    private static void replaceChildren(Connection c, String tenantId, ChildTable child, Written written,
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
            CopyRows.copy(c, child.copySql(), rows, child.syncedAt() ? now(c) : null);
        }
    }

    /** The transaction's {@code now()}, in COPY text form: what {@code synced_at} gets from a statement. */
    private static String now(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT now()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
