package com.xerosync.sync;

import com.xerosync.store.SyncedTables;
import com.xerosync.store.TableSchema;
import com.xerosync.store.UpsertSql;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tables one API writes, read from the database once: the parent table and one table per child collection, with
 * the mappers that turn Xero's records into their rows and the statements ({@link SyncedTables.Tables}) that write
 * them.
 */
final class ApiTables {

    /** A child collection's table: keyed by the parent's key plus {@code line_number}. */
    record ChildTable(SyncApi.Child child, TableSchema schema, RecordMapper mapper, List<String> parentKey) {
    }

    final SyncApi api;
    final TableSchema parent;
    final RecordMapper mapper;
    /** The statements writing the parent and child tables, in {@link #children}' order. */
    final SyncedTables.Tables statements;
    /** Positions of the id and version columns in the mapper's rows (version: -1 when the API has none). */
    final int idIndex;
    final int versionIndex;
    final List<ChildTable> children;

    private ApiTables(SyncApi api, TableSchema parent, RecordMapper mapper, String idColumn, String versionColumn,
                      List<ChildTable> children) {
        this.api = api;
        this.parent = parent;
        this.mapper = mapper;
        this.statements = SyncedTables.Tables.of(parent, mapper.columns(), idColumn, versionColumn, children.stream()
                .map(c -> SyncedTables.ChildTable.of(c.schema(), c.mapper().columns(), c.parentKey())).toList());
        this.idIndex = mapper.columns().indexOf(idColumn);
        this.versionIndex = versionColumn == null ? -1 : mapper.columns().indexOf(versionColumn);
        this.children = children;
    }

    static ApiTables load(SyncedTables tables, SyncApi api) throws SQLException {
        if (api.parent() != null) {
            // a collection per parent needs its parents' table, with a column for the field it is listed by
            parentColumn(tables, api);
        }
        TableSchema parent = tables.schema(api.table());
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
            TableSchema schema = tables.schema(child.table());
            List<String> expectedKey = new ArrayList<>(parentKey);
            expectedKey.add(RecordMapper.LINE_NUMBER);
            if (!schema.primaryKey().equals(expectedKey)) {
                throw new IllegalStateException("Child table xero." + child.table() + " must have the primary key "
                        + expectedKey + " (its parent's key plus line_number), has " + schema.primaryKey());
            }
            List<String> childColumns = writableColumns(schema);
            children.add(new ChildTable(child, schema, new RecordMapper(schema, childColumns,
                    api.columnPaths(child.table())), parentKey));
        }
        return new ApiTables(api, parent, mapper, idColumn, versionColumn, List.copyOf(children));
    }

    /** For a collection per parent: the column of the parents' table holding the field the endpoint takes. */
    static String parentColumn(SyncedTables tables, SyncApi api) throws SQLException {
        TableSchema parents = tables.schema(api.parent().table());
        String normalized = RecordMapper.normalize(api.parent().field());
        return parents.columns().keySet().stream()
                .filter(c -> RecordMapper.normalize(c).equals(normalized))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("API " + api.name() + " is listed per record of "
                        + parents.describe() + ", which has no column for " + api.parent().field()));
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
