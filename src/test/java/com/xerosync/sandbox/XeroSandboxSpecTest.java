package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import com.xerosync.sandbox.XeroSandboxTest.Api;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every body the sandbox serves, checked against Xero's official OpenAPI documents with the
 * OpenAPI 3.0 dialect, plus what JSON Schema alone lets pass: fields the schema does not declare
 * (the spec's schemas allow any) and date fields ({@code x-is-msdate}) not in {@code /Date(…)/} form.
 *
 * <p>The documents are read from {@code -Dopenapi.dir} (default {@code src/test/resources/xero-openapi}, a copy
 * of Xero's XeroAPI/Xero-OpenAPI repository, relative to the project directory): the accounting and identity
 * documents, and AU Payroll's for {@code /payroll.xro/1.0}.
 */
class XeroSandboxSpecTest {

    private static final Path SPEC_DIR = Path.of(System.getProperty("openapi.dir", "src/test/resources/xero-openapi"));
    private static final Pattern MS_DATE = Pattern.compile("/Date\\(\\d+(\\+0000)?\\)/");
    private static final Pattern DATE_STRING = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT00:00:00");
    /** The envelope is in every example of the spec but in none of its schemas. */
    private static final Set<String> ENVELOPE = Set.of("Id", "Status", "ProviderName", "DateTimeUTC");
    /**
     * What the spec's examples carry and the schemas do not declare: the {@code …String} twins of dates
     * ({@code yyyy-MM-ddT00:00:00} for a date, zone-less ISO seconds for a bank transfer's CreatedDateUTCString).
     */
    private static final Map<String, Set<String>> EXAMPLE_FIELDS = Map.of(
            "Invoice", Set.of("DateString", "DueDateString"),
            "BankTransaction", Set.of("DateString"),
            "BankTransfer", Set.of("DateString", "CreatedDateUTCString"),
            "CreditNote", Set.of("DateString"),
            "Overpayment", Set.of("DateString"),
            "Prepayment", Set.of("DateString"),
            "PurchaseOrder", Set.of("DateString", "DeliveryDateString"));
    private static final Pattern ISO_SECONDS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");

    private static String accountingIri;
    private static String identityIri;
    private static String payrollIri;
    private static SchemaRegistry registry;
    private static JsonNode accountingSpec;
    private static JsonNode payrollSpec;
    /** Every scope (journals, budgets, reports, payroll included): what an authorize request naming none grants. */
    private static String everything;
    private static XeroSandbox sandbox;
    private static Api api;
    private static JsonNode tokens;
    private static String token;
    private static String tenant;

    @BeforeAll
    static void loadSpecAndStart() throws IOException {
        Path accounting = SPEC_DIR.resolve("xero_accounting.yaml").toAbsolutePath().normalize();
        Path identity = SPEC_DIR.resolve("xero-identity.yaml").toAbsolutePath().normalize();
        Path payroll = SPEC_DIR.resolve("xero-payroll-au.yaml").toAbsolutePath().normalize();
        accountingIri = accounting.toUri().toString();
        identityIri = identity.toUri().toString();
        payrollIri = payroll.toUri().toString();
        String accountingYaml = Files.readString(accounting);
        String identityYaml = Files.readString(identity);
        String payrollYaml = Files.readString(payroll);
        registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(), builder -> builder.schemas(Map.of(
                accountingIri, accountingYaml, identityIri, identityYaml, payrollIri, payrollYaml)));
        accountingSpec = Api.JSON.readTree(new YAMLMapper().readTree(accountingYaml).toString());
        payrollSpec = Api.JSON.readTree(new YAMLMapper().readTree(payrollYaml).toString());

        sandbox = new XeroSandbox(XeroSandboxTest.SMALL).start(0);
        api = new Api(sandbox);
        tenant = sandbox.tenantIds().get(0);
        // served data then includes changed and created records, not only generated ones
        sandbox.applyChanges(tenant, "Invoices", 60);
        sandbox.applyChanges(tenant, "Contacts", 20);
        for (String collection : List.of("Accounts", "Items", "Users")) {
            sandbox.applyChanges(tenant, collection, 8);
        }
        for (String collection : XeroSandboxTest.CHANGEABLE_TRANSACTIONS) {
            sandbox.applyChanges(tenant, collection, 12);
        }
        sandbox.applyChanges(tenant, "Employees", 6);
        sandbox.applyChanges(tenant, "LeaveApplications", 6);
        tokens = api.authorizationCode();
        token = tokens.get("access_token").asText();
        everything = XeroSandboxTest.tokenFor(api, "");
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void token_responses_match_the_identity_schema() {
        assertThat(errors(identityIri, "#/components/schemas/AccessToken", tokens.toString())).isEmpty();
        assertThat(tokens.get("refresh_token").isTextual()).isTrue();
        JsonNode custom = api.clientCredentials();
        assertThat(errors(identityIri, "#/components/schemas/AccessToken", custom.toString())).isEmpty();
        JsonNode refreshed = api.refresh(tokens.get("refresh_token").asText());
        assertThat(errors(identityIri, "#/components/schemas/AccessToken", refreshed.toString())).isEmpty();
    }

    @Test
    void connections_match_the_identity_operation_schema() {
        HttpResponse<String> response = api.get("/connections", token, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(api.json(response)).hasSize(2);
        assertThat(errors(identityIri, "#/paths/~1Connections/get/responses/200/content/application~1json/schema", response.body())).isEmpty();
    }

    @Test
    void organisation_matches_the_schema() {
        assertServedValid("/api.xro/2.0/Organisation", "Organisations");
        assertServedValid("/api.xro/2.0/Organisation", "Organisations", sandbox.tenantIds().get(1));
    }

    @Test
    void accounts_match_the_schema() {
        assertServedValid("/api.xro/2.0/Accounts", "Accounts");
        String id = sandbox.records(tenant, "Accounts").skip(3).findFirst().orElseThrow().get("AccountID").asText();
        assertServedValid("/api.xro/2.0/Accounts/" + id, "Accounts");
    }

    @Test
    void contacts_match_the_schema() {
        assertServedValid("/api.xro/2.0/Contacts?page=1", "Contacts");
        assertServedValid("/api.xro/2.0/Contacts?page=1&pageSize=1000&includeArchived=true", "Contacts");
        assertServedValid("/api.xro/2.0/Contacts", "Contacts");
        String archived = sandbox.records(tenant, "Contacts").filter(c -> c.get("ContactStatus").asText().equals("ARCHIVED"))
                .findFirst().orElseThrow().get("ContactID").asText();
        assertServedValid("/api.xro/2.0/Contacts/" + archived, "Contacts");
    }

    @Test
    void invoices_match_the_schema() {
        JsonNode paged = assertServedValid("/api.xro/2.0/Invoices?page=1&pageSize=1000", "Invoices");
        assertThat(paged.get("Invoices").findValues("LineItems")).isNotEmpty();
        assertThat(paged.get("Invoices").findValues("Payments").stream().anyMatch(p -> !p.isEmpty())).isTrue();
        assertServedValid("/api.xro/2.0/Invoices", "Invoices");
        assertServedValid("/api.xro/2.0/Invoices?page=1", "Invoices", sandbox.tenantIds().get(1));
        String id = sandbox.records(tenant, "Invoices").reduce((a, b) -> b).orElseThrow().get("InvoiceID").asText();
        assertServedValid("/api.xro/2.0/Invoices/" + id, "Invoices");
    }

    @Test
    void settings_endpoints_match_the_schema() {
        for (String t : sandbox.tenantIds()) {
            assertListAndSingleValid("BrandingThemes", "BrandingThemeID", t);
            assertServedValid("/api.xro/2.0/Currencies", "Currencies", t);
            assertListAndSingleValid("Items", "ItemID", t);
            assertServedValid("/api.xro/2.0/InvoiceReminders/Settings", "InvoiceReminders", t);
            assertListAndSingleValid("TaxRates", "TaxType", t);
            assertListAndSingleValid("TrackingCategories", "TrackingCategoryID", t);
            assertServedValid("/api.xro/2.0/TrackingCategories?includeArchived=true", "TrackingCategories", t);
            assertListAndSingleValid("Users", "UserID", t);
        }
        JsonNode trackedItem = assertServedValid("/api.xro/2.0/Items", "Items").get("Items");
        assertThat(trackedItem.findValues("QuantityOnHand")).isNotEmpty();
    }

    @Test
    void contact_groups_match_the_schema_with_members_on_single_gets() {
        JsonNode groups = assertServedValid("/api.xro/2.0/ContactGroups", "ContactGroups").get("ContactGroups");
        assertThat(groups).allSatisfy(g -> assertThat(g.get("Contacts")).isEmpty());
        for (JsonNode group : groups) {
            JsonNode single = assertServedValid("/api.xro/2.0/ContactGroups/" + group.get("ContactGroupID").asText(), "ContactGroups");
            if (group.get("Status").asText().equals("ACTIVE") && group.get("Name").asText().equals("Preferred Suppliers")) {
                assertThat(single.get("ContactGroups").get(0).get("Contacts")).isNotEmpty();
            }
        }
    }

    @Test
    void paged_transaction_endpoints_match_the_schema() {
        for (String t : sandbox.tenantIds()) {
            for (String key : List.of("BankTransactions", "CreditNotes", "ManualJournals", "Overpayments", "Payments", "Prepayments",
                    "PurchaseOrders")) {
                JsonNode paged = assertServedValid("/api.xro/2.0/" + key + "?page=1&pageSize=1000", key, t);
                assertThat(paged.get("pagination").get("itemCount").asLong()).as(key).isEqualTo(paged.get(key).size());
                assertServedValid("/api.xro/2.0/" + key, key, t);
                assertSinglesValid(key, t);
            }
        }
    }

    @Test
    void page_only_and_unpaged_transaction_endpoints_match_the_schema() {
        for (String t : sandbox.tenantIds()) {
            for (String key : List.of("LinkedTransactions", "Quotes")) {
                JsonNode page = assertServedValid("/api.xro/2.0/" + key + "?page=1", key, t);
                assertThat(page.has("pagination")).as(key).isFalse();
                assertServedValid("/api.xro/2.0/" + key, key, t);
                assertSinglesValid(key, t);
            }
            for (String key : List.of("BankTransfers", "BatchPayments", "ExpenseClaims", "Receipts", "RepeatingInvoices")) {
                assertServedValid("/api.xro/2.0/" + key, key, t);
                assertSinglesValid(key, t);
            }
            assertServedValid("/api.xro/2.0/BankTransfers?includeDeleted=true", "BankTransfers", t);
        }
    }

    @Test
    void journals_match_the_schema_on_both_bases() {
        for (String t : sandbox.tenantIds()) {
            for (String basis : List.of("", "paymentsOnly=true&")) {
                long count = sandbox.journals(t, !basis.isEmpty()).count();
                // the first page, one in the middle, and the last (journals posted by changes, on the first tenant)
                for (long offset : List.of(0L, count / 2, Math.max(0, count - 60))) {
                    JsonNode page = assertValid(accountingIri, accountingSpec, "/api.xro/2.0/Journals?" + basis + "offset=" + offset,
                            "Journals", "Journals", t);
                    assertThat(page.get("Journals").size()).isEqualTo((int) Math.min(100, count - offset));
                }
                ObjectNode last = sandbox.journals(t, !basis.isEmpty()).reduce((a, b) -> b).orElseThrow();
                JsonNode byId = assertValid(accountingIri, accountingSpec, "/api.xro/2.0/Journals/" + last.get("JournalID").asText(),
                        "Journals", "Journals", t);
                assertThat(byId.get("Journals")).containsExactly(last);
            }
            JsonNode byNumber = assertValid(accountingIri, accountingSpec, "/api.xro/2.0/Journals/1", "Journals", "Journals", t);
            assertThat(byNumber.get("Journals").get(0).get("JournalNumber").asInt()).isEqualTo(1);
        }
        assertThat(sandbox.journals(tenant, false).flatMap(j -> XeroSandboxTest.stream(j.get("JournalLines")))
                .anyMatch(l -> !l.get("TrackingCategories").isEmpty())).isTrue();
    }

    @Test
    void budgets_match_the_schema_listed_without_lines_and_single_with_them() {
        for (String t : sandbox.tenantIds()) {
            JsonNode list = assertValid(accountingIri, accountingSpec, "/api.xro/2.0/Budgets", "Budgets", "Budgets", t);
            for (JsonNode budget : list.get("Budgets")) {
                assertThat(budget.get("BudgetLines")).isEmpty();
                JsonNode single = assertValid(accountingIri, accountingSpec, "/api.xro/2.0/Budgets/" + budget.get("BudgetID").asText(),
                        "Budgets", "Budgets", t).get("Budgets").get(0);
                assertThat(single.get("BudgetLines")).isNotEmpty();
                assertThat(single.get("Tracking").isEmpty()).isEqualTo(budget.get("Type").asText().equals("OVERALL"));
            }
        }
    }

    @Test
    void payroll_employees_and_leave_applications_match_the_payroll_schema() {
        for (String key : List.of("Employees", "LeaveApplications")) {
            JsonNode page = assertValid(payrollIri, payrollSpec, "/payroll.xro/1.0/" + key + "?page=1", key, key, tenant);
            assertValid(payrollIri, payrollSpec, "/payroll.xro/1.0/" + key, key, key, tenant);
            String idField = key.equals("Employees") ? "EmployeeID" : "LeaveApplicationID";
            List<ObjectNode> all = sandbox.records(tenant, key).toList();
            for (ObjectNode record : List.of(all.get(0), all.get(all.size() - 1))) {
                JsonNode single = assertValid(payrollIri, payrollSpec, "/payroll.xro/1.0/" + key + "/" + record.get(idField).asText(),
                        key, key, tenant);
                assertThat(single.get(key)).containsExactly(record);
            }
            assertThat(page.has("pagination")).isFalse();
        }
        assertThat(sandbox.records(tenant, "Employees")).anyMatch(e -> e.get("Status").asText().equals("TERMINATED"))
                .allMatch(e -> e.has("HomeAddress") && e.has("LeaveBalances"));
    }

    @Test
    void every_report_matches_the_schema() {
        for (String t : sandbox.tenantIds()) {
            String customer = sandbox.records(t, "Invoices").filter(i -> i.get("Type").asText().equals("ACCREC")
                    && i.get("Status").asText().equals("AUTHORISED")).findFirst().orElseThrow().get("Contact").get("ContactID").asText();
            String supplier = sandbox.records(t, "Invoices").filter(i -> i.get("Type").asText().equals("ACCPAY")
                    && i.get("Status").asText().equals("AUTHORISED")).findFirst().orElseThrow().get("Contact").get("ContactID").asText();
            for (String path : List.of("ProfitAndLoss?fromDate=2026-03-01&toDate=2026-03-31",
                    "ProfitAndLoss?fromDate=2026-01-01&toDate=2026-03-31&paymentsOnly=true&periods=2&timeframe=QUARTER",
                    "BalanceSheet?date=2026-05-31", "BalanceSheet?date=2026-05-31&paymentsOnly=true&periods=3&timeframe=MONTH",
                    "TrialBalance?date=2026-04-30", "TrialBalance?date=2026-04-30&paymentsOnly=true",
                    "BankSummary?fromDate=2026-02-01&toDate=2026-02-28", "ExecutiveSummary?date=2026-06-30",
                    "BudgetSummary?date=2025-07-01", "BudgetSummary?date=2025-07-01&periods=4&timeframe=3",
                    "AgedReceivablesByContact?contactId=" + customer, "AgedPayablesByContact?contactId=" + supplier + "&date=2026-06-30",
                    "ProfitAndLoss", "BalanceSheet", "TrialBalance", "BankSummary", "ExecutiveSummary", "BudgetSummary")) {
                JsonNode report = assertValid(accountingIri, accountingSpec, "/api.xro/2.0/Reports/" + path, "ReportWithRows", "Reports", t);
                assertThat(report.get("Reports")).hasSize(1);
                assertThat(report.get("Reports").get(0).get("Rows").get(0).get("RowType").asText()).as(path).isEqualTo("Header");
            }
            JsonNode published = assertValid(accountingIri, accountingSpec, "/api.xro/2.0/Reports", "ReportWithRows", "Reports", t);
            for (JsonNode summary : published.get("Reports")) {
                JsonNode single = assertValid(accountingIri, accountingSpec, "/api.xro/2.0/Reports/" + summary.get("ReportID").asText(),
                        "ReportWithRows", "Reports", t).get("Reports").get(0);
                assertThat(single.get("Fields")).isNotEmpty();
                assertThat(single.get("ReportType").asText()).isEqualTo(summary.get("ReportType").asText());
            }
        }
    }

    @Test
    void error_bodies_match_the_error_schema_and_gateway_shape() {
        // an unknown record id: plain text, as Xero answers it (no JSON to validate); an unknown path: the Error body
        HttpResponse<String> notFound = api.get("/api.xro/2.0/Invoices/00000000-0000-4000-8000-000000000000", token, tenant);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        HttpResponse<String> noSuchPath = api.get("/api.xro/2.0/NoSuchThing", token, tenant);
        assertThat(noSuchPath.statusCode()).isEqualTo(404);
        assertThat(errors(accountingIri, "#/components/schemas/Error", noSuchPath.body())).isEmpty();
        HttpResponse<String> badRequest = api.get("/api.xro/2.0/Invoices?page=x", token, tenant);
        assertThat(badRequest.statusCode()).isEqualTo(400);
        assertThat(errors(accountingIri, "#/components/schemas/Error", badRequest.body())).isEmpty();
        sandbox.failEndpoint("Accounts", 500);
        try {
            HttpResponse<String> fault = api.get("/api.xro/2.0/Accounts", token, tenant);
            assertThat(fault.statusCode()).isEqualTo(500);
            assertThat(errors(accountingIri, "#/components/schemas/Error", fault.body())).isEmpty();
            assertThat(api.json(fault).get("Type").asText()).isEqualTo("InternalServerError");
        } finally {
            sandbox.clearFailures();
        }

        // the spec has no schema for the gateway's 401/403 problem body: check its exact shape instead, a missing
        // scope's 401 included
        String settingsOnly = XeroSandboxTest.tokenFor(api, "accounting.settings.read");
        for (HttpResponse<String> response : List.of(api.get("/api.xro/2.0/Contacts", "expired-or-unknown", tenant),
                api.get("/api.xro/2.0/Contacts", token, "00000000-0000-4000-8000-000000000000"),
                api.get("/api.xro/2.0/Contacts", settingsOnly, tenant))) {
            JsonNode problem = api.json(response);
            assertThat(problem.properties()).extracting(Map.Entry::getKey)
                    .containsExactly("Type", "Title", "Status", "Detail", "Instance", "Extensions");
            assertThat(problem.get("Type").isNull()).isTrue();
            assertThat(problem.get("Status").asInt()).isEqualTo(response.statusCode());
            assertThat(problem.get("Title").asText()).isEqualTo(response.statusCode() == 401 ? "Unauthorized" : "Forbidden");
            assertThat(problem.get("Extensions").isObject() && problem.get("Extensions").isEmpty()).isTrue();
        }
        assertThat(api.json(api.get("/api.xro/2.0/Contacts", "expired-or-unknown", tenant)).get("Detail").asText())
                .isEqualTo("AuthenticationUnsuccessful");
        assertThat(api.json(api.get("/api.xro/2.0/Contacts", token, "00000000-0000-4000-8000-000000000000")).get("Detail")
                .asText()).isEqualTo("AuthenticationUnsuccessful");
        HttpResponse<String> missingScope = api.get("/api.xro/2.0/Contacts", settingsOnly, tenant);
        assertThat(missingScope.statusCode()).isEqualTo(401);
        assertThat(api.json(missingScope).get("Detail").asText()).isEqualTo("AuthorizationUnsuccessful");
    }

    @Test
    void validation_catches_wrong_enums_types_fields_and_dates() {
        String body = api.get("/api.xro/2.0/Invoices?page=1&pageSize=3", token, tenant).body();
        assertThat(errors(accountingIri, "#/components/schemas/Invoices", body)).isEmpty();

        ObjectNode bogusStatus = firstInvoiceOf(body);
        bogusStatus.put("Status", "BOGUS");
        assertThat(errors(accountingIri, "#/components/schemas/Invoices", envelope(bogusStatus)))
                .extracting(Error::toString).anyMatch(e -> e.contains("Status"));

        ObjectNode stringTotal = firstInvoiceOf(body);
        stringTotal.put("Total", "12.00");
        assertThat(errors(accountingIri, "#/components/schemas/Invoices", envelope(stringTotal))).isNotEmpty();

        ObjectNode badLine = firstInvoiceOf(body);
        ((ObjectNode) badLine.get("LineItems").get(0)).put("LineItemID", "not-a-uuid");
        assertThat(errors(accountingIri, "#/components/schemas/Invoices", envelope(badLine))).isNotEmpty();

        ObjectNode badCurrency = firstInvoiceOf(body);
        badCurrency.put("CurrencyCode", "XXX");
        assertThat(errors(accountingIri, "#/components/schemas/Invoices", envelope(badCurrency))).isNotEmpty();

        ObjectNode misspelt = firstInvoiceOf(body);
        misspelt.put("InvoiceNumbr", "INV-1");
        assertThat(specProblems("Invoices", parse(envelope(misspelt)))).anyMatch(p -> p.contains("InvoiceNumbr"));

        ObjectNode isoDate = firstInvoiceOf(body);
        isoDate.put("UpdatedDateUTC", "2024-01-01T00:00:00");
        assertThat(specProblems("Invoices", parse(envelope(isoDate)))).anyMatch(p -> p.contains("UpdatedDateUTC"));
    }

    /** The listing, and a single GET of its first and last records. */
    private static void assertListAndSingleValid(String key, String idField, String tenantId) {
        JsonNode list = assertServedValid("/api.xro/2.0/" + key, key, tenantId).get(key);
        for (JsonNode record : List.of(list.get(0), list.get(list.size() - 1))) {
            assertServedValid("/api.xro/2.0/" + key + "/" + record.get(idField).asText(), key, tenantId);
        }
    }

    /** Single GETs of the first, a middle and the last record (changed and created ones sort last). */
    private static void assertSinglesValid(String key, String tenantId) {
        List<ObjectNode> all = sandbox.records(tenantId, key).toList();
        assertThat(all).as(key).isNotEmpty();
        for (ObjectNode record : List.of(all.get(0), all.get(all.size() / 2), all.get(all.size() - 1))) {
            String id = idOf(key, record);
            JsonNode single = assertServedValid("/api.xro/2.0/" + key + "/" + id, key, tenantId);
            assertThat(single.get(key)).as(key + "/" + id).containsExactly(record);
        }
    }

    private static String idOf(String key, JsonNode record) {
        String singular = key.endsWith("ies") ? key.substring(0, key.length() - 3) + "y" : key.substring(0, key.length() - 1);
        return record.get(singular + "ID").asText();
    }

    /** Fetches, then validates with the schema and checks undeclared fields and dates. */
    private static JsonNode assertServedValid(String path, String schema) {
        return assertServedValid(path, schema, tenant);
    }

    private static JsonNode assertServedValid(String path, String schema, String tenantId) {
        HttpResponse<String> response = api.get(path, token, tenantId);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(errors(accountingIri, "#/components/schemas/" + schema, response.body())).as(path).isEmpty();
        JsonNode body = api.json(response);
        assertThat(body.get(schema)).as(path).isNotEmpty();
        assertThat(specProblems(schema, body)).as(path).isEmpty();
        return body;
    }

    /** As {@link #assertServedValid}, for any document (accounting or payroll), schema, and response key, with every scope. */
    private static JsonNode assertValid(String documentIri, JsonNode spec, String path, String schema, String key, String tenantId) {
        HttpResponse<String> response = api.get(path, everything, tenantId);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(errors(documentIri, "#/components/schemas/" + schema, response.body())).as(path).isEmpty();
        JsonNode body = api.json(response);
        assertThat(body.get(key)).as(path).isNotEmpty();
        assertThat(specProblems(spec, schema, body)).as(path).isEmpty();
        return body;
    }

    private static List<Error> errors(String documentIri, String pointer, String json) {
        Schema schema = registry.getSchema(SchemaLocation.of(documentIri + pointer));
        return schema.validate(json, InputFormat.JSON);
    }

    /** What JSON Schema lets pass here: names the schema does not declare, and dates not in Xero's form. */
    private static List<String> specProblems(String schemaName, JsonNode body) {
        return specProblems(accountingSpec, schemaName, body);
    }

    private static List<String> specProblems(JsonNode spec, String schemaName, JsonNode body) {
        List<String> problems = new ArrayList<>();
        JsonNode schema = spec.at("/components/schemas/" + schemaName);
        if (!MS_DATE.matcher(body.path("DateTimeUTC").asText()).matches()) {
            problems.add("/DateTimeUTC is not a /Date(…)/: " + body.path("DateTimeUTC"));
        }
        walk(spec, body, schema, "", problems);
        return problems;
    }

    private static void walk(JsonNode spec, JsonNode value, JsonNode schema, String path, List<String> problems) {
        JsonNode resolved = resolve(spec, schema);
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                walk(spec, value.get(i), resolved.path("items"), path + "/" + i, problems);
            }
            return;
        }
        if (!value.isObject()) {
            return;
        }
        Set<String> undeclaredButKnown = path.isEmpty() ? ENVELOPE : exampleFields(resolved);
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "/" + field.getKey();
            JsonNode property = resolved.path("properties").get(field.getKey());
            if (property == null) {
                if (!undeclaredButKnown.contains(field.getKey())) {
                    problems.add(at + " is not declared in the schema");
                } else if (!path.isEmpty() && !(field.getKey().equals("CreatedDateUTCString") ? ISO_SECONDS : DATE_STRING)
                        .matcher(field.getValue().asText()).matches()) {
                    problems.add(at + " is not in the form of the spec's examples: " + field.getValue());
                }
                continue;
            }
            JsonNode declared = resolve(spec, property);
            boolean msDate = declared.path("x-is-msdate").asBoolean() || declared.path("x-is-msdate-time").asBoolean();
            if (msDate && !MS_DATE.matcher(field.getValue().asText()).matches()) {
                problems.add(at + " is not a /Date(…)/: " + field.getValue());
            }
            walk(spec, field.getValue(), declared, at, problems);
        }
    }

    private static Set<String> exampleFields(JsonNode schema) {
        return EXAMPLE_FIELDS.entrySet().stream().filter(e -> schema == accountingSpec.at("/components/schemas/" + e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(Set.of());
    }

    private static JsonNode resolve(JsonNode spec, JsonNode schema) {
        JsonNode current = schema;
        while (current.has("$ref")) {
            current = spec.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    private static ObjectNode firstInvoiceOf(String body) {
        return (ObjectNode) parse(body).get("Invoices").get(0).deepCopy();
    }

    private static String envelope(ObjectNode invoice) {
        ObjectNode envelope = Api.JSON.createObjectNode();
        envelope.put("Id", "6a8b3c2d-0000-4000-8000-000000000000");
        envelope.put("Status", "OK");
        envelope.put("ProviderName", "test");
        envelope.put("DateTimeUTC", "/Date(1700000000000)/");
        ArrayNode invoices = envelope.putArray("Invoices");
        invoices.add(invoice);
        return envelope.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return Api.JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
