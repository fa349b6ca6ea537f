package com.xerosync.sync;

import com.xerosync.store.UpsertSql;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.store.TableSchema;
import com.xerosync.store.TableSchema.ColumnType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a Xero record (PascalCase JSON) into the values of a table row, by the table's own columns: a column takes the
 * top-level field of the same name ({@code InvoiceNumber} → {@code invoice_number}, {@code UpdatedDateUTC} →
 * {@code updated_date_utc}) or the nested field its API declares ({@code contact_id} ← {@code Contact.ContactID}),
 * converted to the column's type. {@code raw} takes the whole record. Fields without a column are kept in
 * {@code raw} only; columns without a field stay null.
 */
public final class RecordMapper {

    /** Columns the mapper never fills from the record: the caller sets them (keys, positions) or the SQL does. */
    public static final String TENANT = UpsertSql.TENANT;
    public static final String RAW = "raw";
    public static final String SYNCED_AT = UpsertSql.SYNCED_AT;
    public static final String LINE_NUMBER = "line_number";

    /**
     * PostgreSQL stores no U+0000 in text or jsonb: one in a record would fail its page on every later run. It is
     * stored as U+FFFD, the replacement character, and the record and fields are named in a warning.
     */
    static final char NUL = '\u0000';
    static final char REPLACEMENT = '\uFFFD';
    private static final String NUL_ESCAPED = "\\u0000";
    private static final Logger LOG = LoggerFactory.getLogger(RecordMapper.class);

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
        String raw = null;
        if (columns.contains(RAW)) {
            raw = record.toString();
            if (raw.contains(NUL_ESCAPED)) {
                List<String> fields = replaceNul(record, "", new ArrayList<>());
                LOG.warn("A record of {} ({}) carried U+0000, which PostgreSQL cannot store, in {}: stored as U+FFFD",
                        schema.table(), recordId(record), fields);
                raw = record.toString();
            }
        }
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
                row[i] = raw;
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
                case TEXT -> storable(value.isContainerNode() ? value.toString() : value.asText());
                case JSONB -> storableJson(value);
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

    private static String storable(String text) {
        return text.indexOf(NUL) >= 0 ? text.replace(NUL, REPLACEMENT) : text;
    }

    private static String storableJson(JsonNode value) {
        String json = value.toString();
        if (!json.contains(NUL_ESCAPED)) {
            return json;
        }
        JsonNode copy = value.deepCopy();
        replaceNul(copy, "", new ArrayList<>());
        return copy.toString();
    }

    /** Replaces U+0000 in every text value under {@code node} (field names too); returns the fields it changed. */
    static List<String> replaceNul(JsonNode node, String path, List<String> changed) {
        if (node instanceof ObjectNode object) {
            for (String name : fieldNames(object)) {
                JsonNode child = object.get(name);
                String at = path.isEmpty() ? name : path + "." + name;
                String storedName = storable(name);
                if (!storedName.equals(name)) {
                    object.remove(name);
                    object.set(storedName, child);
                    changed.add(storedName);
                }
                if (child.isTextual() && child.textValue().indexOf(NUL) >= 0) {
                    object.put(storedName, storable(child.textValue()));
                    changed.add(at);
                } else if (child.isContainerNode()) {
                    replaceNul(child, at, changed);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                if (child.isTextual() && child.textValue().indexOf(NUL) >= 0) {
                    array.set(i, array.textNode(storable(child.textValue())));
                    changed.add(path + "." + i);
                } else if (child.isContainerNode()) {
                    replaceNul(child, path + "." + i, changed);
                }
            }
        }
        return changed;
    }

    private static List<String> fieldNames(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The record's own id for a message: its first top-level field named …ID. */
    private static String recordId(JsonNode record) {
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            if (field.getKey().endsWith("ID") && field.getValue().isTextual()) {
                return field.getKey() + " " + field.getValue().textValue();
            }
        }
        return "no id";
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
