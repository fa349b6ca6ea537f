package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.settings.SandboxSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XeroSandboxTest {

    /** Small enough to run in seconds; the second organisation gets half. */
    /**
     * The sandbox's clock stands at 09:00 UTC on 2026-07-01, so its history (2023-01-01 to 2026-06-30) and every
     * answer, DateTimeUTC included, are the same on any day the tests run.
     */
    static final SandboxSettings SMALL = SandboxSettings.defaults().withContacts(60).withInvoices(250)
            .withClock(Clock.fixed(Instant.parse("2026-07-01T09:00:00Z"), ZoneOffset.UTC));
    /** The last millisecond of SMALL's generated history. */
    static final long HISTORY_END = Instant.parse("2026-06-30T23:59:59.999Z").toEpochMilli();

    /** The transaction collections {@code applyChanges} works on (they have UpdatedDateUTC and If-Modified-Since). */
    static final List<String> CHANGEABLE_TRANSACTIONS = List.of("BankTransactions", "BankTransfers", "BatchPayments", "CreditNotes",
            "ExpenseClaims", "ManualJournals", "Overpayments", "Payments", "Prepayments", "PurchaseOrders", "Quotes", "Receipts");

    private static XeroSandbox sandbox;
    /** The same data after changes of every kind, whose effects reach other collections (payments ↔ invoices). */
    private static XeroSandbox busy;
    private static Api api;
    private static String everyOrgToken;
    private static String first;
    private static String second;

    @BeforeAll
    static void start() {
        sandbox = new XeroSandbox(SMALL).start(0);
        api = new Api(sandbox);
        everyOrgToken = api.authorizationCode().get("access_token").asText();
        first = sandbox.tenantIds().get(0);
        second = sandbox.tenantIds().get(1);
        busy = new XeroSandbox(SMALL);
        for (String tenant : busy.tenantIds()) {
            for (int round = 0; round < 2; round++) {
                busy.applyChanges(tenant, "Invoices", 25);
                for (String collection : CHANGEABLE_TRANSACTIONS) {
                    busy.applyChanges(tenant, collection, 8);
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        busy.close();
    }

    @Test
    void should_answer_byte_for_byte_alike_when_seeded_alike() {
        try (XeroSandbox twin = new XeroSandbox(SMALL).start(0);
             XeroSandbox other = new XeroSandbox(SMALL.withSeed(7))) {
            Api twinApi = new Api(twin);
            String twinToken = twinApi.authorizationCode().get("access_token").asText();
            assertThat(twin.tenantIds()).isEqualTo(sandbox.tenantIds());
            String invoiceId = sandbox.records(first, "Invoices").findFirst().orElseThrow().get("InvoiceID").asText();
            String contactId = sandbox.records(second, "Contacts").findFirst().orElseThrow().get("ContactID").asText();
            for (String tenant : List.of(first, second)) {
                for (String path : List.of("Organisation", "Accounts", "Contacts", "Contacts?page=1&includeArchived=true",
                        "Invoices", "Invoices?page=2&pageSize=50", "Invoices/" + invoiceId, "Contacts/" + contactId,
                        "Items", "TaxRates", "TrackingCategories?includeArchived=true", "Users", "ContactGroups",
                        "Payments?page=1", "CreditNotes?page=1", "BatchPayments", "BankTransactions?page=1", "BankTransfers",
                        "ManualJournals?page=1", "Quotes?page=1", "PurchaseOrders?page=1", "LinkedTransactions?page=1",
                        "ExpenseClaims", "Receipts", "RepeatingInvoices", "Prepayments?page=1", "Overpayments?page=1")) {
                    HttpResponse<byte[]> ours = api.getBytes("/api.xro/2.0/" + path, everyOrgToken, tenant);
                    HttpResponse<byte[]> theirs = twinApi.getBytes("/api.xro/2.0/" + path, twinToken, tenant);
                    assertThat(theirs.statusCode()).as(path).isEqualTo(ours.statusCode());
                    assertThat(theirs.body()).as(tenant + " " + path).isEqualTo(ours.body());
                }
            }
            // journals, budgets, reports and payroll need their own scopes
            String ours = tokenFor("");
            String theirs = tokenFor(twinApi, "");
            String budgetId = sandbox.records(first, "Budgets").findFirst().orElseThrow().get("BudgetID").asText();
            String customer = sandbox.records(first, "Invoices").filter(i -> i.get("Type").asText().equals("ACCREC"))
                    .findFirst().orElseThrow().get("Contact").get("ContactID").asText();
            for (String path : List.of("/api.xro/2.0/Journals", "/api.xro/2.0/Journals?offset=100", "/api.xro/2.0/Journals?paymentsOnly=true",
                    "/api.xro/2.0/Journals/7", "/api.xro/2.0/Budgets", "/api.xro/2.0/Budgets/" + budgetId,
                    "/api.xro/2.0/Reports", "/api.xro/2.0/Reports/ProfitAndLoss?fromDate=2026-01-01&toDate=2026-03-31&paymentsOnly=true",
                    "/api.xro/2.0/Reports/BalanceSheet?date=2026-02-28", "/api.xro/2.0/Reports/TrialBalance",
                    "/api.xro/2.0/Reports/BankSummary", "/api.xro/2.0/Reports/ExecutiveSummary", "/api.xro/2.0/Reports/BudgetSummary",
                    "/api.xro/2.0/Reports/AgedReceivablesByContact?contactId=" + customer,
                    "/payroll.xro/1.0/Employees?page=1", "/payroll.xro/1.0/LeaveApplications")) {
                HttpResponse<byte[]> a = api.getBytes(path, ours, first);
                HttpResponse<byte[]> b = twinApi.getBytes(path, theirs, first);
                assertThat(a.statusCode()).as(path).isEqualTo(200);
                assertThat(b.body()).as(path).isEqualTo(a.body());
            }
            assertThat(other.tenantIds()).doesNotContainAnyElementsOf(sandbox.tenantIds());
        }
    }

    @Test
    void should_page_invoices_with_xero_paging_math() {
        List<ObjectNode> all = sandbox.records(first, "Invoices").toList();
        assertThat(all).hasSize(250);

        List<JsonNode> paged = new ArrayList<>();
        for (int page = 1; page <= 4; page++) {
            JsonNode body = api.json(api.get("/api.xro/2.0/Invoices?page=" + page + "&pageSize=70", everyOrgToken, first));
            JsonNode pagination = body.get("pagination");
            assertThat(pagination.get("page").asInt()).isEqualTo(page);
            assertThat(pagination.get("pageSize").asInt()).isEqualTo(70);
            assertThat(pagination.get("pageCount").asInt()).isEqualTo(4);
            assertThat(pagination.get("itemCount").asInt()).isEqualTo(250);
            assertThat(body.get("Invoices")).hasSize(page < 4 ? 70 : 40);
            body.get("Invoices").forEach(paged::add);
        }
        assertThat(paged).isEqualTo(all);
        assertThat(paged).allSatisfy(invoice -> assertThat(invoice.has("LineItems")).isTrue());

        JsonNode pastTheEnd = api.json(api.get("/api.xro/2.0/Invoices?page=5&pageSize=70", everyOrgToken, first));
        assertThat(pastTheEnd.get("Invoices")).isEmpty();
        assertThat(pastTheEnd.get("pagination").get("itemCount").asInt()).isEqualTo(250);

        JsonNode defaults = api.json(api.get("/api.xro/2.0/Invoices?page=1", everyOrgToken, first));
        assertThat(defaults.get("pagination").get("pageSize").asInt()).isEqualTo(100);
        assertThat(defaults.get("Invoices")).hasSize(100);

        JsonNode clamped = api.json(api.get("/api.xro/2.0/Invoices?page=1&pageSize=5000", everyOrgToken, first));
        assertThat(clamped.get("pagination").get("pageSize").asInt()).isEqualTo(1000);
        assertThat(clamped.get("pagination").get("pageCount").asInt()).isEqualTo(1);
        assertThat(clamped.get("Invoices")).hasSize(250);

        JsonNode unpaged = api.json(api.get("/api.xro/2.0/Invoices", everyOrgToken, first));
        assertThat(unpaged.has("pagination")).isFalse();
        assertThat(ids(unpaged.get("Invoices"), "InvoiceID")).isEqualTo(ids(all, "InvoiceID"));
        assertThat(unpaged.get("Invoices")).allSatisfy(invoice -> assertThat(invoice.has("LineItems")).isFalse());
    }

    @Test
    void should_order_by_updated_date_and_refuse_other_orders() {
        List<String> ascending = ids(api.json(api.get("/api.xro/2.0/Contacts?order=UpdatedDateUTC%20ASC", everyOrgToken, second)).get("Contacts"), "ContactID");
        List<String> descending = ids(api.json(api.get("/api.xro/2.0/Contacts?order=UpdatedDateUTC%20DESC", everyOrgToken, second)).get("Contacts"), "ContactID");
        assertThat(descending).containsExactlyElementsOf(reversed(ascending));

        List<Long> stamps = sandbox.records(second, "Contacts").map(c -> millis(c.get("UpdatedDateUTC").asText())).toList();
        assertThat(stamps).isSorted().doesNotHaveDuplicates();

        HttpResponse<String> refused = api.get("/api.xro/2.0/Contacts?order=Name%20ASC", everyOrgToken, second);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(api.json(refused).get("Type").asText()).isEqualTo("ValidationException");
    }

    @Test
    void should_hide_archived_contacts_unless_asked() {
        List<ObjectNode> all = sandbox.records(first, "Contacts").toList();
        Set<String> archived = all.stream().filter(c -> c.get("ContactStatus").asText().equals("ARCHIVED"))
                .map(c -> c.get("ContactID").asText()).collect(Collectors.toSet());
        assertThat(archived).isNotEmpty();

        JsonNode visible = api.json(api.get("/api.xro/2.0/Contacts?page=1", everyOrgToken, first));
        assertThat(visible.get("pagination").get("itemCount").asInt()).isEqualTo(all.size() - archived.size());
        assertThat(ids(visible.get("Contacts"), "ContactID")).doesNotContainAnyElementsOf(archived);

        JsonNode everything = api.json(api.get("/api.xro/2.0/Contacts?page=1&includeArchived=true", everyOrgToken, first));
        assertThat(ids(everything.get("Contacts"), "ContactID")).containsAll(archived).hasSize(all.size());
    }

    @Test
    void should_return_exactly_the_changed_records_since_if_modified_since() {
        try (XeroSandbox changing = new XeroSandbox(SMALL).start(0)) {
            Api changingApi = new Api(changing);
            String token = changingApi.authorizationCode().get("access_token").asText();
            String tenant = changing.tenantIds().get(0);
            JsonNode before = changingApi.json(changingApi.get("/api.xro/2.0/Invoices?page=1", token, tenant));
            String cursor = ims(millis(before.get("DateTimeUTC").asText()));
            long latestBefore = List.of("Accounts", "Contacts", "Invoices").stream()
                    .flatMap(c -> changing.records(tenant, c))
                    .mapToLong(r -> millis(r.get("UpdatedDateUTC").asText())).max().orElseThrow();

            List<String> invoiceChanges = changing.applyChanges(tenant, "Invoices", 12);
            List<String> contactChanges = changing.applyChanges(tenant, "Contacts", 9);
            assertThat(invoiceChanges).hasSize(12).doesNotHaveDuplicates();
            assertThat(contactChanges).hasSize(9).doesNotHaveDuplicates();

            JsonNode invoices = changingApi.json(changingApi.get("/api.xro/2.0/Invoices?page=1", token, tenant, "If-Modified-Since", cursor));
            assertThat(ids(invoices.get("Invoices"), "InvoiceID")).containsExactlyElementsOf(invoiceChanges);
            assertThat(invoices.get("pagination").get("itemCount").asInt()).isEqualTo(12);
            JsonNode contacts = changingApi.json(changingApi.get("/api.xro/2.0/Contacts?includeArchived=true", token, tenant, "If-Modified-Since", cursor));
            assertThat(ids(contacts.get("Contacts"), "ContactID")).containsExactlyElementsOf(contactChanges);
            JsonNode accounts = changingApi.json(changingApi.get("/api.xro/2.0/Accounts", token, tenant, "If-Modified-Since", cursor));
            assertThat(accounts.get("Accounts")).isEmpty();

            List<Long> changedStamps = invoiceChanges.stream()
                    .map(id -> millis(changing.record(tenant, "Invoices", id).orElseThrow().get("UpdatedDateUTC").asText())).toList();
            assertThat(changedStamps).isSorted().doesNotHaveDuplicates().allSatisfy(stamp -> assertThat(stamp).isGreaterThan(latestBefore));
            List<ObjectNode> all = changing.records(tenant, "Invoices").toList();
            assertThat(all.size()).isGreaterThanOrEqualTo(250);
            assertThat(ids(all.subList(all.size() - 12, all.size()), "InvoiceID")).containsExactlyElementsOf(invoiceChanges);
            assertThat(all.stream().map(i -> i.get("InvoiceID").asText())).doesNotHaveDuplicates();

            String after = ims(millis(invoices.get("DateTimeUTC").asText()));
            JsonNode nothingNew = changingApi.json(changingApi.get("/api.xro/2.0/Invoices?page=1", token, tenant, "If-Modified-Since", after));
            assertThat(nothingNew.get("Invoices")).isEmpty();

            JsonNode rfc1123 = changingApi.json(changingApi.get("/api.xro/2.0/Invoices", token, tenant, "If-Modified-Since",
                    "Tue, 30 Jun 2026 23:59:59 GMT"));
            assertThat(ids(rfc1123.get("Invoices"), "InvoiceID")).containsExactlyElementsOf(invoiceChanges);
        }
    }

    @Test
    void should_change_the_same_way_when_seeded_alike() {
        try (XeroSandbox a = new XeroSandbox(SMALL); XeroSandbox b = new XeroSandbox(SMALL)) {
            String tenant = a.tenantIds().get(1);
            assertThat(a.applyChanges(tenant, "Invoices", 20)).isEqualTo(b.applyChanges(tenant, "Invoices", 20));
            assertThat(a.applyChanges(tenant, "Contacts", 20)).isEqualTo(b.applyChanges(tenant, "Contacts", 20));
            List<String> statusesA = a.records(tenant, "Invoices").map(i -> i.get("Status").asText() + i.get("Total")).toList();
            List<String> statusesB = b.records(tenant, "Invoices").map(i -> i.get("Status").asText() + i.get("Total")).toList();
            assertThat(statusesA).isEqualTo(statusesB);
            assertThatThrownBy(() -> a.applyChanges(tenant, "TaxRates", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> a.applyChanges(tenant, "RepeatingInvoices", 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_generate_consistent_invoices_for_existing_contacts_and_accounts() {
        for (String tenant : sandbox.tenantIds()) {
            Set<String> contactIds = sandbox.records(tenant, "Contacts").map(c -> c.get("ContactID").asText()).collect(Collectors.toSet());
            Map<String, String> accountIds = new LinkedHashMap<>();
            sandbox.records(tenant, "Accounts").forEach(a -> accountIds.put(a.get("Code").asText(), a.get("AccountID").asText()));
            assertThat(accountIds.size()).isBetween(60, 80);
            Set<String> statuses = new HashSet<>();
            sandbox.records(tenant, "Invoices").forEach(invoice -> {
                statuses.add(invoice.get("Status").asText());
                assertThat(contactIds).contains(invoice.get("Contact").get("ContactID").asText());
                BigDecimal lines = BigDecimal.ZERO;
                BigDecimal tax = BigDecimal.ZERO;
                for (JsonNode line : invoice.get("LineItems")) {
                    assertThat(accountIds.get(line.get("AccountCode").asText())).isEqualTo(line.get("AccountID").asText());
                    assertThat(line.get("LineAmount").decimalValue())
                            .isEqualByComparingTo(line.get("Quantity").decimalValue().multiply(line.get("UnitAmount").decimalValue()).setScale(2, RoundingMode.HALF_UP));
                    lines = lines.add(line.get("LineAmount").decimalValue());
                    tax = tax.add(line.get("TaxAmount").decimalValue());
                }
                boolean inclusive = invoice.get("LineAmountTypes").asText().equals("Inclusive");
                assertThat(invoice.get("TotalTax").decimalValue()).isEqualByComparingTo(tax);
                assertThat(invoice.get("SubTotal").decimalValue()).isEqualByComparingTo(inclusive ? lines.subtract(tax) : lines);
                assertThat(invoice.get("Total").decimalValue()).isEqualByComparingTo(invoice.get("SubTotal").decimalValue().add(tax));
                String status = invoice.get("Status").asText();
                if (!status.equals("VOIDED") && !status.equals("DELETED")) {
                    assertThat(invoice.get("AmountDue").decimalValue().add(invoice.get("AmountPaid").decimalValue())
                            .add(invoice.get("AmountCredited").decimalValue()))
                            .isEqualByComparingTo(invoice.get("Total").decimalValue());
                }
                assertThat(invoice.has("FullyPaidOnDate")).isEqualTo(status.equals("PAID"));
            });
            assertThat(statuses).contains("DRAFT", "AUTHORISED", "PAID", "VOIDED", "DELETED");
        }
    }

    @Test
    void should_serve_single_records_as_listed() {
        ObjectNode invoice = sandbox.records(second, "Invoices").skip(17).findFirst().orElseThrow();
        String id = invoice.get("InvoiceID").asText();
        JsonNode single = api.json(api.get("/api.xro/2.0/Invoices/" + id, everyOrgToken, second));
        assertThat(single.get("Invoices")).containsExactly(invoice);
        assertThat(sandbox.record(second, "Invoices", id)).contains(invoice);

        ObjectNode account = sandbox.records(second, "Accounts").findFirst().orElseThrow();
        JsonNode singleAccount = api.json(api.get("/api.xro/2.0/Accounts/" + account.get("AccountID").asText(), everyOrgToken, second));
        assertThat(singleAccount.get("Accounts")).containsExactly(account);

        HttpResponse<String> missing = api.get("/api.xro/2.0/Invoices/00000000-0000-4000-8000-000000000000", everyOrgToken, second);
        assertThat(missing.statusCode()).isEqualTo(404);
        // as Xero's: plain text, not the API's JSON error body
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/plain"));
        assertThat(missing.body()).isEqualTo("The resource you're looking for cannot be found");
        assertThat(api.get("/api.xro/2.0/Invoices/" + id, everyOrgToken, first).statusCode()).isEqualTo(404);
        assertThat(sandbox.record(first, "Invoices", "not-a-uuid")).isEmpty();
    }

    @Test
    void should_find_records_by_their_numbers_and_codes_where_xero_does() {
        ObjectNode order = sandbox.records(first, "PurchaseOrders").skip(3).findFirst().orElseThrow();
        JsonNode byNumber = api.json(api.get("/api.xro/2.0/PurchaseOrders/" + order.get("PurchaseOrderNumber").asText(), everyOrgToken, first));
        assertThat(byNumber.get("PurchaseOrders")).containsExactly(order);
        ObjectNode item = sandbox.records(first, "Items").skip(2).findFirst().orElseThrow();
        assertThat(api.json(api.get("/api.xro/2.0/Items/" + item.get("Code").asText(), everyOrgToken, first)).get("Items")).containsExactly(item);
        ObjectNode contact = sandbox.records(first, "Contacts").skip(5).findFirst().orElseThrow();
        assertThat(api.json(api.get("/api.xro/2.0/Contacts/" + contact.get("ContactNumber").asText(), everyOrgToken, first)).get("Contacts"))
                .containsExactly(contact);
        JsonNode gst = api.json(api.get("/api.xro/2.0/TaxRates/OUTPUT", everyOrgToken, first)).get("TaxRates");
        assertThat(gst).hasSize(1);
        assertThat(gst.get(0).get("Name").asText()).isEqualTo("GST on Income");
        assertThat(api.get("/api.xro/2.0/Currencies/AUD", everyOrgToken, first).statusCode()).isEqualTo(404);
        assertThat(api.get("/api.xro/2.0/InvoiceReminders", everyOrgToken, first).statusCode()).isEqualTo(404);
        assertThat(api.json(api.get("/api.xro/2.0/InvoiceReminders/Settings", everyOrgToken, first)).get("InvoiceReminders").get(0)
                .get("Enabled").asBoolean()).isTrue();
    }

    @Test
    void should_answer_401_once_access_tokens_are_expired() {
        try (XeroSandbox expiring = new XeroSandbox(SMALL).start(0)) {
            Api expiringApi = new Api(expiring);
            String token = expiringApi.clientCredentials().get("access_token").asText();
            String tenant = expiring.tenantIds().get(0);
            assertThat(expiringApi.get("/api.xro/2.0/Organisation", token, tenant).statusCode()).isEqualTo(200);

            expiring.expireAccessTokens();
            HttpResponse<String> expired = expiringApi.get("/api.xro/2.0/Organisation", token, tenant);
            assertThat(expired.statusCode()).isEqualTo(401);
            JsonNode problem = expiringApi.json(expired);
            assertThat(problem.get("Type").isNull()).isTrue();
            assertThat(problem.get("Title").asText()).isEqualTo("Unauthorized");
            assertThat(problem.get("Status").asInt()).isEqualTo(401);
            assertThat(problem.get("Detail").asText()).matches("TokenExpired: token expired at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(problem.get("Instance").asText()).matches("[0-9a-f-]{36}");
            assertThat(expiringApi.get("/connections", token, null).statusCode()).isEqualTo(401);

            HttpResponse<String> unknown = expiringApi.get("/api.xro/2.0/Organisation", "not-a-token", tenant);
            assertThat(unknown.statusCode()).isEqualTo(401);
            assertThat(expiringApi.json(unknown).get("Detail").asText()).isEqualTo("AuthenticationUnsuccessful");
            assertThat(expiringApi.get("/api.xro/2.0/Organisation", null, tenant).statusCode()).isEqualTo(401);

            expiring.setAccessTokenTtl(Duration.ofMinutes(5));
            JsonNode fresh = expiringApi.clientCredentials();
            assertThat(fresh.get("expires_in").asLong()).isEqualTo(300);
            assertThat(expiringApi.get("/api.xro/2.0/Organisation", fresh.get("access_token").asText(), tenant).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void should_answer_403_for_an_organisation_the_grant_does_not_cover() {
        String customToken = api.clientCredentials().get("access_token").asText();
        HttpResponse<String> forbidden = api.get("/api.xro/2.0/Contacts", customToken, second);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        JsonNode problem = api.json(forbidden);
        assertThat(problem.get("Title").asText()).isEqualTo("Forbidden");
        assertThat(problem.get("Status").asInt()).isEqualTo(403);
        assertThat(problem.get("Detail").asText()).isEqualTo("AuthenticationUnsuccessful");
        assertThat(problem.get("Type").isNull()).isTrue();

        assertThat(api.get("/api.xro/2.0/Contacts", everyOrgToken, "00000000-0000-4000-8000-000000000000").statusCode()).isEqualTo(403);
        assertThat(api.get("/api.xro/2.0/Contacts", everyOrgToken, null).statusCode()).isEqualTo(403);
    }

    @Test
    void should_rotate_refresh_tokens_and_honour_the_grace_period() {
        JsonNode issued = api.authorizationCode();
        String original = issued.get("refresh_token").asText();
        JsonNode firstRefresh = api.refresh(original);
        String rotated = firstRefresh.get("refresh_token").asText();
        assertThat(rotated).isNotEqualTo(original);
        assertThat(firstRefresh.get("access_token").asText()).isNotEqualTo(issued.get("access_token").asText());
        assertThat(sandbox.isRefreshTokenValid(original)).isTrue();

        JsonNode retried = api.refresh(original);
        assertThat(retried.get("refresh_token").asText()).isNotIn(original, rotated);
        assertThat(api.get("/api.xro/2.0/Organisation", retried.get("access_token").asText(), second).statusCode()).isEqualTo(200);

        try (XeroSandbox strict = new XeroSandbox(SMALL.withRefreshTokenGrace(Duration.ZERO)).start(0)) {
            Api strictApi = new Api(strict);
            String once = strictApi.authorizationCode().get("refresh_token").asText();
            String next = strictApi.refresh(once).get("refresh_token").asText();
            assertThat(strict.isRefreshTokenValid(once)).isFalse();
            assertThat(strict.isRefreshTokenValid(next)).isTrue();
            HttpResponse<String> reused = strictApi.postToken(Map.of("grant_type", "refresh_token", "refresh_token", once));
            assertThat(reused.statusCode()).isEqualTo(400);
            assertThat(strictApi.json(reused).get("error").asText()).isEqualTo("invalid_grant");
            assertThat(strictApi.refresh(next).get("refresh_token").asText()).isNotEqualTo(next);
        }
    }

    @Test
    void should_connect_only_the_first_organisation_with_client_credentials() {
        JsonNode tokens = api.clientCredentials();
        assertThat(tokens.has("refresh_token")).isFalse();
        assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
        String token = tokens.get("access_token").asText();
        JsonNode connections = api.json(api.get("/connections", token, null));
        assertThat(connections).hasSize(1);
        assertThat(connections.get(0).get("tenantId").asText()).isEqualTo(first);
        assertThat(connections.get(0).get("tenantName").asText()).isEqualTo(sandbox.tenantName(first)).isEqualTo("Demo Company (AU)");

        JsonNode organisation = api.json(api.get("/api.xro/2.0/Organisation", token, null));
        assertThat(organisation.get("Organisations").get(0).get("OrganisationID").asText()).isEqualTo(first);
        assertThat(api.get("/api.xro/2.0/Organisation", token, second).statusCode()).isEqualTo(403);
    }

    @Test
    void should_grant_every_organisation_through_the_authorize_redirect() {
        HttpResponse<String> redirect = api.authorize(SMALL.clientId(), "http://localhost/callback?x=1", "xyz", "offline_access accounting.invoices");
        assertThat(redirect.statusCode()).isEqualTo(302);
        Map<String, String> query = Api.query(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(query).containsEntry("state", "xyz").containsEntry("x", "1").containsKey("code");

        HttpResponse<String> wrongRedirect = api.postToken(Map.of("grant_type", "authorization_code", "code", query.get("code"),
                "redirect_uri", "http://elsewhere/"));
        assertThat(wrongRedirect.statusCode()).isEqualTo(400);

        HttpResponse<String> redirect2 = api.authorize(SMALL.clientId(), "http://localhost/callback", "s2", "offline_access accounting.invoices");
        String code = Api.query(redirect2.headers().firstValue("Location").orElseThrow()).get("code");
        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", "http://localhost/callback");
        JsonNode tokens = api.json(api.postToken(exchange));
        assertThat(tokens.get("scope").asText()).isEqualTo("offline_access accounting.invoices");
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(1800);
        assertThat(tokens.hasNonNull("refresh_token")).isTrue();
        HttpResponse<String> reused = api.postToken(exchange);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(api.json(reused).get("error").asText()).isEqualTo("invalid_grant");

        JsonNode connections = api.json(api.get("/connections", tokens.get("access_token").asText(), null));
        assertThat(ids(connections, "tenantId")).containsExactlyElementsOf(sandbox.tenantIds());
        assertThat(connections.get(0).get("authEventId").asText()).isEqualTo(connections.get(1).get("authEventId").asText());

        HttpResponse<String> noOffline = api.authorize(SMALL.clientId(), "http://localhost/cb", "s3", "accounting.contacts");
        String code3 = Api.query(noOffline.headers().firstValue("Location").orElseThrow()).get("code");
        JsonNode withoutRefresh = api.json(api.postToken(Map.of("grant_type", "authorization_code", "code", code3, "redirect_uri", "http://localhost/cb")));
        assertThat(withoutRefresh.has("refresh_token")).isFalse();

        assertThat(api.authorize("someone-else", "http://localhost/callback", "s", "").statusCode()).isEqualTo(400);
        HttpResponse<String> badSecret = api.postToken("sandbox-client", "wrong", Map.of("grant_type", "client_credentials"));
        assertThat(badSecret.statusCode()).isEqualTo(401);
        assertThat(api.json(badSecret).get("error").asText()).isEqualTo("invalid_client");
        HttpResponse<String> formCredentials = api.postToken(null, null, Map.of("grant_type", "client_credentials",
                "client_id", SMALL.clientId(), "client_secret", SMALL.clientSecret()));
        assertThat(formCredentials.statusCode()).isEqualTo(200);
        HttpResponse<String> unsupported = api.postToken(Map.of("grant_type", "password"));
        assertThat(unsupported.statusCode()).isEqualTo(400);
        assertThat(api.json(unsupported).get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void should_forbid_an_organisation_once_its_connection_is_deleted() {
        JsonNode tokens = api.authorizationCode();
        String token = tokens.get("access_token").asText();
        JsonNode connections = api.json(api.get("/connections", token, null));
        String secondConnection = connections.get(1).get("id").asText();

        assertThat(api.delete("/connections/" + secondConnection, token).statusCode()).isEqualTo(204);
        assertThat(api.delete("/connections/" + secondConnection, token).statusCode()).isEqualTo(404);
        assertThat(ids(api.json(api.get("/connections", token, null)), "tenantId")).containsExactly(first);
        assertThat(api.get("/api.xro/2.0/Organisation", token, second).statusCode()).isEqualTo(403);
        assertThat(api.get("/api.xro/2.0/Organisation", token, first).statusCode()).isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/Organisation", everyOrgToken, second).statusCode()).isEqualTo(200);

        api.delete("/connections/" + connections.get(0).get("id").asText(), token);
        assertThat(sandbox.isRefreshTokenValid(tokens.get("refresh_token").asText())).isFalse();
    }

    @Test
    void should_inject_faults_and_count_calls_per_tenant_and_collection() {
        try (XeroSandbox faulty = new XeroSandbox(SMALL).start(0)) {
            Api faultyApi = new Api(faulty);
            String token = faultyApi.authorizationCode().get("access_token").asText();
            String tenant = faulty.tenantIds().get(0);
            faulty.failEndpoint("Invoices", 503);
            HttpResponse<String> failed = faultyApi.get("/api.xro/2.0/Invoices?page=1", token, tenant);
            assertThat(failed.statusCode()).isEqualTo(503);
            // Xero's "organisation offline" is plain text
            assertThat(failed.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(failed.body()).startsWith("Organisation offline").contains("sandbox fault injected for Invoices");
            assertThat(faultyApi.get("/api.xro/2.0/Invoices/" + faulty.records(tenant, "Invoices").findFirst().orElseThrow()
                    .get("InvoiceID").asText(), token, tenant).statusCode()).isEqualTo(503);
            assertThat(faultyApi.get("/api.xro/2.0/Contacts", token, tenant).statusCode()).isEqualTo(200);

            faulty.failEndpoint("Organisation", 429);
            HttpResponse<String> limited = faultyApi.get("/api.xro/2.0/Organisation", token, tenant);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();

            faulty.clearFailures();
            HttpResponse<String> recovered = faultyApi.get("/api.xro/2.0/Invoices?page=1", token, tenant);
            assertThat(recovered.statusCode()).isEqualTo(200);
            // five requests so far; a window may have rolled over in between, hence ranges
            assertThat(remaining(recovered, "X-DayLimit-Remaining")).isBetween(4995L, 4999L);
            assertThat(remaining(recovered, "X-MinLimit-Remaining")).isBetween(55L, 59L);
            assertThat(remaining(recovered, "X-AppMinLimit-Remaining")).isBetween(9995L, 9999L);

            assertThat(faulty.apiCalls(tenant, "Invoices")).isEqualTo(3);
            assertThat(faulty.apiCalls(tenant, "Contacts")).isEqualTo(1);
            assertThat(faulty.apiCalls(tenant, "Organisations")).isEqualTo(1);
            assertThat(faulty.apiCalls(faulty.tenantIds().get(1), "Invoices")).isZero();
            assertThat(faulty.apiCalls()).isEqualTo(5);
            faulty.resetCounters();
            assertThat(faulty.apiCalls()).isZero();
            assertThatThrownBy(() -> faulty.failEndpoint("Timesheets", 500)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_answer_unknown_paths_with_json_404() {
        HttpResponse<String> unknown = api.get("/api.xro/2.0/Employees", everyOrgToken, first);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.json(unknown).get("ErrorNumber").asInt()).isEqualTo(404);
        assertThat(api.get("/nowhere", null, null).statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    }

    @Test
    void should_tag_lines_with_existing_tracking_options_items_and_tax_rates() {
        for (String tenant : sandbox.tenantIds()) {
            Map<String, String> options = new LinkedHashMap<>();
            sandbox.records(tenant, "TrackingCategories").forEach(category -> category.get("Options").forEach(option ->
                    options.put(option.get("TrackingOptionID").asText(), category.get("TrackingCategoryID").asText() + "|"
                            + category.get("Name").asText() + "|" + option.get("Name").asText())));
            Map<String, JsonNode> items = new LinkedHashMap<>();
            sandbox.records(tenant, "Items").forEach(item -> items.put(item.get("Code").asText(), item));
            Set<String> taxTypes = sandbox.records(tenant, "TaxRates").filter(t -> t.get("Status").asText().equals("ACTIVE"))
                    .map(t -> t.get("TaxType").asText()).collect(Collectors.toSet());
            Set<String> categoriesUsed = new HashSet<>();
            Set<String> itemsUsed = new HashSet<>();
            sandbox.records(tenant, "Accounts").forEach(a -> assertThat(taxTypes).contains(a.get("TaxType").asText()));
            sandbox.records(tenant, "Invoices").flatMap(i -> StreamSupport.stream(i.get("LineItems").spliterator(), false)).forEach(line -> {
                assertThat(taxTypes).contains(line.get("TaxType").asText());
                Set<String> categories = new HashSet<>();
                for (JsonNode t : line.get("Tracking")) {
                    assertThat(options.get(t.get("TrackingOptionID").asText())).as(t.toString())
                            .isEqualTo(t.get("TrackingCategoryID").asText() + "|" + t.get("Name").asText() + "|" + t.get("Option").asText());
                    assertThat(categories.add(t.get("Name").asText())).as("one option per category").isTrue();
                    categoriesUsed.add(t.get("Name").asText());
                }
                if (line.has("ItemCode")) {
                    JsonNode item = items.get(line.get("ItemCode").asText());
                    assertThat(item).as(line.get("ItemCode").asText()).isNotNull();
                    assertThat(line.get("Item").get("ItemID").asText()).isEqualTo(item.get("ItemID").asText());
                    String account = line.get("AccountCode").asText();
                    assertThat(List.of(item.path("SalesDetails").path("AccountCode").asText(), item.path("PurchaseDetails").path("AccountCode").asText()))
                            .contains(account);
                    itemsUsed.add(item.get("Code").asText());
                }
            });
            assertThat(categoriesUsed).containsExactlyInAnyOrder("Region", "Department");
            assertThat(itemsUsed).hasSizeGreaterThan(3);
        }
    }

    @Test
    void should_list_contact_groups_with_members_on_single_gets_only() {
        List<ObjectNode> groups = sandbox.records(first, "ContactGroups").toList();
        assertThat(groups).extracting(g -> g.get("Status").asText()).contains("ACTIVE", "DELETED");
        assertThat(groups).allSatisfy(g -> assertThat(g.get("Contacts")).isEmpty());
        Map<String, Set<String>> membersByGroup = new LinkedHashMap<>();
        for (ObjectNode group : groups) {
            String id = group.get("ContactGroupID").asText();
            JsonNode single = api.json(api.get("/api.xro/2.0/ContactGroups/" + id, everyOrgToken, first)).get("ContactGroups").get(0);
            assertThat(sandbox.record(first, "ContactGroups", id)).contains((ObjectNode) single);
            membersByGroup.put(id, new HashSet<>(ids(single.get("Contacts"), "ContactID")));
        }
        assertThat(membersByGroup.values()).anySatisfy(members -> assertThat(members).isNotEmpty());
        // a contact lists exactly the active groups it is a member of
        sandbox.records(first, "Contacts").forEach(contact -> {
            Set<String> listed = new HashSet<>(ids(contact.get("ContactGroups"), "ContactGroupID"));
            Set<String> memberOf = membersByGroup.entrySet().stream().filter(e -> e.getValue().contains(contact.get("ContactID").asText()))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(listed).isEqualTo(memberOf);
        });
    }

    @Test
    void should_hide_archived_tracking_categories_and_options_unless_asked() {
        List<ObjectNode> all = sandbox.records(first, "TrackingCategories").toList();
        assertThat(all).extracting(c -> c.get("Name").asText()).containsExactly("Department", "Project", "Region");
        JsonNode visible = api.json(api.get("/api.xro/2.0/TrackingCategories", everyOrgToken, first)).get("TrackingCategories");
        assertThat(visible).extracting(c -> c.get("Name").asText()).containsExactly("Department", "Region");
        assertThat(visible.findValues("Status")).allSatisfy(status -> assertThat(status.asText()).isEqualTo("ACTIVE"));
        JsonNode everything = api.json(api.get("/api.xro/2.0/TrackingCategories?includeArchived=true", everyOrgToken, first));
        assertThat(everything.get("TrackingCategories")).containsExactlyElementsOf(all);
        assertThat(everything.get("TrackingCategories").findValues("Status")).extracting(JsonNode::asText).contains("ARCHIVED");
        String project = all.get(1).get("TrackingCategoryID").asText();
        assertThat(api.get("/api.xro/2.0/TrackingCategories/" + project, everyOrgToken, first).statusCode()).isEqualTo(200);
        JsonNode descending = api.json(api.get("/api.xro/2.0/TrackingCategories?order=Name%20DESC", everyOrgToken, first));
        assertThat(descending.get("TrackingCategories")).extracting(c -> c.get("Name").asText()).containsExactly("Region", "Department");
    }

    @Test
    void should_delete_accounts_items_tracking_categories_and_options_for_good() {
        try (XeroSandbox deleting = new XeroSandbox(SMALL).start(0)) {
            Api deletingApi = new Api(deleting);
            String token = deletingApi.authorizationCode().get("access_token").asText();
            String tenant = deleting.tenantIds().get(0);
            JsonNode before = deletingApi.json(deletingApi.get("/api.xro/2.0/Items", token, tenant));
            String cursor = ims(millis(before.get("DateTimeUTC").asText()));
            for (String collection : List.of("Items", "Accounts", "TrackingCategories")) {
                String idField = collection.equals("Items") ? "ItemID" : collection.equals("Accounts") ? "AccountID" : "TrackingCategoryID";
                List<ObjectNode> all = deleting.records(tenant, collection).toList();
                String id = all.get(1).get(idField).asText();
                assertThat(deleting.deleteRecord(tenant, collection, id)).isTrue();
                assertThat(deleting.deleteRecord(tenant, collection, id)).isFalse();
                assertThat(deleting.records(tenant, collection)).hasSize(all.size() - 1).noneMatch(r -> r.get(idField).asText().equals(id));
                assertThat(deleting.record(tenant, collection, id)).isEmpty();
                assertThat(deletingApi.get("/api.xro/2.0/" + collection + "/" + id, token, tenant).statusCode()).isEqualTo(404);
                JsonNode listed = deletingApi.json(deletingApi.get("/api.xro/2.0/" + collection + "?includeArchived=true", token, tenant));
                assertThat(ids(listed.get(collection), idField)).doesNotContain(id).hasSize(all.size() - 1);
            }
            // vanishing is not a change: If-Modified-Since shows nothing
            assertThat(deletingApi.json(deletingApi.get("/api.xro/2.0/Items", token, tenant, "If-Modified-Since", cursor)).get("Items")).isEmpty();

            ObjectNode region = deleting.records(tenant, "TrackingCategories").filter(c -> c.get("Name").asText().equals("Region"))
                    .findFirst().orElseThrow();
            String regionId = region.get("TrackingCategoryID").asText();
            String north = region.get("Options").get(0).get("TrackingOptionID").asText();
            assertThat(deleting.deleteTrackingOption(tenant, regionId, north)).isTrue();
            assertThat(deleting.deleteTrackingOption(tenant, regionId, north)).isFalse();
            JsonNode after = deleting.record(tenant, "TrackingCategories", regionId).orElseThrow();
            assertThat(ids(after.get("Options"), "TrackingOptionID")).doesNotContain(north).hasSize(region.get("Options").size() - 1);
            assertThat(deleting.records(tenant, "TrackingCategories").map(c -> c.get("Name").asText())).containsExactly("Department", "Region");

            String invoiceId = deleting.records(tenant, "Invoices").findFirst().orElseThrow().get("InvoiceID").asText();
            assertThatThrownBy(() -> deleting.deleteRecord(tenant, "Invoices", invoiceId)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> deleting.deleteRecord(tenant, "TaxRates", "OUTPUT")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_answer_401_authorization_unsuccessful_for_endpoints_the_token_lacks() {
        String contactsOnly = tokenFor("accounting.contacts.read");
        assertThat(api.get("/api.xro/2.0/Contacts", contactsOnly, first).statusCode()).isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/ContactGroups", contactsOnly, first).statusCode()).isEqualTo(200);
        for (String path : List.of("Accounts", "Items", "TaxRates", "InvoiceReminders/Settings", "Invoices")) {
            HttpResponse<String> denied = api.get("/api.xro/2.0/" + path, contactsOnly, first);
            assertThat(denied.statusCode()).as(path).isEqualTo(401);
            JsonNode problem = api.json(denied);
            assertThat(problem.get("Title").asText()).isEqualTo("Unauthorized");
            assertThat(problem.get("Detail").asText()).isEqualTo("AuthorizationUnsuccessful");
            assertThat(problem.get("Type").isNull()).isTrue();
            assertThat(problem.get("Extensions").isEmpty()).isTrue();
        }
        // the 2026 granular scopes: accounting.invoices reaches Invoices and Items, not the settings
        String invoicesOnly = tokenFor("accounting.invoices.read");
        assertThat(api.get("/api.xro/2.0/Invoices", invoicesOnly, first).statusCode()).isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/Items", invoicesOnly, first).statusCode()).isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/Users", invoicesOnly, first).statusCode()).isEqualTo(401);

        assertThat(XeroSandbox.requiredScopes()).containsEntry("Accounts", "accounting.settings")
                .containsEntry("InvoiceReminders", "accounting.settings").containsEntry("ContactGroups", "accounting.contacts")
                .containsEntry("Invoices", "accounting.transactions");
        assertThat(XeroSandbox.acceptedScopes().get("Items")).contains("accounting.settings.read", "accounting.invoices");
    }

    @Test
    void should_grant_what_was_asked_or_everything_and_refuse_unknown_scopes() {
        HttpResponse<String> everything = api.authorize(SMALL.clientId(), "http://localhost/cb", "s", "");
        Map<String, String> query = Api.query(everything.headers().firstValue("Location").orElseThrow());
        JsonNode tokens = api.json(api.postToken(Map.of("grant_type", "authorization_code", "code", query.get("code"),
                "redirect_uri", "http://localhost/cb")));
        // a new app's everything: the granular scopes (no broad accounting.transactions or accounting.reports.read)
        assertThat(tokens.get("scope").asText().split(" ")).contains("offline_access", "accounting.settings", "accounting.contacts",
                "accounting.invoices", "accounting.payments", "accounting.banktransactions", "accounting.manualjournals",
                "accounting.classicexpenses", "accounting.reports.profitandloss.read", "accounting.reports.budgetsummary.read",
                "accounting.journals.read", "accounting.budgets.read", "payroll.employees.read")
                .doesNotContain("accounting.transactions", "accounting.reports.read");
        assertThat(tokens.hasNonNull("refresh_token")).isTrue();

        JsonNode granular = api.json(api.postToken(Map.of("grant_type", "authorization_code", "code",
                Api.query(api.authorize(SMALL.clientId(), "http://localhost/cb", "s",
                        "offline_access accounting.payments.read accounting.banktransactions accounting.reports.aged.read")
                        .headers().firstValue("Location").orElseThrow()).get("code"), "redirect_uri", "http://localhost/cb")));
        assertThat(granular.get("scope").asText()).isEqualTo("offline_access accounting.payments.read accounting.banktransactions accounting.reports.aged.read");

        HttpResponse<String> unknown = api.authorize(SMALL.clientId(), "http://localhost/cb", "s", "accounting.everything");
        assertThat(Api.query(unknown.headers().firstValue("Location").orElseThrow())).containsEntry("error", "invalid_scope");
    }

    @Test
    void should_return_exactly_the_changed_settings_since_if_modified_since() {
        try (XeroSandbox changing = new XeroSandbox(SMALL).start(0)) {
            assertChangesServedSince(changing, List.of("Accounts", "Items", "Users"));
        }
    }

    /**
     * For each collection: changes some records, then If-Modified-Since from the DateTimeUTC before
     * answers exactly those ids, in order (page 1 on paged endpoints, hidden records shown).
     */
    static void assertChangesServedSince(XeroSandbox changing, List<String> collections) {
        Api changingApi = new Api(changing);
        String token = changingApi.authorizationCode().get("access_token").asText();
        String tenant = changing.tenantIds().get(0);
        for (String collection : collections) {
            String idField = idFieldOf(changing, tenant, collection);
            String cursor = ims(millis(changingApi.json(changingApi.get("/api.xro/2.0/Organisation", token, tenant)).get("DateTimeUTC").asText()));
            List<String> changed = changing.applyChanges(tenant, collection, 7);
            assertThat(changed).as(collection).hasSize(7).doesNotHaveDuplicates();
            String path = "/api.xro/2.0/" + collection + "?page=1&includeArchived=true&includeDeleted=true";
            JsonNode since = changingApi.json(changingApi.get(path, token, tenant, "If-Modified-Since", cursor));
            assertThat(ids(since.get(collection), idField)).as(collection).containsExactlyElementsOf(changed);
            List<Long> stamps = changed.stream().map(id -> changing.record(tenant, collection, id).orElseThrow())
                    .map(r -> millis(r.has("UpdatedDateUTC") ? r.get("UpdatedDateUTC").asText() : r.get("CreatedDateUTC").asText())).toList();
            if (!collection.equals("BankTransfers")) {
                assertThat(stamps).as(collection).isSorted().doesNotHaveDuplicates();
            }
            List<ObjectNode> all = changing.records(tenant, collection).toList();
            assertThat(ids(all.subList(all.size() - changed.size(), all.size()), idField)).as(collection).containsExactlyElementsOf(changed);
        }
    }

    private static String idFieldOf(XeroSandbox sandbox, String tenant, String collection) {
        String singular = collection.endsWith("ies") ? collection.substring(0, collection.length() - 3) + "y"
                : collection.substring(0, collection.length() - 1);
        return singular + "ID";
    }

    private static String tokenFor(String scope) {
        return tokenFor(api, scope);
    }

    /** An access token for every organisation with exactly {@code scope} (blank: every scope, journals, reports and payroll included). */
    static String tokenFor(Api api, String scope) {
        HttpResponse<String> redirect = api.authorize(SMALL.clientId(), "http://localhost/cb", "s", scope);
        String code = Api.query(redirect.headers().firstValue("Location").orElseThrow()).get("code");
        return api.json(api.postToken(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", "http://localhost/cb")))
                .get("access_token").asText();
    }

    static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }

    @Test
    void should_pay_exactly_what_invoices_say_they_were_paid() {
        for (XeroSandbox s : List.of(sandbox, busy)) {
            for (String tenant : s.tenantIds()) {
                Map<String, List<JsonNode>> paymentsByInvoice = new LinkedHashMap<>();
                s.records(tenant, "Payments").forEach(p -> {
                    assertThat(p.get("Amount").decimalValue()).isPositive();
                    if (p.get("Status").asText().equals("AUTHORISED")) {
                        paymentsByInvoice.computeIfAbsent(p.get("Invoice").get("InvoiceID").asText(), k -> new ArrayList<>()).add(p);
                    } else {
                        assertThat(p.get("Status").asText()).isEqualTo("DELETED");
                    }
                });
                Set<String> invoiceIds = new HashSet<>();
                s.records(tenant, "Invoices").forEach(invoice -> {
                    String id = invoice.get("InvoiceID").asText();
                    invoiceIds.add(id);
                    List<JsonNode> payments = paymentsByInvoice.getOrDefault(id, List.of());
                    BigDecimal sum = payments.stream().map(p -> p.get("Amount").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
                    assertThat(invoice.get("AmountPaid").decimalValue()).as(id).isEqualByComparingTo(sum);
                    assertThat(ids(invoice.get("Payments"), "PaymentID")).as(id).containsExactlyInAnyOrderElementsOf(ids(payments, "PaymentID"));
                    for (JsonNode embedded : invoice.get("Payments")) {
                        JsonNode payment = payments.stream().filter(p -> p.get("PaymentID").equals(embedded.get("PaymentID"))).findFirst().orElseThrow();
                        assertThat(payment.get("Date")).isEqualTo(embedded.get("Date"));
                        assertThat(payment.get("Amount").decimalValue()).isEqualByComparingTo(embedded.get("Amount").decimalValue());
                        assertThat(payment.get("PaymentType").asText()).isEqualTo(invoice.get("Type").asText() + "PAYMENT");
                    }
                    if (invoice.get("Status").asText().equals("PAID")) {
                        assertThat(millis(invoice.get("FullyPaidOnDate").asText())).as(id).isGreaterThanOrEqualTo(
                                payments.stream().mapToLong(p -> millis(p.get("Date").asText())).max().orElse(Long.MIN_VALUE));
                        assertThat(invoice.get("AmountDue").decimalValue()).isZero();
                    }
                });
                assertThat(invoiceIds).containsAll(paymentsByInvoice.keySet());
                assertThat(paymentsByInvoice).isNotEmpty();
            }
        }
    }

    @Test
    void should_batch_payments_that_exist_with_the_batch_id() {
        for (XeroSandbox s : List.of(sandbox, busy)) {
            String tenant = s.tenantIds().get(0);
            Map<String, ObjectNode> payments = new LinkedHashMap<>();
            s.records(tenant, "Payments").forEach(p -> payments.put(p.get("PaymentID").asText(), p));
            Set<String> accounts = s.records(tenant, "Accounts").filter(a -> a.get("Type").asText().equals("BANK"))
                    .map(a -> a.get("AccountID").asText()).collect(Collectors.toSet());
            List<ObjectNode> batches = s.records(tenant, "BatchPayments").toList();
            assertThat(batches).isNotEmpty();
            for (ObjectNode batch : batches) {
                assertThat(accounts).contains(batch.get("Account").get("AccountID").asText());
                BigDecimal total = BigDecimal.ZERO;
                for (JsonNode entry : batch.get("Payments")) {
                    ObjectNode payment = payments.get(entry.get("PaymentID").asText());
                    assertThat(payment).isNotNull();
                    assertThat(payment.get("BatchPaymentID").asText()).isEqualTo(batch.get("BatchPaymentID").asText());
                    assertThat(payment.get("Date")).isEqualTo(batch.get("Date"));
                    assertThat(payment.get("Status").asText()).isEqualTo(batch.get("Status").asText());
                    total = total.add(payment.get("Amount").decimalValue());
                }
                assertThat(batch.get("TotalAmount").decimalValue()).isEqualByComparingTo(total);
            }
            assertThat(payments.values()).filteredOn(p -> p.has("BatchPaymentID")).allSatisfy(p -> assertThat(batches)
                    .anySatisfy(b -> assertThat(b.get("BatchPaymentID")).isEqualTo(p.get("BatchPaymentID"))));
        }
        assertThat(busy.records(busy.tenantIds().get(0), "BatchPayments").map(b -> b.get("Status").asText())).contains("AUTHORISED");
    }

    @Test
    void should_allocate_credits_within_their_totals_to_the_invoices_that_show_them() {
        for (XeroSandbox s : List.of(sandbox, busy)) {
            for (String tenant : s.tenantIds()) {
                Map<String, ObjectNode> invoices = new LinkedHashMap<>();
                s.records(tenant, "Invoices").forEach(i -> invoices.put(i.get("InvoiceID").asText(), i));
                Map<String, BigDecimal> creditedByInvoice = new LinkedHashMap<>();
                for (String collection : List.of("CreditNotes", "Prepayments", "Overpayments")) {
                    String idField = idFieldOf(s, tenant, collection);
                    List<ObjectNode> credits = s.records(tenant, collection).toList();
                    assertThat(credits).as(collection).isNotEmpty();
                    for (ObjectNode credit : credits) {
                        BigDecimal total = credit.get("Total").decimalValue();
                        BigDecimal allocated = BigDecimal.ZERO;
                        for (JsonNode allocation : credit.get("Allocations")) {
                            BigDecimal amount = allocation.get("Amount").decimalValue();
                            assertThat(amount).isPositive();
                            allocated = allocated.add(amount);
                            ObjectNode invoice = invoices.get(allocation.get("Invoice").get("InvoiceID").asText());
                            assertThat(invoice).isNotNull();
                            assertThat(invoice.get("Contact").get("ContactID")).isEqualTo(credit.get("Contact").get("ContactID"));
                            assertThat(invoice.get("CurrencyCode")).isEqualTo(credit.get("CurrencyCode"));
                            JsonNode shown = StreamSupport.stream(invoice.get(collection).spliterator(), false)
                                    .filter(c -> c.get(idField).equals(credit.get(idField))).findFirst().orElseThrow();
                            assertThat(shown.get("AppliedAmount").decimalValue()).isEqualByComparingTo(amount);
                            creditedByInvoice.merge(invoice.get("InvoiceID").asText(), amount, BigDecimal::add);
                        }
                        assertThat(allocated).as(collection).isLessThanOrEqualTo(total);
                        assertThat(credit.get("AppliedAmount").decimalValue()).isEqualByComparingTo(allocated);
                        String status = credit.get("Status").asText();
                        if (status.equals("AUTHORISED")) {
                            assertThat(credit.get("RemainingCredit").decimalValue()).isEqualByComparingTo(total.subtract(allocated));
                        } else if (status.equals("PAID")) {
                            assertThat(allocated).isEqualByComparingTo(total);
                        }
                    }
                }
                invoices.values().forEach(invoice -> assertThat(invoice.get("AmountCredited").decimalValue()).as(invoice.get("InvoiceID").asText())
                        .isEqualByComparingTo(creditedByInvoice.getOrDefault(invoice.get("InvoiceID").asText(), BigDecimal.ZERO)));
            }
        }
    }

    @Test
    void should_balance_manual_journals_and_post_only_to_the_chart() {
        for (XeroSandbox s : List.of(sandbox, busy)) {
            for (String tenant : s.tenantIds()) {
                Map<String, String> accounts = new LinkedHashMap<>();
                s.records(tenant, "Accounts").forEach(a -> accounts.put(a.get("Code").asText(), a.get("AccountID").asText()));
                List<ObjectNode> journals = s.records(tenant, "ManualJournals").toList();
                assertThat(journals).isNotEmpty();
                for (ObjectNode journal : journals) {
                    BigDecimal sum = BigDecimal.ZERO;
                    assertThat(journal.get("JournalLines").size()).isGreaterThanOrEqualTo(2);
                    for (JsonNode line : journal.get("JournalLines")) {
                        sum = sum.add(line.get("LineAmount").decimalValue());
                        assertThat(accounts.get(line.get("AccountCode").asText())).isEqualTo(line.get("AccountID").asText());
                    }
                    assertThat(sum).as(journal.get("Narration").asText()).isZero();
                }
            }
        }
        assertThat(busy.records(busy.tenantIds().get(0), "ManualJournals").map(j -> j.get("Status").asText()).distinct())
                .contains("POSTED").containsAnyOf("VOIDED", "DELETED");
    }

    @Test
    void should_move_money_between_bank_accounts_only() {
        for (XeroSandbox s : List.of(sandbox, busy)) {
            for (String tenant : s.tenantIds()) {
                Map<String, ObjectNode> banks = new LinkedHashMap<>();
                s.records(tenant, "Accounts").filter(a -> a.get("Type").asText().equals("BANK"))
                        .forEach(a -> banks.put(a.get("AccountID").asText(), a));
                s.records(tenant, "BankTransfers").forEach(t -> {
                    ObjectNode from = banks.get(t.get("FromBankAccount").get("AccountID").asText());
                    ObjectNode to = banks.get(t.get("ToBankAccount").get("AccountID").asText());
                    assertThat(from).isNotNull();
                    assertThat(to).isNotNull().isNotEqualTo(from);
                    assertThat(from.get("Code")).isEqualTo(t.get("FromBankAccount").get("Code"));
                    assertThat(t.get("Amount").decimalValue()).isPositive();
                });
                s.records(tenant, "BankTransactions").forEach(t -> {
                    ObjectNode account = banks.get(t.get("BankAccount").get("AccountID").asText());
                    assertThat(account).isNotNull();
                    assertThat(t.get("CurrencyCode")).isEqualTo(account.get("CurrencyCode"));
                    assertThat(t.get("Type").asText()).isIn("RECEIVE", "SPEND");
                });
                s.records(tenant, "Payments").forEach(p -> assertThat(banks).containsKey(p.get("Account").get("AccountID").asText()));
            }
        }
        Set<String> statuses = sandbox.records(first, "BankTransactions").map(t -> t.get("Status").asText()).collect(Collectors.toSet());
        assertThat(statuses).containsExactlyInAnyOrder("AUTHORISED", "VOIDED", "DELETED");
    }

    @Test
    void should_tag_every_document_line_with_existing_tracking_options() {
        for (XeroSandbox s : List.of(sandbox, busy)) {
            for (String tenant : s.tenantIds()) {
                Map<String, String> options = new LinkedHashMap<>();
                s.records(tenant, "TrackingCategories").forEach(category -> category.get("Options").forEach(option ->
                        options.put(option.get("TrackingOptionID").asText(), category.get("TrackingCategoryID").asText() + "|"
                                + category.get("Name").asText() + "|" + option.get("Name").asText())));
                Set<String> items = s.records(tenant, "Items").map(i -> i.get("Code").asText()).collect(Collectors.toSet());
                Set<String> accounts = s.records(tenant, "Accounts").map(a -> a.get("AccountID").asText()).collect(Collectors.toSet());
                for (String collection : List.of("BankTransactions", "CreditNotes", "Overpayments", "Prepayments", "PurchaseOrders",
                        "Quotes", "Receipts", "RepeatingInvoices", "ManualJournals", "BankTransfers")) {
                    s.records(tenant, collection).forEach(document -> {
                        List<JsonNode> trackings = new ArrayList<>();
                        for (String lines : List.of("LineItems", "JournalLines")) {
                            for (JsonNode line : document.path(lines)) {
                                assertThat(accounts).as(collection).contains(line.get("AccountID").asText());
                                if (line.has("ItemCode")) {
                                    assertThat(items).contains(line.get("ItemCode").asText());
                                }
                                line.get("Tracking").forEach(trackings::add);
                            }
                        }
                        document.path("FromTracking").forEach(trackings::add);
                        for (JsonNode t : trackings) {
                            assertThat(options.get(t.get("TrackingOptionID").asText())).as(collection + " " + t)
                                    .isEqualTo(t.get("TrackingCategoryID").asText() + "|" + t.get("Name").asText() + "|" + t.get("Option").asText());
                        }
                    });
                }
            }
        }
    }

    @Test
    void should_claim_receipts_that_exist_with_the_claim_status() {
        for (XeroSandbox s : List.of(sandbox, busy)) {
            String tenant = s.tenantIds().get(0);
            Map<String, ObjectNode> receipts = new LinkedHashMap<>();
            s.records(tenant, "Receipts").forEach(r -> receipts.put(r.get("ReceiptID").asText(), r));
            Set<String> users = s.records(tenant, "Users").map(u -> u.get("UserID").asText()).collect(Collectors.toSet());
            Set<String> claimed = new HashSet<>();
            for (ObjectNode claim : s.records(tenant, "ExpenseClaims").toList()) {
                assertThat(users).contains(claim.get("User").get("UserID").asText());
                BigDecimal total = BigDecimal.ZERO;
                for (JsonNode summary : claim.get("Receipts")) {
                    ObjectNode receipt = receipts.get(summary.get("ReceiptID").asText());
                    assertThat(receipt).isNotNull();
                    assertThat(claimed.add(receipt.get("ReceiptID").asText())).as("claimed once").isTrue();
                    assertThat(receipt.get("Status")).isEqualTo(summary.get("Status"));
                    assertThat(receipt.get("Total")).isEqualTo(summary.get("Total"));
                    assertThat(receipt.get("User").get("UserID")).isEqualTo(claim.get("User").get("UserID"));
                    String expected = switch (claim.get("Status").asText()) {
                        case "AUTHORISED", "PAID" -> "AUTHORISED";
                        case "VOIDED" -> "VOIDED";
                        default -> "SUBMITTED";
                    };
                    assertThat(receipt.get("Status").asText()).isEqualTo(expected);
                    total = total.add(receipt.get("Total").decimalValue());
                }
                assertThat(claim.get("Total").decimalValue()).isEqualByComparingTo(total);
                assertThat(claim.get("AmountPaid").decimalValue().add(claim.get("AmountDue").decimalValue()))
                        .isEqualByComparingTo(claim.get("Status").asText().equals("VOIDED") ? claim.get("AmountPaid").decimalValue() : total);
            }
            receipts.values().stream().filter(r -> !claimed.contains(r.get("ReceiptID").asText()))
                    .forEach(r -> assertThat(r.get("Status").asText()).isIn("DRAFT", "DECLINED", "VOIDED"));
        }
    }

    @Test
    void should_link_billable_expenses_from_bills_to_sales_invoices() {
        for (String tenant : sandbox.tenantIds()) {
            Map<String, ObjectNode> invoices = new LinkedHashMap<>();
            sandbox.records(tenant, "Invoices").forEach(i -> invoices.put(i.get("InvoiceID").asText(), i));
            List<ObjectNode> links = sandbox.records(tenant, "LinkedTransactions").toList();
            assertThat(links).isNotEmpty();
            for (ObjectNode link : links) {
                ObjectNode bill = invoices.get(link.get("SourceTransactionID").asText());
                assertThat(bill.get("Type").asText()).isEqualTo("ACCPAY");
                assertThat(ids(bill.get("LineItems"), "LineItemID")).contains(link.get("SourceLineItemID").asText());
                if (link.has("TargetTransactionID")) {
                    ObjectNode sale = invoices.get(link.get("TargetTransactionID").asText());
                    assertThat(sale.get("Type").asText()).isEqualTo("ACCREC");
                    assertThat(ids(sale.get("LineItems"), "LineItemID")).contains(link.get("TargetLineItemID").asText());
                    assertThat(sale.get("Contact").get("ContactID")).isEqualTo(link.get("ContactID"));
                    assertThat(link.get("Status").asText()).isIn("BILLED", "ONDRAFT");
                }
            }
        }
    }

    @Test
    void should_page_each_endpoint_as_xero_does() {
        // P+S: page and pageSize, with the pagination object
        JsonNode page2 = api.json(api.get("/api.xro/2.0/BankTransactions?page=2&pageSize=40", everyOrgToken, first));
        assertThat(page2.get("pagination").get("itemCount").asInt()).isEqualTo(125);
        assertThat(page2.get("pagination").get("pageCount").asInt()).isEqualTo(4);
        assertThat(ids(page2.get("BankTransactions"), "BankTransactionID"))
                .isEqualTo(ids(sandbox.records(first, "BankTransactions").skip(40).limit(40).toList(), "BankTransactionID"));
        JsonNode unpaged = api.json(api.get("/api.xro/2.0/BankTransactions", everyOrgToken, first));
        assertThat(unpaged.has("pagination")).isFalse();
        assertThat(unpaged.get("BankTransactions")).hasSize(125).allSatisfy(t -> assertThat(t.get("LineItems")).isEmpty());
        assertThat(api.json(api.get("/api.xro/2.0/ManualJournals", everyOrgToken, first)).get("ManualJournals"))
                .allSatisfy(j -> assertThat(j.has("JournalLines")).isFalse());

        // P: page only, always 100, no pagination object; pageSize is not looked at
        try (XeroSandbox big = new XeroSandbox(SMALL.withInvoices(4000).withOrganisations(1)).start(0)) {
            Api bigApi = new Api(big);
            String token = bigApi.authorizationCode().get("access_token").asText();
            String tenant = big.tenantIds().get(0);
            List<ObjectNode> quotes = big.records(tenant, "Quotes").toList();
            assertThat(quotes).hasSize(205);
            JsonNode quotesPage3 = bigApi.json(bigApi.get("/api.xro/2.0/Quotes?page=3&pageSize=10", token, tenant));
            assertThat(quotesPage3.has("pagination")).isFalse();
            assertThat(ids(quotesPage3.get("Quotes"), "QuoteID")).isEqualTo(ids(quotes.subList(200, 205), "QuoteID"));
            assertThat(bigApi.json(bigApi.get("/api.xro/2.0/Quotes?page=1", token, tenant)).get("Quotes")).hasSize(100)
                    .allSatisfy(q -> assertThat(q.has("LineItems")).isTrue());
            assertThat(bigApi.json(bigApi.get("/api.xro/2.0/Quotes", token, tenant)).get("Quotes")).hasSize(205)
                    .allSatisfy(q -> assertThat(q.has("LineItems")).isFalse());
            JsonNode links = bigApi.json(bigApi.get("/api.xro/2.0/LinkedTransactions?page=1", token, tenant));
            assertThat(links.get("LinkedTransactions")).hasSize(45);
            assertThat(links.has("pagination")).isFalse();
        }

        // none: page is not looked at
        JsonNode transfers = api.json(api.get("/api.xro/2.0/BankTransfers?page=2&pageSize=1", everyOrgToken, first));
        assertThat(transfers.has("pagination")).isFalse();
        assertThat(transfers.get("BankTransfers").size()).isGreaterThan(1);
        // order where the spec has it, ignored where it has not, refused otherwise
        List<String> ascending = ids(api.json(api.get("/api.xro/2.0/Payments?order=UpdatedDateUTC", everyOrgToken, first)).get("Payments"), "PaymentID");
        List<String> descending = ids(api.json(api.get("/api.xro/2.0/Payments?order=UpdatedDateUTC%20DESC", everyOrgToken, first)).get("Payments"), "PaymentID");
        assertThat(descending).isEqualTo(reversed(ascending));
        assertThat(api.get("/api.xro/2.0/LinkedTransactions?order=Nonsense", everyOrgToken, first).statusCode()).isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/RepeatingInvoices?order=Reference", everyOrgToken, first).statusCode()).isEqualTo(400);
    }

    @Test
    void should_honour_if_modified_since_only_where_xero_does() {
        String cursor = ims(HISTORY_END - 60L * 86_400_000);
        // IMS endpoints filter ...
        JsonNode recent = api.json(api.get("/api.xro/2.0/Quotes?page=1", everyOrgToken, first, "If-Modified-Since", cursor));
        assertThat(recent.get("Quotes").size()).isLessThan((int) sandbox.records(first, "Quotes").count());
        // ... the others serve everything
        for (String path : List.of("LinkedTransactions?page=1", "RepeatingInvoices", "TaxRates", "TrackingCategories", "ContactGroups",
                "Currencies", "BrandingThemes")) {
            String key = path.replaceFirst("\\?.*", "");
            JsonNode all = api.json(api.get("/api.xro/2.0/" + path, everyOrgToken, first, "If-Modified-Since", ims(HISTORY_END)));
            assertThat(all.get(key)).as(path).isNotEmpty();
        }
    }

    @Test
    void should_hide_deleted_bank_transfers_unless_asked() {
        List<ObjectNode> all = sandbox.records(first, "BankTransfers").toList();
        Set<String> deleted = all.stream().filter(t -> t.get("Status").asText().equals("DELETED"))
                .map(t -> t.get("BankTransferID").asText()).collect(Collectors.toSet());
        assertThat(deleted).isNotEmpty();
        JsonNode visible = api.json(api.get("/api.xro/2.0/BankTransfers", everyOrgToken, first));
        assertThat(ids(visible.get("BankTransfers"), "BankTransferID")).doesNotContainAnyElementsOf(deleted).hasSize(all.size() - deleted.size());
        JsonNode everything = api.json(api.get("/api.xro/2.0/BankTransfers?includeDeleted=true", everyOrgToken, first));
        assertThat(everything.get("BankTransfers")).containsExactlyElementsOf(all);
        String one = deleted.iterator().next();
        assertThat(api.get("/api.xro/2.0/BankTransfers/" + one, everyOrgToken, first).statusCode()).isEqualTo(200);
    }

    @Test
    void should_return_exactly_the_changed_transactions_since_if_modified_since() {
        try (XeroSandbox changing = new XeroSandbox(SMALL).start(0)) {
            assertChangesServedSince(changing, CHANGEABLE_TRANSACTIONS);
            // a payment changes its invoice too; deleting a link makes it vanish
            String tenant = changing.tenantIds().get(0);
            long paid = changing.records(tenant, "Invoices").filter(i -> i.get("AmountPaid").decimalValue().signum() > 0).count();
            assertThat(paid).isPositive();
            String link = changing.records(tenant, "LinkedTransactions").findFirst().orElseThrow().get("LinkedTransactionID").asText();
            assertThat(changing.deleteRecord(tenant, "LinkedTransactions", link)).isTrue();
            assertThat(changing.records(tenant, "LinkedTransactions")).noneMatch(l -> l.get("LinkedTransactionID").asText().equals(link));
            assertThatThrownBy(() -> changing.deleteRecord(tenant, "BankTransactions", link)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_grant_transaction_endpoints_to_their_granular_scopes() {
        String payments = tokenFor("accounting.payments.read");
        for (String path : List.of("Payments", "BatchPayments", "Overpayments", "Prepayments")) {
            assertThat(api.get("/api.xro/2.0/" + path, payments, first).statusCode()).as(path).isEqualTo(200);
        }
        for (String path : List.of("BankTransactions", "Invoices", "ManualJournals", "Receipts", "Accounts")) {
            assertThat(api.get("/api.xro/2.0/" + path, payments, first).statusCode()).as(path).isEqualTo(401);
        }
        String expenses = tokenFor("accounting.classicexpenses");
        assertThat(api.get("/api.xro/2.0/ExpenseClaims", expenses, first).statusCode()).isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/Receipts", expenses, first).statusCode()).isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/Quotes", expenses, first).statusCode()).isEqualTo(401);
        // the broad scope they replace, for an app created before March 2026
        try (XeroSandbox older = new XeroSandbox(SMALL.withAppCreated(java.time.LocalDate.of(2025, 6, 1))).start(0)) {
            Api olderApi = new Api(older);
            String broad = tokenFor(olderApi, "accounting.transactions.read");
            for (String path : CHANGEABLE_TRANSACTIONS) {
                assertThat(olderApi.get("/api.xro/2.0/" + path, broad, first).statusCode()).as(path).isEqualTo(200);
            }
            assertThat(olderApi.get("/api.xro/2.0/Items", broad, first).statusCode()).isEqualTo(401);
        }
        assertThat(XeroSandbox.requiredScopes()).containsEntry("BankTransactions", "accounting.transactions")
                .containsEntry("Receipts", "accounting.transactions").containsEntry("Projects/{projectId}/Time", "projects").hasSize(26 + 5 + 8 + 3);
        assertThat(XeroSandbox.acceptedScopes().get("BankTransfers")).containsExactly("accounting.transactions",
                "accounting.transactions.read", "accounting.banktransactions", "accounting.banktransactions.read");
    }

    @Test
    void should_fail_any_endpoint_by_path_name() {
        try (XeroSandbox faulty = new XeroSandbox(SMALL).start(0)) {
            Api faultyApi = new Api(faulty);
            String token = faultyApi.authorizationCode().get("access_token").asText();
            String tenant = faulty.tenantIds().get(0);
            faulty.failEndpoint("BankTransactions", 503);
            faulty.failEndpoint("InvoiceReminders", 500);
            assertThat(faultyApi.get("/api.xro/2.0/BankTransactions?page=1", token, tenant).statusCode()).isEqualTo(503);
            assertThat(faultyApi.get("/api.xro/2.0/InvoiceReminders/Settings", token, tenant).statusCode()).isEqualTo(500);
            assertThat(faultyApi.get("/api.xro/2.0/BankTransfers", token, tenant).statusCode()).isEqualTo(200);
            assertThat(faulty.apiCalls(tenant, "InvoiceReminders")).isEqualTo(1);
            assertThat(faulty.apiCalls(tenant, "BankTransactions")).isEqualTo(1);
        }
    }

    private static long remaining(HttpResponse<?> response, String header) {
        return Long.parseLong(response.headers().firstValue(header).orElseThrow());
    }

    static List<String> ids(Iterable<? extends JsonNode> records, String field) {
        return StreamSupport.stream(records.spliterator(), false).map(r -> r.get(field).asText()).toList();
    }

    static long millis(String msDate) {
        Matcher m = Pattern.compile("/Date\\((\\d+)(\\+0000)?\\)/").matcher(msDate);
        assertThat(m.matches()).as(msDate).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    /** The If-Modified-Since form a sync sends: UTC, milliseconds, no zone. */
    static String ims(long millis) {
        return Instant.ofEpochMilli(millis).toString().replace("Z", "");
    }

    /** A small client for the sandbox's HTTP surface, shared by the sandbox tests. */
    static final class Api {
        static final ObjectMapper JSON = JsonMapper.builder()
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        private final XeroSandbox sandbox;

        Api(XeroSandbox sandbox) {
            this.sandbox = sandbox;
        }

        HttpResponse<String> get(String path, String token, String tenant, String... headers) {
            return send(request(path, token, tenant, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<byte[]> getBytes(String path, String token, String tenant) {
            return send(request(path, token, tenant).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        /** A GET that must answer 200, parsed. */
        JsonNode getOk(String path, String token, String tenant, String... headers) {
            HttpResponse<String> response = get(path, token, tenant, headers);
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return json(response);
        }

        HttpResponse<String> delete(String path, String token) {
            return send(request(path, token, null).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        }

        /**
         * The authorize step as a user goes through it: the authorize request, then (when it shows the login page) the
         * demo user's login and Allow access for every organisation. The last answer: the redirect, or the refusal.
         */
        HttpResponse<String> authorize(String clientId, String redirectUri, String state, String scope) {
            HttpResponse<String> page = authorizePage(clientId, redirectUri, state, scope);
            if (page.statusCode() != 200) {
                return page;
            }
            String request = hidden(page.body(), "request");
            HttpResponse<String> consent = login(request, XeroSandbox.DEMO_EMAIL, XeroSandbox.DEMO_PASSWORD);
            assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
            return consent(request, "allow", values(consent.body(), "tenant"));
        }

        /** Only the authorize request: its login page, or its refusal. */
        HttpResponse<String> authorizePage(String clientId, String redirectUri, String state, String scope) {
            return get("/identity/connect/authorize?response_type=code&client_id=" + encode(clientId)
                    + "&redirect_uri=" + encode(redirectUri) + "&scope=" + encode(scope) + "&state=" + encode(state), null, null);
        }

        /** Submits the login page's form. */
        HttpResponse<String> login(String request, String email, String password) {
            return postForm("/identity/connect/authorize/login", List.of(Map.entry("request", request),
                    Map.entry("email", email), Map.entry("password", password)));
        }

        /** Submits the consent page's form with this decision ("allow" or "deny") and these organisations ticked. */
        HttpResponse<String> consent(String request, String decision, List<String> tenants) {
            List<Map.Entry<String, String>> fields = new ArrayList<>(List.of(Map.entry("request", request),
                    Map.entry("decision", decision)));
            tenants.forEach(t -> fields.add(Map.entry("tenant", t)));
            return postForm("/identity/connect/authorize/consent", fields);
        }

        /** A form POST as a browser sends it (no cookies: the sandbox's pages need none). */
        HttpResponse<String> postForm(String path, List<Map.Entry<String, String>> fields) {
            return send(request(path, null, null).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(fields.stream()
                            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The value of the page's hidden input of that name. */
        static String hidden(String html, String name) {
            List<String> found = values(html, name);
            assertThat(found).as("input " + name + " in " + html).hasSize(1);
            return found.get(0);
        }

        /** The values of the page's inputs of that name, in order (the sandbox writes name before value). */
        static List<String> values(String html, String name) {
            Matcher m = Pattern.compile("<input[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*\\bvalue=\"([^\"]*)\"").matcher(html);
            List<String> found = new ArrayList<>();
            while (m.find()) {
                found.add(m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'")
                        .replace("&amp;", "&"));
            }
            return found;
        }

        HttpResponse<String> postToken(Map<String, String> form) {
            return postToken("sandbox-client", "sandbox-secret", form);
        }

        HttpResponse<String> postToken(String clientId, String clientSecret, Map<String, String> form) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"))));
            if (clientId != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)));
            }
            return send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /**
         * Authorize (the demo user allows every organisation) and exchange the code: a grant for every organisation, of
         * settings, contacts and transactions (broad, or their granular scopes for an app created from March 2026).
         */
        JsonNode authorizationCode() {
            HttpResponse<String> redirect = authorize("sandbox-client", "http://localhost/callback", "state",
                    "openid offline_access accounting.settings accounting.contacts " + String.join(" ", sandbox.scopeSet()
                            == com.xerosync.config.ScopeSet.GRANULAR ? com.xerosync.config.ScopeSet.SPLIT.get(
                            "accounting.transactions") : List.of("accounting.transactions")));
            String code = query(redirect.headers().firstValue("Location").orElseThrow()).get("code");
            return ok(postToken(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", "http://localhost/callback")));
        }

        JsonNode clientCredentials() {
            return ok(postToken(Map.of("grant_type", "client_credentials")));
        }

        JsonNode refresh(String refreshToken) {
            return ok(postToken(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)));
        }

        JsonNode json(HttpResponse<String> response) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Map<String, String> query(String location) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : URI.create(location).getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                values.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            return values;
        }

        private JsonNode ok(HttpResponse<String> response) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return json(response);
        }

        private HttpRequest.Builder request(String path, String token, String tenant, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(20));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (tenant != null) {
                request.header("xero-tenant-id", tenant);
            }
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return request;
        }

        private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            try {
                return HTTP.send(request, handler);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
