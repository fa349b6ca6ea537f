package com.xerosync.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The statements that write records, built only from identifiers of a {@link TableSchema} read from the database
 * (never from data), with every value a parameter.
 */
public final class UpsertSql {

    /** Columns of tables whose records Xero deletes for good: set by a full reload, cleared when a record is back. */
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
     * {@code INSERT … ON CONFLICT (key) DO UPDATE … WHERE} the stored version is not newer: replaying an old page can
     * never overwrite what a newer one wrote. An API without a version column always updates.
     */
    public static String upsert(TableSchema schema, List<String> columns, String versionColumn) {
        StringBuilder sql = insertClause(schema, columns);
        sql.append(" ON CONFLICT (").append(schema.keyList()).append(") DO UPDATE SET ");
        sql.append(columns.stream().filter(c -> !schema.primaryKey().contains(c))
                .map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", ")));
        if (schema.columns().containsKey("synced_at")) {
            sql.append(", synced_at = now()");
        }
        if (schema.columns().containsKey(IS_DELETED)) {
            sql.append(", ").append(IS_DELETED).append(" = false, ").append(DELETED_AT).append(" = NULL");
        }
        if (versionColumn != null) {
            sql.append(" WHERE t.").append(versionColumn).append(" IS NULL OR EXCLUDED.").append(versionColumn)
                    .append(" IS NULL OR t.").append(versionColumn).append(" <= EXCLUDED.").append(versionColumn);
        }
        return sql.toString();
    }

    /** A plain insert, for child rows (their parent's old rows were deleted first). */
    public static String insert(TableSchema schema, List<String> columns) {
        return insertClause(schema, columns).toString();
    }

    /** Deletes the child rows of one parent. */
    public static String deleteChildren(TableSchema child, List<String> parentKey) {
        return "DELETE FROM xero." + child.table() + " WHERE "
                + parentKey.stream().map(c -> c + " = ?").collect(Collectors.joining(" AND "));
    }

    private static StringBuilder insertClause(TableSchema schema, List<String> columns) {
        StringBuilder sql = new StringBuilder("INSERT INTO xero.").append(schema.table()).append(" AS t (");
        sql.append(String.join(", ", columns));
        boolean syncedAt = schema.columns().containsKey("synced_at");
        if (syncedAt) {
            sql.append(", synced_at");
        }
        sql.append(") VALUES (");
        sql.append(columns.stream()
                .map(c -> schema.columns().get(c) == TableSchema.ColumnType.JSONB ? "?::jsonb" : "?")
                .collect(Collectors.joining(", ")));
        if (syncedAt) {
            sql.append(", now()");
        }
        return sql.append(")");
    }
}
