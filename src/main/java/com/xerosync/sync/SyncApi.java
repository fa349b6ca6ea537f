package com.xerosync.sync;

import com.xerosync.config.XeroPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Xero API as its {@code templatedRoute} in {@code routes/} declares it. Everything the Java side needs to fetch
 * and store it comes from these parameters, so that adding an API of the same shape is YAML plus a migration.
 *
 * @param name         kebab-case API name, the route id without {@code xero-}; also the key in sync tables
 * @param basePath     the API's root under the API URL, e.g. {@code api.xro/2.0} or {@code payroll.xro/1.0}
 * @param endpoint     path under the base path, e.g. {@code Invoices}
 * @param collection   the JSON array holding the records, e.g. {@code Invoices} (for /Organisation: Organisations)
 * @param table        target table in schema {@code xero}
 * @param idField      the Xero field identifying a record, e.g. {@code InvoiceID}; empty for a collection holding one
 *                     settings object per organisation (its table is keyed by tenant_id alone)
 * @param versionField the field telling which version of a record is newer ({@code UpdatedDateUTC}); an older version
 *                     never overwrites a newer one. Empty when the API has none.
 * @param incremental  fetch only what changed since the last run ({@code If-Modified-Since}, ordered by
 *                     {@code versionField}); otherwise every run reloads everything and marks the rows it no longer
 *                     saw as deleted (for tables with {@code is_deleted})
 * @param paging       how the endpoint pages
 * @param offsetField  for offset paging: the increasing number the offset compares, e.g. {@code JournalNumber}; the
 *                     run resumes after the highest one stored
 * @param detail       whether the listing leaves out what a record's own GET ({@code endpoint/{id}}) has (Budgets'
 *                     lines, ContactGroups' members): then each listed record is fetched by id and that is stored
 * @param query        extra query parameters sent on every call, e.g. {@code includeArchived=true}
 * @param scopes       the Xero scopes that grant this API, any one of them suffices (a broad scope covers its
 *                     {@code .read} variant); empty when none is needed
 * @param children     child collections and their tables, e.g. LineItems → invoice_line_items
 * @param countries    the organisations' countries the API exists for (AU Payroll: AU); empty for every country
 * @param report       for a report: which periods, bases and contacts a run fetches; null for other APIs
 * @param fullReloadEvery for an incremental API whose records Xero can delete for good: how often a run reloads
 *                     everything instead, marking what Xero no longer lists as deleted (zero: every run); null when
 *                     it never does
 * @param columnPaths  columns filled from a nested field, keyed by column for the parent table and by
 *                     {@code table.column} for a child table, e.g. contact_id ← Contact.ContactID,
 *                     invoice_line_items.tracking1_option ← Tracking.0.Option; other columns are filled from the
 *                     top-level field of the same name (InvoiceNumber → invoice_number)
 * @param planFeature  the feature of Xero's app plans the API needs ({@link XeroPlan#JOURNALS}: Advanced and
 *                     Enterprise only); empty when every plan serves it
 * @param parent       for a collection per parent record ({@code Projects/{projectId}/Tasks}): the synced table whose
 *                     records the endpoint's {@code {field}} segment takes, one listing each; null for other APIs
 * @param maxPageSize  the most records a page may hold at this API ({@link Paging#PAGE_SIZE}: the run asks for the
 *                     lesser of it and sync.page-size); 1000 at the accounting API, 500 at the Projects API
 * @param priority     what the API's calls rank as in an organisation's day of calls ({@link DayBudget}): transactions,
 *                     settings or reports (a first full sync of an API with history ranks as a backfill)
 */
public record SyncApi(String name, String basePath, String endpoint, String collection, String table, String idField,
                      String versionField, boolean incremental, Paging paging, String offsetField, boolean detail,
                      String query, List<String> scopes, List<String> countries, List<Child> children,
                      ReportPlan report, Map<String, String> columnPaths, String planFeature, Duration fullReloadEvery,
                      Parent parent, int maxPageSize, DayBudget.Priority priority) {

    /** How an endpoint pages its listing. */
    public enum Paging {
        /** One call returns everything. */
        NONE,
        /** {@code page} alone, a fixed 100 records per page. */
        PAGE,
        /** {@code page} and {@code pageSize} (at most 1000), answered with a {@code pagination} object. */
        PAGE_SIZE,
        /** {@code offset}: records whose {@code offsetField} is greater, oldest first, 100 per call (Journals). */
        OFFSET;

        static Paging parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "", "none" -> NONE;
                case "page" -> PAGE;
                case "pagesize" -> PAGE_SIZE;
                case "offset" -> OFFSET;
                default -> throw new IllegalArgumentException("Route template parameter 'paging' must be none, page, "
                        + "pageSize or offset, not '" + value + "'");
            };
        }
    }

    /** Records per page when Xero fixes it ({@link Paging#PAGE}). */
    public static final int XERO_PAGE = 100;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern QUALIFIED = Pattern.compile("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z][A-Za-z0-9]*(\\.([A-Za-z][A-Za-z0-9]*|[0-9]{1,3}))*");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern PATH = Pattern.compile("[A-Za-z][A-Za-z0-9./]*");
    /** A path with one {@code {field}} segment, filled from a parent record. */
    private static final Pattern PARENT_PATH = Pattern.compile("[A-Za-z][A-Za-z0-9./]*/\\{([A-Za-z][A-Za-z0-9]*)}(/[A-Za-z][A-Za-z0-9./]*)?");
    private static final Pattern QUERY = Pattern.compile("([A-Za-z]+=[A-Za-z0-9]+)?(&[A-Za-z]+=[A-Za-z0-9]+)*");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern SCOPE = Pattern.compile("[a-z_]+(\\.[a-z_]+)*");

    /** A child collection of each record, stored in its own table keyed by the parent's key plus its position. */
    public record Child(String field, String table) {
    }

    /**
     * The records a collection per parent is listed for: the rows of {@code table} (not deleted) of the organisation,
     * their {@code field} (the {@code {field}} segment of the endpoint) filling the endpoint's path one listing each.
     */
    public record Parent(String table, String field) {
    }

    /** The most records a page of the accounting API holds ({@code pageSize} at most 1000). */
    public static final int ACCOUNTING_MAX_PAGE_SIZE = 1000;

    public SyncApi {
        check(NAME, name, "api");
        check(PATH, basePath, "basePath");
        if (parent == null) {
            check(PATH, endpoint, "endpoint");
        } else {
            check(IDENTIFIER, parent.table(), "parent");
            Matcher placeholder = PARENT_PATH.matcher(endpoint);
            if (!placeholder.matches() || !placeholder.group(1).equals(parent.field())) {
                throw new IllegalArgumentException("API " + name + " is listed per record of " + parent.table()
                        + ": its endpoint must name the parent's field as one {field} segment, e.g. "
                        + "Projects/{projectId}/Tasks, not '" + endpoint + "'");
            }
            if (incremental || detail || paging == Paging.OFFSET) {
                throw new IllegalArgumentException("API " + name + " is listed per record of " + parent.table()
                        + ": it reloads every parent's listing each run, so it cannot be incremental, detail or offset");
            }
        }
        if (maxPageSize < 1 || maxPageSize > ACCOUNTING_MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("API " + name + ": maxPageSize must be between 1 and "
                    + ACCOUNTING_MAX_PAGE_SIZE + ", not " + maxPageSize);
        }
        check(FIELD, collection, "collection");
        check(IDENTIFIER, table, "table");
        if (!idField.isEmpty()) {
            check(FIELD, idField, "idField");
        }
        if (!versionField.isEmpty()) {
            check(FIELD, versionField, "versionField");
        } else if (incremental) {
            throw new IllegalArgumentException("API " + name + " is incremental but names no versionField");
        }
        if (paging == Paging.OFFSET) {
            check(FIELD, offsetField, "offsetField");
            if (incremental) {
                throw new IllegalArgumentException("API " + name + " pages by offset, which is its own cursor: "
                        + "it cannot also be incremental");
            }
        }
        if (detail && (idField.isEmpty() || incremental)) {
            throw new IllegalArgumentException("API " + name + " fetches records by id (detail): it needs an idField and "
                    + "a full reload (a cursor must not move past records not yet fetched)");
        }
        if (fullReloadEvery != null && (!incremental || fullReloadEvery.isNegative())) {
            throw new IllegalArgumentException("API " + name + ": fullReloadEvery is for incremental APIs (a full-reload "
                    + "API reloads every run) and cannot be negative");
        }
        check(QUERY, query, "query");
        scopes.forEach(s -> check(SCOPE, s, "scope"));
        children.forEach(c -> {
            check(FIELD, c.field(), "children");
            check(IDENTIFIER, c.table(), "children");
        });
        columnPaths.forEach((column, path) -> {
            check(QUALIFIED, column, "columns");
            check(FIELD_PATH, path, "columns");
        });
        countries.forEach(c -> check(COUNTRY, c, "countries"));
        if (!planFeature.isEmpty()) {
            check(NAME, planFeature, "planFeature");
            XeroPlan.serving(planFeature);
        }
        scopes = List.copyOf(scopes);
        countries = List.copyOf(countries);
        children = List.copyOf(children);
        columnPaths = Map.copyOf(columnPaths);
    }

    /**
     * The parameters of {@code routes/xero-api-sync-template.yaml} this class reads: the template declares exactly
     * these and {@link #ROUTE_PARAMETERS}, each with a description (a build test holds the two together).
     */
    public static final Set<String> LISTING_PARAMETERS = Set.of("api", "basePath", "endpoint", "collection", "table",
            "idField", "versionField", "incremental", "fullReloadEvery", "paging", "offsetField", "detail", "scope",
            "countries", "planFeature", "query", "children", "columns", "parent", "maxPageSize", "priority");
    /** The parameters of {@code routes/xero-report-sync-template.yaml} this class reads, as for listings. */
    public static final Set<String> REPORT_PARAMETERS = Set.of("api", "endpoint", "months", "dates", "bases", "contacts",
            "detail", "query", "scope");
    /** The parameters both templates declare for their YAML steps alone (the trigger), never read here. */
    public static final Set<String> ROUTE_PARAMETERS = Set.of("cron", "enabled");

    /** Where every report lands: one row per answer in report_runs (its cells in report_rows), as ReportWriter writes. */
    private static final String REPORTS_COLLECTION = "Reports";
    private static final String REPORTS_TABLE = "report_runs";
    private static final String REPORT_ID = "ReportID";

    /**
     * Reads the parameters of a {@code xero-api-sync} or {@code xero-report-sync} templatedRoute (a report's endpoint
     * is {@code Reports} or under it); a parameter its template does not declare is refused, so a misspelt one is
     * not silently ignored.
     */
    public static SyncApi fromTemplateParameters(Map<String, Object> parameters) {
        boolean report = isReport(text(parameters, "endpoint"));
        Set<String> declared = report ? REPORT_PARAMETERS : LISTING_PARAMETERS;
        for (String name : parameters.keySet()) {
            if (!declared.contains(name) && !ROUTE_PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("Route template parameter '" + name + "' is not one the "
                        + (report ? "xero-report-sync" : "xero-api-sync") + " template declares: "
                        + new java.util.TreeSet<>(declared));
            }
        }
        if (report) {
            return new SyncApi(text(parameters, "api"), "api.xro/2.0", text(parameters, "endpoint"), REPORTS_COLLECTION,
                    REPORTS_TABLE, REPORT_ID, "", false, Paging.NONE, "", Boolean.parseBoolean(text(parameters, "detail")),
                    text(parameters, "query"), entries(text(parameters, "scope").replace('|', ',')), List.of(), List.of(),
                    text(parameters, "dates").isEmpty() ? null : new ReportPlan(
                            Integer.parseInt(text(parameters, "months").isEmpty() ? "0" : text(parameters, "months")),
                            text(parameters, "dates"), entries(text(parameters, "bases")), text(parameters, "contacts")),
                    Map.of(), "", null, null, ACCOUNTING_MAX_PAGE_SIZE, DayBudget.Priority.REPORTS);
        }
        String basePath = text(parameters, "basePath");
        String endpoint = text(parameters, "endpoint");
        String parentTable = text(parameters, "parent");
        Matcher placeholder = PARENT_PATH.matcher(endpoint);
        Parent parent = parentTable.isEmpty() ? null
                : new Parent(parentTable, placeholder.matches() ? placeholder.group(1) : "");
        String maxPageSize = text(parameters, "maxPageSize");
        return new SyncApi(
                text(parameters, "api"),
                basePath.isEmpty() ? "api.xro/2.0" : basePath,
                endpoint,
                text(parameters, "collection"),
                text(parameters, "table"),
                text(parameters, "idField"),
                text(parameters, "versionField"),
                Boolean.parseBoolean(text(parameters, "incremental")),
                Paging.parse(text(parameters, "paging")),
                text(parameters, "offsetField"),
                Boolean.parseBoolean(text(parameters, "detail")),
                text(parameters, "query"),
                entries(text(parameters, "scope").replace('|', ',')),
                entries(text(parameters, "countries")),
                children(text(parameters, "children")),
                null,
                parseColumnPaths(text(parameters, "columns")),
                text(parameters, "planFeature"),
                duration(text(parameters, "fullReloadEvery"), "fullReloadEvery"),
                parent,
                maxPageSize.isEmpty() ? ACCOUNTING_MAX_PAGE_SIZE : whole(maxPageSize, "maxPageSize"),
                DayBudget.Priority.ofRoute(text(parameters, "priority")));
    }

    private static int whole(String value, String parameter) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Route template parameter '" + parameter + "' must be a whole number, not '"
                    + value + "'");
        }
    }

    private static boolean isReport(String endpoint) {
        return endpoint.equals("Reports") || endpoint.startsWith("Reports/");
    }

    /** ISO-8601 ({@code PT24H}) or whole seconds; empty: none. */
    private static Duration duration(String value, String parameter) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return value.startsWith("P") || value.startsWith("p") ? Duration.parse(value)
                    : Duration.ofSeconds(Long.parseLong(value));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Route template parameter '" + parameter + "' must be a duration "
                    + "(ISO-8601 such as PT24H, or seconds), not '" + value + "'");
        }
    }

    /** Whether the API fetches Xero reports (stored as long rows in report_runs/report_rows). */
    public boolean fetchesReports() {
        return isReport(endpoint);
    }

    /** Route id, metric and JMX name: {@code xero-invoices}. */
    public String routeId() {
        return "xero-" + name;
    }

    /** Whether a connection with these granted scopes may call the API; unknown grants (null) are trusted. */
    public boolean grantedBy(String grantedScopes) {
        if (scopes.isEmpty() || grantedScopes == null || grantedScopes.isBlank()) {
            return true;
        }
        List<String> granted = List.of(grantedScopes.trim().split("\\s+"));
        return scopes.stream().anyMatch(needed -> granted.contains(needed)
                || (needed.endsWith(".read") && granted.contains(needed.substring(0, needed.length() - ".read".length()))));
    }

    /** Whether an app on that plan may call the API. */
    public boolean servedOn(XeroPlan plan) {
        return planFeature.isEmpty() || plan.serves(planFeature);
    }

    /** Whether the API is limited to organisations of some countries (AU Payroll). */
    public boolean countrySpecific() {
        return !countries.isEmpty();
    }

    /** Whether the API exists for an organisation of that country. */
    public boolean existsIn(String countryCode) {
        return countries.isEmpty() || countries.contains(countryCode);
    }

    /** The column paths of one table: the parent's (unqualified) or a child's ({@code table.} prefix removed). */
    public Map<String, String> columnPaths(String forTable) {
        Map<String, String> paths = new LinkedHashMap<>();
        columnPaths.forEach((column, path) -> {
            int dot = column.indexOf('.');
            if (dot < 0 && forTable.equals(table)) {
                paths.put(column, path);
            } else if (dot > 0 && column.substring(0, dot).equals(forTable)) {
                paths.put(column.substring(dot + 1), path);
            }
        });
        return paths;
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

    private static Map<String, String> parseColumnPaths(String spec) {
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
