package com.xerosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.store.TableSchema;
import com.xerosync.store.TableSchema.ColumnType;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a Xero record (PascalCase JSON) into the values of a table row, by the table's own columns: a column takes the
 * top-level field of the same name ({@code InvoiceNumber} → {@code invoice_number}, {@code UpdatedDateUTC} →
 * {@code updated_date_utc}) or the nested field its API declares ({@code contact_id} ← {@code Contact.ContactID}),
 * converted to the column's type. {@code raw} takes the whole record. Fields without a column are kept in
 * {@code raw} only; columns without a field stay null.
 */
public final class RecordMapper {

    /** Columns the mapper never fills from the record: the caller sets them (keys, positions) or the SQL does. */
    public static final String TENANT = "tenant_id";
    public static final String RAW = "raw";
    public static final String SYNCED_AT = "synced_at";
    public static final String LINE_NUMBER = "line_number";

    private final TableSchema schema;
    private final List<String> columns;
    private final Map<String, String[]> paths = new HashMap<>();
    private final Map<String, Integer> indexByNormalizedName = new HashMap<>();
    /** Filled as fields are met; concurrent, as a page's child rows are mapped while the route reads the next page. */
    private final Map<String, Integer> indexByFieldName = new ConcurrentHashMap<>();

    /**
     * @param columns     the columns to fill, in statement order (without {@code synced_at})
     * @param columnPaths nested sources for some columns
     */
    public RecordMapper(TableSchema schema, List<String> columns, Map<String, String> columnPaths) {
        this.schema = schema;
        this.columns = List.copyOf(columns);
        columnPaths.forEach((column, path) -> {
            if (!schema.columns().containsKey(column)) {
                throw new IllegalStateException("columns names '" + column + "', which " + schema.describe() + " lacks");
            }
            paths.put(column, path.split("\\."));
        });
        for (int i = 0; i < this.columns.size(); i++) {
            String column = this.columns.get(i);
            if (!paths.containsKey(column)) {
                indexByNormalizedName.put(normalize(column), i);
            }
        }
    }

    /** {@code invoice_id} and {@code InvoiceID} both become {@code invoiceid}. */
    public static String normalize(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The row for a record; {@code fixed} gives the values of the columns the caller owns (tenant, parent key,
     * position).
     */
    public Object[] map(JsonNode record, Map<String, Object> fixed) {
        Object[] row = new Object[columns.size()];
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            Integer index = indexByFieldName.computeIfAbsent(field.getKey(),
                    name -> indexByNormalizedName.getOrDefault(normalize(name), -1));
            if (index >= 0) {
                String column = columns.get(index);
                row[index] = convert(field.getValue(), schema.columns().get(column), field.getKey());
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            String[] path = paths.get(column);
            if (path != null) {
                JsonNode node = record;
                for (String step : path) {
                    // a number steps into an array: Tracking.0.Option is the first tracking category's option
                    node = node == null ? null : node.isArray() && Character.isDigit(step.charAt(0))
                            ? node.get(Integer.parseInt(step)) : node.get(step);
                }
                row[i] = convert(node, schema.columns().get(column), String.join(".", path));
            }
            if (fixed.containsKey(column)) {
                row[i] = fixed.get(column);
            } else if (column.equals(RAW)) {
                row[i] = record.toString();
            }
        }
        return row;
    }

    /** Converts one JSON value to the JDBC value for a column type. */
    static Object convert(JsonNode value, ColumnType type, String field) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        try {
            return switch (type) {
                case TEXT -> value.isContainerNode() ? value.toString() : value.asText();
                case JSONB -> value.toString();
                case NUMERIC -> value.isNumber() ? value.decimalValue() : decimal(value.asText());
                case INTEGER -> value.canConvertToInt() && value.isIntegralNumber() ? value.intValue()
                        : Integer.valueOf(value.asText().trim());
                case BIGINT -> value.canConvertToLong() && value.isIntegralNumber() ? value.longValue()
                        : Long.valueOf(value.asText().trim());
                case BOOLEAN -> bool(value);
                case DATE -> value.isTextual() ? XeroDates.parseDate(value.asText()) : fail(value);
                case TIMESTAMPTZ -> value.isTextual() ? XeroDates.parse(value.asText()) : fail(value);
            };
        } catch (RuntimeException e) {
            String detail = e instanceof IllegalArgumentException && e.getMessage() != null
                    && !(e instanceof NumberFormatException) ? e.getMessage() : "not a valid " + type.name().toLowerCase(Locale.ROOT);
            throw new BadRecordException(field + ": " + detail + " (got " + abbreviate(value.toString()) + ")", e);
        }
    }

    private static BigDecimal decimal(String text) {
        return text.isBlank() ? null : new BigDecimal(text.trim());
    }

    private static Boolean bool(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asText().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> fail(value);
        };
    }

    private static <T> T fail(JsonNode value) {
        throw new IllegalArgumentException("unexpected value");
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    public List<String> columns() {
        return columns;
    }
}
