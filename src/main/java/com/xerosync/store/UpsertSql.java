package com.xerosync.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The statements that write records, built only from identifiers of a {@link TableSchema} read from the database
 * (never from data): every value is a parameter or COPY data.
 */
public final class UpsertSql {

    /** Columns of tables whose records Xero deletes for good: set by a full reload, cleared when a record is back. */
    /** Every synced table's organisation column, the first of its key. */
    public static final String TENANT = "tenant_id";
    /** When a row was written, where a table keeps it. */
    public static final String SYNCED_AT = "synced_at";
    public static final String IS_DELETED = "is_deleted";
    public static final String DELETED_AT = "deleted_at";

    private UpsertSql() {
    }

    /** Marks the rows of a tenant whose ids a full reload did not return (parameters: tenant, text[] of ids). */
    public static String markDeleted(TableSchema schema, String idColumn) {
        return "UPDATE xero." + schema.table() + " SET " + IS_DELETED + " = true, " + DELETED_AT + " = now() "
                + "WHERE tenant_id = ? AND NOT " + IS_DELETED + " AND NOT (" + idColumn + " = ANY (?))";
    }

    /**
     * The session's staging table for a page of {@code columns} of a table: temporary, emptied at every commit, created
     * by the first page a connection writes (later pages reuse it).
     */
    public static String createStage(TableSchema schema, List<String> columns) {
        return "CREATE TEMP TABLE IF NOT EXISTS " + stage(schema) + " ON COMMIT DELETE ROWS AS SELECT "
                + String.join(", ", columns) + " FROM xero." + schema.table() + " WITH NO DATA";
    }

    /** Loads a page's rows into the staging table, in text format (see {@link CopyRows}). */
    public static String copyToStage(TableSchema schema, List<String> columns) {
        return "COPY " + stage(schema) + " (" + String.join(", ", columns) + ") FROM STDIN";
    }

    /**
     * {@code INSERT … SELECT} the staged page {@code … ON CONFLICT (key) DO UPDATE … WHERE} the stored version is not
     * newer: replaying an old page can never overwrite what a newer one wrote. An API without a version column always
     * updates. Returns the ids of the rows written (inserted or updated, not those the version kept).
     */
    public static String upsertFromStage(TableSchema schema, List<String> columns, String versionColumn, String idColumn) {
        boolean syncedAt = schema.columns().containsKey("synced_at");
        StringBuilder sql = new StringBuilder("INSERT INTO xero.").append(schema.table()).append(" AS t (")
                .append(String.join(", ", columns)).append(syncedAt ? ", synced_at" : "")
                .append(") SELECT ").append(String.join(", ", columns)).append(syncedAt ? ", now()" : "")
                .append(" FROM ").append(stage(schema));
        sql.append(" ON CONFLICT (").append(schema.keyList()).append(") DO UPDATE SET ");
        sql.append(columns.stream().filter(c -> !schema.primaryKey().contains(c))
                .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", ")));
        if (syncedAt) {
            sql.append(", synced_at = now()");
        }
        if (schema.columns().containsKey(IS_DELETED)) {
            sql.append(", ").append(IS_DELETED).append(" = false, ").append(DELETED_AT).append(" = NULL");
        }
        if (versionColumn != null) {
            sql.append(" WHERE t.").append(versionColumn).append(" IS NULL OR EXCLUDED.").append(versionColumn)
                    .append(" IS NULL OR t.").append(versionColumn).append(" <= EXCLUDED.").append(versionColumn);
        }
        return sql.append(" RETURNING t.").append(idColumn).toString();
    }

    /**
     * The stored ids among some (parameters: tenant and, when the table has an id besides the tenant, a text[] of ids).
     */
    public static String storedIds(TableSchema schema, String idColumn) {
        String sql = "SELECT " + idColumn + " FROM xero." + schema.table() + " WHERE tenant_id = ?";
        return idColumn.equals("tenant_id") ? sql : sql + " AND " + idColumn + " = ANY (?)";
    }

    /**
     * Loads rows straight into their table, in text format: records not stored yet, and child rows (their parents' old
     * rows were deleted first). A table with {@code synced_at} gets it as the last column, from the caller (the
     * transaction's {@code now()}); {@code is_deleted} and {@code deleted_at} take their defaults.
     */
    public static String copy(TableSchema schema, List<String> columns) {
        return "COPY xero." + schema.table() + " (" + String.join(", ", columns)
                + (schema.columns().containsKey("synced_at") ? ", synced_at" : "") + ") FROM STDIN";
    }

    /**
     * Deletes the child rows of some parents: parameters tenant and, when the parent has an id besides the tenant, a
     * text[] of parent ids.
     */
    public static String deleteChildren(TableSchema child, List<String> parentKey) {
        String sql = "DELETE FROM xero." + child.table() + " WHERE " + parentKey.get(0) + " = ?";
        return parentKey.size() > 1 ? sql + " AND " + parentKey.get(parentKey.size() - 1) + " = ANY (?)" : sql;
    }

    private static String stage(TableSchema schema) {
        return "pg_temp.stage_" + schema.table();
    }
}
