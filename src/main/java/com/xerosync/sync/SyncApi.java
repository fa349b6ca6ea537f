package com.xerosync.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Xero API as its {@code templatedRoute} in {@code routes/} declares it. Everything the Java side needs to fetch
 * and store it comes from these parameters, so that adding an API of the same shape is YAML plus a migration.
 *
 * @param name         kebab-case API name, the route id without {@code xero-}; also the key in sync tables
 * @param endpoint     path under {@code /api.xro/2.0/}, e.g. {@code Invoices}
 * @param collection   the JSON array holding the records, e.g. {@code Invoices} (for /Organisation: Organisations)
 * @param table        target table in schema {@code xero}
 * @param idField      the Xero field identifying a record, e.g. {@code InvoiceID}
 * @param versionField the Xero field the API orders and filters by (If-Modified-Since), e.g. {@code UpdatedDateUTC};
 *                     empty when the API has none, which makes every run a full reload
 * @param paged        whether the endpoint takes {@code page}/{@code pageSize}
 * @param query        extra query parameters sent on every call, e.g. {@code includeArchived=true}
 * @param children     child collections and their tables, e.g. LineItems → invoice_line_items
 * @param columnPaths  columns filled from a nested field, e.g. contact_id ← Contact.ContactID; other columns are
 *                     filled from the top-level field of the same name (InvoiceNumber → invoice_number)
 */
public record SyncApi(String name, String endpoint, String collection, String table, String idField,
                      String versionField, boolean paged, String query, List<Child> children,
                      Map<String, String> columnPaths) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z][A-Za-z0-9/]*");
    private static final Pattern QUERY = Pattern.compile("([A-Za-z]+=[A-Za-z0-9]+)?(&[A-Za-z]+=[A-Za-z0-9]+)*");

    /** A child collection of each record, stored in its own table keyed by the parent's key plus its position. */
    public record Child(String field, String table) {
    }

    public SyncApi {
        check(NAME, name, "api");
        check(ENDPOINT, endpoint, "endpoint");
        check(FIELD, collection, "collection");
        check(IDENTIFIER, table, "table");
        check(FIELD, idField, "idField");
        if (!versionField.isEmpty()) {
            check(FIELD, versionField, "versionField");
        }
        check(QUERY, query, "query");
        children.forEach(c -> {
            check(FIELD, c.field(), "children");
            check(IDENTIFIER, c.table(), "children");
        });
        columnPaths.forEach((column, path) -> {
            check(IDENTIFIER, column, "columns");
            check(FIELD, path, "columns");
        });
        children = List.copyOf(children);
        columnPaths = Map.copyOf(columnPaths);
    }

    /** Reads the parameters of a {@code xero-api-sync} templatedRoute. */
    public static SyncApi fromTemplateParameters(Map<String, Object> parameters) {
        return new SyncApi(
                text(parameters, "api"),
                text(parameters, "endpoint"),
                text(parameters, "collection"),
                text(parameters, "table"),
                text(parameters, "idField"),
                text(parameters, "versionField"),
                Boolean.parseBoolean(text(parameters, "paged")),
                text(parameters, "query"),
                children(text(parameters, "children")),
                columnPaths(text(parameters, "columns")));
    }

    public boolean incremental() {
        return !versionField.isEmpty();
    }

    /** Route id, metric and JMX name: {@code xero-invoices}. */
    public String routeId() {
        return "xero-" + name;
    }

    private static List<Child> children(String spec) {
        List<Child> children = new ArrayList<>();
        for (String entry : entries(spec)) {
            String[] parts = entry.split(":", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("children entry '" + entry + "' must look like LineItems:invoice_line_items");
            }
            children.add(new Child(parts[0].trim(), parts[1].trim()));
        }
        return children;
    }

    private static Map<String, String> columnPaths(String spec) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (String entry : entries(spec)) {
            String[] parts = entry.split("=", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("columns entry '" + entry + "' must look like contact_id=Contact.ContactID");
            }
            paths.put(parts[0].trim(), parts[1].trim());
        }
        return paths;
    }

    private static List<String> entries(String spec) {
        List<String> entries = new ArrayList<>();
        for (String entry : spec.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    private static String text(Map<String, Object> parameters, String key) {
        Object value = parameters.get(key);
        return value == null ? "" : value.toString().trim();
    }

    private static void check(Pattern pattern, String value, String parameter) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("Route template parameter '" + parameter + "' has an invalid value '"
                    + value + "' (expected " + pattern.pattern() + ")");
        }
    }
}
