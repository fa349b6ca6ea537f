package com.xerosync.sync;

import com.xerosync.store.TableSchema;
import com.xerosync.store.UpsertSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tables one API writes, read from the database once, with their mappers and statements: the parent table and
 * one table per child collection.
 */
final class ApiTables {

    /** A child collection's table: keyed by the parent's key plus {@code line_number}. */
    record ChildTable(SyncApi.Child child, TableSchema schema, RecordMapper mapper, List<String> parentKey,
                      String copySql, String deleteSql) {
    }

    final SyncApi api;
    final TableSchema parent;
    final RecordMapper mapper;
    /** Which of a page's records are stored already: those go through the staging table, the others are COPYed in. */
    final String storedIdsSql;
    final String copySql;
    /** The stored records' new rows go through a staging table: created if missing, COPY into it, upsert from it. */
    final String createStageSql;
    final String copyToStageSql;
    final String upsertSql;
    final String idColumn;
    final String versionColumn;
    /** Positions of the id and version columns in the mapper's rows (version: -1 when the API has none). */
    final int idIndex;
    final int versionIndex;
    /** Marks the rows a full reload no longer saw; null when the table keeps no is_deleted. */
    final String markDeletedSql;
    final List<ChildTable> children;

    private ApiTables(SyncApi api, TableSchema parent, RecordMapper mapper, String idColumn, String versionColumn,
                      String markDeletedSql, List<ChildTable> children) {
        this.api = api;
        this.parent = parent;
        this.mapper = mapper;
        this.storedIdsSql = UpsertSql.storedIds(parent, idColumn);
        this.copySql = UpsertSql.copy(parent, mapper.columns());
        this.createStageSql = UpsertSql.createStage(parent, mapper.columns());
        this.copyToStageSql = UpsertSql.copyToStage(parent, mapper.columns());
        this.upsertSql = UpsertSql.upsertFromStage(parent, mapper.columns(), versionColumn, idColumn);
        this.idColumn = idColumn;
        this.versionColumn = versionColumn;
        this.idIndex = mapper.columns().indexOf(idColumn);
        this.versionIndex = versionColumn == null ? -1 : mapper.columns().indexOf(versionColumn);
        this.markDeletedSql = markDeletedSql;
        this.children = children;
    }

    static ApiTables load(Connection connection, SyncApi api) throws SQLException {
        TableSchema parent = TableSchema.read(connection, api.table());
        List<String> columns = writableColumns(parent);
        RecordMapper mapper = new RecordMapper(parent, columns, api.columnPaths(api.table()));
        String versionColumn = api.versionField().isEmpty() ? null : column(parent, api, api.versionField());
        // a settings object (one per organisation) is keyed by the tenant alone
        String idColumn = api.idField().isEmpty() ? RecordMapper.TENANT : column(parent, api, api.idField());
        List<String> parentKey = idColumn.equals(RecordMapper.TENANT) ? List.of(RecordMapper.TENANT)
                : List.of(RecordMapper.TENANT, idColumn);
        if (!parent.primaryKey().equals(parentKey)) {
            throw new IllegalStateException("Table xero." + api.table() + " must have the primary key " + parentKey
                    + ", has " + parent.primaryKey());
        }
        List<ChildTable> children = new ArrayList<>();
        for (SyncApi.Child child : api.children()) {
            TableSchema schema = TableSchema.read(connection, child.table());
            List<String> expectedKey = new ArrayList<>(parentKey);
            expectedKey.add(RecordMapper.LINE_NUMBER);
            if (!schema.primaryKey().equals(expectedKey)) {
                throw new IllegalStateException("Child table xero." + child.table() + " must have the primary key "
                        + expectedKey + " (its parent's key plus line_number), has " + schema.primaryKey());
            }
            List<String> childColumns = writableColumns(schema);
            children.add(new ChildTable(child, schema, new RecordMapper(schema, childColumns, api.columnPaths(child.table())), parentKey,
                    UpsertSql.copy(schema, childColumns), UpsertSql.deleteChildren(schema, parentKey)));
        }
        String markDeleted = parent.columns().containsKey(UpsertSql.IS_DELETED) && !idColumn.equals(RecordMapper.TENANT)
                ? UpsertSql.markDeleted(parent, idColumn) : null;
        return new ApiTables(api, parent, mapper, idColumn, versionColumn, markDeleted, List.copyOf(children));
    }

    /** The column a Xero field of the API lands in. */
    private static String column(TableSchema schema, SyncApi api, String field) {
        for (Map.Entry<String, String> path : api.columnPaths().entrySet()) {
            if (path.getValue().equals(field)) {
                return path.getKey();
            }
        }
        String normalized = RecordMapper.normalize(field);
        return schema.columns().keySet().stream()
                .filter(c -> RecordMapper.normalize(c).equals(normalized))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("API " + api.name() + " names field " + field
                        + ", but " + schema.describe() + " has no column for it"));
    }

    private static List<String> writableColumns(TableSchema schema) {
        List<String> columns = new ArrayList<>(schema.orderedColumns());
        columns.remove(RecordMapper.SYNCED_AT);
        columns.remove(UpsertSql.IS_DELETED);
        columns.remove(UpsertSql.DELETED_AT);
        return columns;
    }
}
