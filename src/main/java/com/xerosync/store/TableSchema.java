package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A table of schema {@code xero} as its migration created it: the columns with their SQL types and the primary key.
 * The mapping of Xero records to rows is driven by this, so a migration alone decides what is stored.
 */
public record TableSchema(String table, Map<String, ColumnType> columns, List<String> primaryKey) {

    /** The SQL types the mapper converts Xero values to. */
    public enum ColumnType { TEXT, NUMERIC, INTEGER, BIGINT, BOOLEAN, DATE, TIMESTAMPTZ, JSONB }

    public static TableSchema read(Connection connection, String table) throws SQLException {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT column_name, data_type FROM information_schema.columns "
                        + "WHERE table_schema = 'xero' AND table_name = ? ORDER BY ordinal_position")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), type(table, rs.getString(1), rs.getString(2)));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("Table xero." + table + " does not exist: add a migration under "
                    + "src/main/resources/db/migration that creates it");
        }
        List<String> primaryKey = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT a.attname FROM pg_index i "
                        + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
                        + "WHERE i.indrelid = ('xero.' || quote_ident(?))::regclass AND i.indisprimary "
                        + "ORDER BY array_position(i.indkey, a.attnum)")) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    primaryKey.add(rs.getString(1));
                }
            }
        }
        if (primaryKey.isEmpty() || !primaryKey.get(0).equals("tenant_id")) {
            throw new IllegalStateException("Table xero." + table + " needs a primary key starting with tenant_id, has "
                    + primaryKey);
        }
        return new TableSchema(table, Map.copyOf(columns), List.copyOf(primaryKey));
    }

    /** Columns in a stable order: the primary key first. */
    public List<String> orderedColumns() {
        List<String> ordered = new ArrayList<>(primaryKey);
        columns.keySet().stream().filter(c -> !primaryKey.contains(c)).sorted().forEach(ordered::add);
        return ordered;
    }

    public String keyList() {
        return String.join(", ", primaryKey);
    }

    public String describe() {
        return "xero." + table + columns.keySet().stream().collect(Collectors.joining(", ", "(", ")"));
    }

    private static ColumnType type(String table, String column, String dataType) {
        return switch (dataType) {
            case "text", "character varying", "character" -> ColumnType.TEXT;
            case "numeric", "double precision", "real" -> ColumnType.NUMERIC;
            case "integer", "smallint" -> ColumnType.INTEGER;
            case "bigint" -> ColumnType.BIGINT;
            case "boolean" -> ColumnType.BOOLEAN;
            case "date" -> ColumnType.DATE;
            case "timestamp with time zone" -> ColumnType.TIMESTAMPTZ;
            case "jsonb", "json" -> ColumnType.JSONB;
            default -> throw new IllegalStateException("Column xero." + table + "." + column + " has type " + dataType
                    + ", which the sync cannot fill; use text, numeric, integer, bigint, boolean, date, timestamptz or jsonb");
        };
    }
}
