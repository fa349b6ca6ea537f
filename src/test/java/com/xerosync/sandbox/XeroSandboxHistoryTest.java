package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.XeroSandboxTest.Api;
import com.xerosync.sandbox.settings.SandboxSettings;
import com.xerosync.sync.XeroDates;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sandbox's clock: a history that leads up to "today" (the wall clock's day unless pinned), envelopes dated by the
 * current time, changes newer than anything served before them; and Xero's date forms and ProviderName.
 */
class XeroSandboxHistoryTest {

    private static final SandboxSettings SMALL = SandboxSettings.defaults().withContacts(60).withInvoices(250);
    private static final Pattern WITHOUT_OFFSET = Pattern.compile("/Date\\(\\d+\\)/");
    private static final Pattern WITH_OFFSET = Pattern.compile("/Date\\(\\d+\\+0000\\)/");
    private static final List<String> COLLECTIONS = List.of("Invoices", "Contacts", "BankTransactions", "BankTransfers",
            "CreditNotes", "Prepayments", "Overpayments", "PurchaseOrders", "Quotes", "ManualJournals", "Payments");

    @Test
    void should_lead_the_history_up_to_today_so_that_the_last_months_report_data() {
        LocalDate today = SMALL.today();
        // the wall clock's day when the settings were made (the day before, had midnight passed since)
        assertThat(today).isBetween(LocalDate.now(ZoneOffset.UTC).minusDays(1), LocalDate.now(ZoneOffset.UTC));
        long todayStart = today.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long historyStart = today.minusMonths(42).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        try (XeroSandbox sandbox = new XeroSandbox(SMALL).start(0)) {
            String tenant = sandbox.tenantIds().get(0);
            for (String collection : COLLECTIONS) {
                // bank transfers have only a CreatedDateUTC
                List<Long> stamps = sandbox.records(tenant, collection)
                        .map(r -> millis(r, r.has("UpdatedDateUTC") ? "UpdatedDateUTC" : "CreatedDateUTC")).toList();
                assertThat(stamps).as(collection).isNotEmpty()
                        .allSatisfy(s -> assertThat(s).as(collection).isBetween(historyStart - 400L * 86_400_000, todayStart - 1));
                // the newest of the busy collections are from the last weeks: the history does not stop months ago
                if (List.of("Invoices", "Contacts", "BankTransactions", "Payments").contains(collection)) {
                    assertThat(stamps.stream().mapToLong(Long::longValue).max().orElseThrow()).as(collection)
                            .isGreaterThan(todayStart - 30L * 86_400_000);
                }
            }
            List<LocalDate> invoiceDates = sandbox.records(tenant, "Invoices").map(i -> XeroDates.parseDate(i.get("Date").asText())).toList();
            assertThat(invoiceDates).allSatisfy(d -> assertThat(d).isBefore(today));
            assertThat(sandbox.records(tenant, "Invoices").mapToLong(i -> millis(i, "UpdatedDateUTC")).min().orElseThrow())
                    .isGreaterThanOrEqualTo(historyStart);

            // the sync asks for each of the last 12 months: the last whole ones carry income and expenses
            for (int back = 1; back <= 3; back++) {
                YearMonth month = YearMonth.from(today).minusMonths(back);
                JsonNode report = sandbox.report(tenant, "Reports/ProfitAndLoss", Map.of("fromDate", month.atDay(1).toString(),
                        "toDate", month.atEndOfMonth().toString())).get("Reports").get(0);
                assertThat(nonZeroAmounts(report.get("Rows"))).as("P&L of %s", month).isGreaterThan(3);
            }
            JsonNode balanceSheet = sandbox.report(tenant, "Reports/BalanceSheet", Map.of()).get("Reports").get(0);
            assertThat(balanceSheet.get("ReportDate").asText()).isEqualTo(XeroSandboxHistoryTest.display(today));
        }
    }

    @Test
    void should_date_envelopes_by_the_current_time() {
        try (XeroSandbox sandbox = new XeroSandbox(SMALL.withContacts(5).withInvoices(10)).start(0)) {
            Api api = new Api(sandbox);
            String token = api.authorizationCode().get("access_token").asText();
            String tenant = sandbox.tenantIds().get(0);
            long before = System.currentTimeMillis();
            JsonNode organisation = api.getOk("/api.xro/2.0/Organisation", token, tenant);
            long after = System.currentTimeMillis();
            assertThat(millis(organisation, "DateTimeUTC")).isBetween(before, after);
        }
    }

    @Test
    void should_generate_the_same_data_for_the_same_seed_and_day_whatever_the_clock_says() {
        LocalDate day = LocalDate.parse("2025-03-15");
        SandboxSettings pinned = SMALL.withToday(day);
        SandboxSettings clocked = SMALL.withClock(Clock.fixed(Instant.parse("2025-03-15T17:45:00Z"), ZoneOffset.UTC));
        SandboxSettings nextDay = SMALL.withToday(day.plusDays(1));
        assertThat(clocked.today()).isEqualTo(day);
        try (XeroSandbox a = new XeroSandbox(pinned); XeroSandbox b = new XeroSandbox(clocked); XeroSandbox c = new XeroSandbox(nextDay)) {
            String tenant = a.tenantIds().get(1);
            for (String collection : COLLECTIONS) {
                assertThat(b.records(tenant, collection).toList()).as(collection).isEqualTo(a.records(tenant, collection).toList());
            }
            assertThat(b.report(tenant, "Reports/BalanceSheet", Map.of()).get("Reports"))
                    .isEqualTo(a.report(tenant, "Reports/BalanceSheet", Map.of()).get("Reports"));
            assertThat(a.records(tenant, "Invoices").map(i -> XeroDates.parseDate(i.get("Date").asText())))
                    .allSatisfy(d -> assertThat(d).isBefore(day));
            // another day, another history: the same records, moved along the calendar
            assertThat(c.records(tenant, "Invoices").toList()).isNotEqualTo(a.records(tenant, "Invoices").toList());
            assertThat(c.records(tenant, "Invoices").map(i -> i.get("InvoiceID").asText()).toList())
                    .isEqualTo(a.records(tenant, "Invoices").map(i -> i.get("InvoiceID").asText()).toList());
        }
    }

    @Test
    void should_stamp_changes_after_every_date_time_served_even_within_the_same_millisecond() {
        // a clock that never moves: DateTimeUTC and the changes would share a millisecond if the sandbox let them
        Clock stopped = Clock.fixed(Instant.parse("2026-07-01T09:00:00Z"), ZoneOffset.UTC);
        try (XeroSandbox sandbox = new XeroSandbox(SMALL.withClock(stopped)).start(0)) {
            Api api = new Api(sandbox);
            String token = api.authorizationCode().get("access_token").asText();
            String tenant = sandbox.tenantIds().get(0);
            for (int round = 0; round < 3; round++) {
                long served = millis(api.getOk("/api.xro/2.0/Organisation", token, tenant), "DateTimeUTC");
                List<String> changed = sandbox.applyChanges(tenant, "Invoices", 4);
                JsonNode since = api.getOk("/api.xro/2.0/Invoices?page=1", token, tenant,
                        "If-Modified-Since", XeroDates.ifModifiedSince(Instant.ofEpochMilli(served)));
                Set<String> ids = new HashSet<>();
                since.get("Invoices").forEach(i -> {
                    ids.add(i.get("InvoiceID").asText());
                    assertThat(millis(i, "UpdatedDateUTC")).isGreaterThan(served);
                });
                assertThat(ids).containsExactlyInAnyOrderElementsOf(changed);
            }
        }
    }

    @Test
    void should_refuse_a_today_that_is_not_a_date_saying_what_it_expects() {
        assertThat(SandboxSettings.parseToday("sandbox.today", " ", LocalDate.EPOCH)).isEqualTo(LocalDate.EPOCH);
        assertThat(SandboxSettings.parseToday("sandbox.today", "2026-07-01", LocalDate.EPOCH)).isEqualTo(LocalDate.parse("2026-07-01"));
        assertThatThrownBy(() -> SandboxSettings.parseToday("sandbox.today", "01/07/2026", LocalDate.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sandbox.today").hasMessageContaining("2026-07-01").hasMessageContaining("'01/07/2026'");
    }

    @Test
    void should_name_the_calling_app_as_provider_and_on_the_consent_page() {
        try (XeroSandbox named = new XeroSandbox(SMALL.withContacts(5).withInvoices(10).withAppName("Acme <Dashboards>")).start(0);
             XeroSandbox plain = new XeroSandbox(SMALL.withContacts(5).withInvoices(10)).start(0)) {
            Api api = new Api(named);
            String token = XeroSandboxTest.tokenFor(api, "");
            String tenant = named.tenantIds().get(0);
            for (String path : List.of("/api.xro/2.0/Organisation", "/api.xro/2.0/Invoices?page=1", "/api.xro/2.0/Reports/BalanceSheet")) {
                assertThat(api.getOk(path, token, tenant).get("ProviderName").asText()).as(path).isEqualTo("Acme <Dashboards>");
            }
            String request = Api.hidden(api.authorizePage(SMALL.clientId(), "http://localhost/cb", "s", "offline_access").body(), "request");
            assertThat(api.login(request, XeroSandbox.DEMO_EMAIL, XeroSandbox.DEMO_PASSWORD).body())
                    .contains("<span id=\"app-name\">Acme &lt;Dashboards&gt;</span>");

            Api plainApi = new Api(plain);
            assertThat(plainApi.getOk("/api.xro/2.0/Organisation", plainApi.authorizationCode().get("access_token").asText(),
                    tenant).get("ProviderName").asText()).isEqualTo("xero-sync").isEqualTo(SandboxSettings.DEFAULT_APP_NAME);
        }
    }

    @Test
    void should_write_dates_in_the_forms_of_xero_s_examples() {
        try (XeroSandbox sandbox = new XeroSandbox(SMALL).start(0)) {
            Api api = new Api(sandbox);
            String token = XeroSandboxTest.tokenFor(api, "");
            String tenant = sandbox.tenantIds().get(0);
            // DateString (and DeliveryDateString, CreatedDateUTCString) beside Date, naming the same day
            Map<String, List<String[]>> twins = Map.of(
                    "BankTransactions", List.<String[]>of(new String[] {"DateString", "Date"}),
                    "CreditNotes", List.<String[]>of(new String[] {"DateString", "Date"}),
                    "Prepayments", List.<String[]>of(new String[] {"DateString", "Date"}),
                    "Overpayments", List.<String[]>of(new String[] {"DateString", "Date"}),
                    "PurchaseOrders", List.of(new String[] {"DateString", "Date"}, new String[] {"DeliveryDateString", "DeliveryDate"}),
                    "BankTransfers", List.of(new String[] {"DateString", "Date"}, new String[] {"CreatedDateUTCString", "CreatedDateUTC"}),
                    "Invoices", List.of(new String[] {"DateString", "Date"}, new String[] {"DueDateString", "DueDate"}));
            twins.forEach((collection, pairs) -> {
                JsonNode records = api.getOk("/api.xro/2.0/" + collection + "?page=1", token, tenant).get(collection);
                assertThat(records).as(collection).isNotEmpty();
                records.forEach(r -> pairs.forEach(pair -> {
                    assertThat(r.get(pair[1]).asText()).as("%s %s", collection, pair[1]).matches(WITH_OFFSET);
                    Instant named = XeroDates.parse(r.get(pair[0]).asText()).toInstant();
                    Instant dated = XeroDates.parse(r.get(pair[1]).asText()).toInstant();
                    assertThat(named).as("%s %s", collection, pair[0]).isEqualTo(dated.truncatedTo(ChronoUnit.SECONDS));
                }));
            });
            // no offset where Xero's examples give none: quotes' dates, the organisation's creation, reports
            JsonNode quotes = api.getOk("/api.xro/2.0/Quotes?page=1", token, tenant).get("Quotes");
            assertThat(quotes).isNotEmpty().allSatisfy(q -> {
                for (String field : List.of("Date", "ExpiryDate", "UpdatedDateUTC")) {
                    assertThat(q.get(field).asText()).as(field).matches(WITHOUT_OFFSET);
                }
                assertThat(XeroDates.parseDate(q.get("DateString").asText())).isEqualTo(XeroDates.parseDate(q.get("Date").asText()));
            });
            assertThat(api.getOk("/api.xro/2.0/Organisation", token, tenant).get("Organisations").get(0).get("CreatedDateUTC").asText())
                    .matches(WITHOUT_OFFSET);
            for (String report : List.of("BalanceSheet", "ProfitAndLoss", "TrialBalance", "BankSummary", "ExecutiveSummary")) {
                assertThat(api.getOk("/api.xro/2.0/Reports/" + report, token, tenant).get("Reports").get(0).get("UpdatedDateUTC").asText())
                        .as(report).matches(WITHOUT_OFFSET);
            }

            // a change restamps UpdatedDateUTC in the form the record had
            List<String> quoteIds = sandbox.applyChanges(tenant, "Quotes", 3);
            List<String> orderIds = sandbox.applyChanges(tenant, "PurchaseOrders", 3);
            for (String id : quoteIds) {
                assertThat(sandbox.record(tenant, "Quotes", id).orElseThrow().get("UpdatedDateUTC").asText()).matches(WITHOUT_OFFSET);
            }
            for (String id : orderIds) {
                ObjectNode order = sandbox.record(tenant, "PurchaseOrders", id).orElseThrow();
                assertThat(order.get("UpdatedDateUTC").asText()).matches(WITH_OFFSET);
                assertThat(XeroDates.parseDate(order.get("DateString").asText())).isEqualTo(XeroDates.parseDate(order.get("Date").asText()));
            }
        }
    }

    private static long millis(JsonNode record, String field) {
        return XeroDates.parse(record.get(field).asText()).toInstant().toEpochMilli();
    }

    /** How many cells in the rows (sections included) hold an amount other than zero. */
    private static int nonZeroAmounts(JsonNode rows) {
        int count = 0;
        for (JsonNode row : rows) {
            if (row.has("Rows")) {
                count += nonZeroAmounts(row.get("Rows"));
            }
            List<JsonNode> cells = new ArrayList<>();
            row.path("Cells").forEach(cells::add);
            for (JsonNode cell : cells.subList(Math.min(1, cells.size()), cells.size())) {
                String value = cell.path("Value").asText();
                if (value.matches("-?\\d+(\\.\\d+)?") && new BigDecimal(value).signum() != 0) {
                    count++;
                }
            }
        }
        return count;
    }

    /** A report's ReportDate: "30 June 2026". */
    private static String display(LocalDate date) {
        return date.format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.ENGLISH));
    }
}
