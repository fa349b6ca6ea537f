package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.XeroSandboxTest.Api;
import com.xerosync.sandbox.data.PayrollFactory;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.xerosync.sandbox.XeroSandboxTest.ids;
import static com.xerosync.sandbox.XeroSandboxTest.ims;
import static com.xerosync.sandbox.XeroSandboxTest.millis;
import static com.xerosync.sandbox.XeroSandboxTest.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The general ledger, budgets, reports and AU payroll: journals that balance and follow the
 * documents (and never change), Xero's offset paging, reports that add up and agree with the
 * journals, budgets with and without lines, payroll paging and If-Modified-Since, and scopes.
 *
 * <p>Most checks run on a sandbox changed in every way that posts journals (invoices approved,
 * voided and paid, payments and batches deleted, bank transactions voided…), so the journals of
 * changes are checked along with the generated ones.
 */
class XeroSandboxLedgerTest {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final List<String> POSTING_CHANGES = List.of("Invoices", "Payments", "BatchPayments", "BankTransactions",
            "BankTransfers", "ManualJournals", "CreditNotes", "Prepayments", "Overpayments", "ExpenseClaims");

    private static XeroSandbox sandbox;
    private static Api api;
    private static String token;
    private static List<String> tenants;
    /** The first organisation's journals (accrual, cash) before any change. */
    private static List<ObjectNode> accrualBefore;
    private static List<ObjectNode> cashBefore;
    private static long cursorBefore;

    @BeforeAll
    static void startAndChange() {
        sandbox = new XeroSandbox(XeroSandboxTest.SMALL).start(0);
        api = new Api(sandbox);
        token = XeroSandboxTest.tokenFor(api, "");
        tenants = sandbox.tenantIds();
        String first = tenants.get(0);
        accrualBefore = sandbox.journals(first, false).toList();
        cashBefore = sandbox.journals(first, true).toList();
        cursorBefore = millis(api.getOk("/api.xro/2.0/Organisation", token, first).get("DateTimeUTC").asText());
        for (String tenant : tenants) {
            for (int round = 0; round < 2; round++) {
                for (String collection : POSTING_CHANGES) {
                    sandbox.applyChanges(tenant, collection, collection.equals("Invoices") ? 30 : 10);
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    // ---- journals

    @Test
    void should_number_balanced_journals_in_created_order_on_both_bases() {
        for (String tenant : tenants) {
            Map<String, String> accountIds = sandbox.records(tenant, "Accounts")
                    .collect(Collectors.toMap(a -> a.get("Code").asText(), a -> a.get("AccountID").asText()));
            for (boolean cash : List.of(false, true)) {
                List<ObjectNode> journals = sandbox.journals(tenant, cash).toList();
                assertThat(journals).hasSizeGreaterThan(300);
                Set<String> journalIds = new HashSet<>();
                long previous = Long.MIN_VALUE;
                for (int n = 0; n < journals.size(); n++) {
                    JsonNode j = journals.get(n);
                    assertThat(j.get("JournalNumber").asLong()).isEqualTo(n + 1);
                    assertThat(journalIds.add(j.get("JournalID").asText())).isTrue();
                    long created = millis(j.get("CreatedDateUTC").asText());
                    assertThat(created).as("journal %d", n + 1).isGreaterThanOrEqualTo(previous);
                    previous = created;
                    long sum = 0;
                    for (JsonNode line : j.get("JournalLines")) {
                        sum += cents(line.get("NetAmount"));
                        assertThat(cents(line.get("GrossAmount"))).isEqualTo(cents(line.get("NetAmount")) + cents(line.get("TaxAmount")));
                        assertThat(line.get("AccountID").asText()).isEqualTo(accountIds.get(line.get("AccountCode").asText()));
                    }
                    assertThat(sum).as("journal %d of %s balances", n + 1, j.get("SourceType")).isZero();
                }
                Set<String> types = journals.stream().map(j -> j.get("SourceType").asText()).collect(Collectors.toSet());
                if (cash) {
                    assertThat(types).doesNotContain("ACCREC", "ACCPAY", "ACCRECCREDIT", "ACCPAYCREDIT", "EXPCLAIM")
                            .contains("ACCRECPAYMENT", "ACCPAYPAYMENT", "CASHREC", "CASHPAID", "TRANSFER");
                } else {
                    assertThat(types).contains("ACCREC", "ACCPAY", "ACCRECCREDIT", "ACCRECPAYMENT", "ACCPAYPAYMENT", "CASHREC",
                            "CASHPAID", "TRANSFER", "MANJOURNAL", "EXPCLAIM", "EXPPAYMENT");
                }
            }
        }
    }

    @Test
    void should_page_journals_by_offset_a_hundred_at_a_time_and_resume_exactly() {
        for (String tenant : tenants) {
            for (String basis : List.of("", "&paymentsOnly=true")) {
                List<ObjectNode> all = sandbox.journals(tenant, !basis.isEmpty()).toList();
                List<JsonNode> paged = new ArrayList<>();
                long offset = 0;
                int calls = 0;
                while (true) {
                    JsonNode page = api.getOk("/api.xro/2.0/Journals?offset=" + offset + basis, token, tenant).get("Journals");
                    calls++;
                    assertThat(page.size()).isLessThanOrEqualTo(100);
                    if (page.isEmpty()) {
                        break;
                    }
                    assertThat(page.get(0).get("JournalNumber").asLong()).isEqualTo(offset + 1);
                    page.forEach(paged::add);
                    offset = page.get(page.size() - 1).get("JournalNumber").asLong();
                }
                assertThat(paged).isEqualTo(all);
                // full pages, a short last one, then an empty answer
                assertThat(calls).isEqualTo(all.size() / 100 + (all.size() % 100 == 0 ? 1 : 2));
                // no offset is the first hundred; an offset inside the last page resumes after it exactly
                assertThat(numbers(api.getOk("/api.xro/2.0/Journals" + (basis.isEmpty() ? "" : "?" + basis.substring(1)), token, tenant)))
                        .containsExactlyElementsOf(range(1, 100));
                assertThat(numbers(api.getOk("/api.xro/2.0/Journals?offset=" + (all.size() - 3) + basis, token, tenant)))
                        .containsExactlyElementsOf(range(all.size() - 2, all.size()));
                // If-Modified-Since on CreatedDateUTC
                long since = millis(all.get(all.size() / 3).get("CreatedDateUTC").asText());
                List<JsonNode> newer = all.stream().filter(j -> millis(j.get("CreatedDateUTC").asText()) > since).limit(100)
                        .map(j -> (JsonNode) j).toList();
                JsonNode modified = api.getOk("/api.xro/2.0/Journals?offset=0" + basis, token, tenant, "If-Modified-Since", ims(since))
                        .get("Journals");
                assertThat(stream(modified).toList()).isEqualTo(newer);
            }
        }
        HttpResponse<String> bad = api.get("/api.xro/2.0/Journals?offset=abc", token, tenants.get(0));
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void should_post_exactly_what_each_document_says() {
        for (String tenant : tenants) {
            assertPostingsFollowDocuments(sandbox, tenant);
        }
        // and before any change: a sandbox with only generated documents
        try (XeroSandbox pristine = new XeroSandbox(XeroSandboxTest.SMALL)) {
            assertPostingsFollowDocuments(pristine, pristine.tenantIds().get(1));
        }
    }

    /** For every document, the net of its journals agrees with its status and totals (home-currency documents). */
    private static void assertPostingsFollowDocuments(XeroSandbox books, String tenant) {
        String home = books.records(tenant, "Organisation").findFirst().orElseThrow().get("BaseCurrency").asText();
        Map<String, Map<String, Long>> accrual = netBySource(books.journals(tenant, false).toList());
        Map<String, Map<String, Long>> cash = netBySource(books.journals(tenant, true).toList());
        int checked = 0;
        for (ObjectNode invoice : books.records(tenant, "Invoices").toList()) {
            Map<String, Long> posted = accrual.getOrDefault(invoice.get("InvoiceID").asText(), Map.of());
            String status = invoice.get("Status").asText();
            boolean sale = invoice.get("Type").asText().equals("ACCREC");
            if (status.equals("AUTHORISED") || status.equals("PAID")) {
                if (invoice.get("CurrencyCode").asText().equals(home)) {
                    assertThat(posted.get(sale ? "610" : "800")).as(invoice.get("InvoiceNumber").asText())
                            .isEqualTo(sale ? cents(invoice.get("Total")) : -cents(invoice.get("Total")));
                    assertThat(posted.getOrDefault("820", 0L)).isEqualTo((sale ? -1 : 1) * cents(invoice.get("TotalTax")));
                    checked++;
                }
            } else {
                assertThat(posted.values()).as("%s %s", status, invoice.get("InvoiceNumber")).allMatch(v -> v == 0);
            }
        }
        for (ObjectNode payment : books.records(tenant, "Payments").toList()) {
            String id = payment.get("PaymentID").asText();
            String bank = payment.get("Account").get("Code").asText();
            boolean sale = payment.get("PaymentType").asText().equals("ACCRECPAYMENT");
            boolean homeCurrency = payment.get("CurrencyRate").decimalValue().compareTo(BigDecimal.ONE) == 0;
            boolean authorised = payment.get("Status").asText().equals("AUTHORISED");
            long expected = authorised ? (sale ? 1 : -1) * cents(payment.get("BankAmount")) : 0;
            if (homeCurrency || !authorised) {
                assertThat(accrual.getOrDefault(id, Map.of()).getOrDefault(bank, 0L)).as("payment %s", id).isEqualTo(expected);
                assertThat(cash.getOrDefault(id, Map.of()).getOrDefault(bank, 0L)).as("cash payment %s", id).isEqualTo(expected);
            }
        }
        for (ObjectNode t : books.records(tenant, "BankTransactions").toList()) {
            Map<String, Long> posted = accrual.getOrDefault(t.get("BankTransactionID").asText(), Map.of());
            String bank = t.get("BankAccount").get("Code").asText();
            if (!t.get("Status").asText().equals("AUTHORISED")) {
                assertThat(posted.values()).allMatch(v -> v == 0);
            } else if (t.get("CurrencyCode").asText().equals(home)) {
                assertThat(posted.get(bank)).isEqualTo((t.get("Type").asText().equals("RECEIVE") ? 1 : -1) * cents(t.get("Total")));
                assertThat(cash.get(t.get("BankTransactionID").asText())).isEqualTo(posted);
                checked++;
            }
        }
        for (ObjectNode t : books.records(tenant, "BankTransfers").toList()) {
            Map<String, Long> posted = accrual.getOrDefault(t.get("BankTransferID").asText(), Map.of());
            long amount = t.get("Status").asText().equals("AUTHORISED") ? cents(t.get("Amount")) : 0;
            assertThat(posted.getOrDefault(t.get("ToBankAccount").get("Code").asText(), 0L)).isEqualTo(amount);
            assertThat(posted.getOrDefault(t.get("FromBankAccount").get("Code").asText(), 0L)).isEqualTo(-amount);
        }
        for (ObjectNode j : books.records(tenant, "ManualJournals").toList()) {
            Map<String, Long> expected = new HashMap<>();
            if (List.of("POSTED", "ARCHIVED").contains(j.get("Status").asText())) {
                j.get("JournalLines").forEach(l -> expected.merge(l.get("AccountCode").asText(), cents(l.get("LineAmount")), Long::sum));
            }
            Map<String, Long> posted = new HashMap<>(accrual.getOrDefault(j.get("ManualJournalID").asText(), Map.of()));
            posted.values().removeIf(v -> v == 0);
            assertThat(posted).isEqualTo(expected);
        }
        for (ObjectNode c : books.records(tenant, "CreditNotes").toList()) {
            Map<String, Long> posted = accrual.getOrDefault(c.get("CreditNoteID").asText(), Map.of());
            boolean sale = c.get("Type").asText().equals("ACCRECCREDIT");
            long expected = List.of("AUTHORISED", "PAID").contains(c.get("Status").asText()) ? cents(c.get("Total")) : 0;
            if (c.get("CurrencyCode").asText().equals(home) || expected == 0) {
                assertThat(posted.getOrDefault(sale ? "610" : "800", 0L)).isEqualTo(sale ? -expected : expected);
            }
        }
        for (ObjectNode claim : books.records(tenant, "ExpenseClaims").toList()) {
            Map<String, Long> posted = accrual.getOrDefault(claim.get("ExpenseClaimID").asText(), Map.of());
            String status = claim.get("Status").asText();
            long total = cents(claim.get("Total"));
            assertThat(posted.getOrDefault("801", 0L)).as(status).isEqualTo(List.of("AUTHORISED", "PAID").contains(status) ? -total : 0);
            if (status.equals("PAID")) {
                String paymentId = claim.get("Payments").get(0).get("PaymentID").asText();
                assertThat(accrual.get(paymentId)).containsEntry("801", total).containsEntry("090", -total);
                assertThat(cash.get(paymentId)).containsEntry("090", -total);
            }
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void should_append_journals_for_changes_and_never_change_earlier_ones() {
        String first = tenants.get(0);
        for (boolean cash : List.of(false, true)) {
            List<ObjectNode> before = cash ? cashBefore : accrualBefore;
            List<ObjectNode> now = sandbox.journals(first, cash).toList();
            assertThat(now.subList(0, before.size())).isEqualTo(before);
            List<ObjectNode> added = now.subList(before.size(), now.size());
            assertThat(added).hasSizeGreaterThan(cash ? 10 : 30);
            assertThat(added).allSatisfy(j -> assertThat(millis(j.get("CreatedDateUTC").asText())).isGreaterThan(cursorBefore));
            // a sync resuming at its last JournalNumber, or asking what was created since, gets exactly the new ones
            JsonNode resumed = api.getOk("/api.xro/2.0/Journals?offset=" + before.size() + (cash ? "&paymentsOnly=true" : ""), token, first);
            assertThat(stream(resumed.get("Journals")).toList()).isEqualTo(added.subList(0, Math.min(100, added.size())));
            JsonNode since = api.getOk("/api.xro/2.0/Journals" + (cash ? "?paymentsOnly=true" : ""), token, first,
                    "If-Modified-Since", ims(cursorBefore));
            assertThat(stream(since.get("Journals")).toList()).isEqualTo(added.subList(0, Math.min(100, added.size())));
        }
        // voids and deletions posted reversals of what was posted before: documents changed to VOIDED net to zero
        Set<String> sourceTypes = sandbox.journals(first, false).skip(accrualBefore.size()).map(j -> j.get("SourceType").asText())
                .collect(Collectors.toSet());
        assertThat(sourceTypes).contains("ACCREC", "ACCRECPAYMENT", "CASHPAID", "MANJOURNAL");
        assertThatThrownBy(() -> sandbox.applyChanges(first, "Journals", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- reports agree with the journals

    @Test
    void should_report_a_net_profit_that_the_journals_add_up_to() {
        for (String tenant : tenants) {
            Map<String, String> classes = accountClasses(tenant);
            for (boolean cash : List.of(false, true)) {
                List<ObjectNode> journals = sandbox.journals(tenant, cash).toList();
                for (LocalDate[] period : List.of(period("2025-03-01", "2025-03-31"), period("2025-07-01", "2025-09-30"),
                        period("2024-01-01", "2024-12-31"), period("2022-01-01", "2026-12-31"), period("2026-11-01", "2026-11-30"))) {
                    Map<String, Long> movement = movements(journals, period[0], period[1]);
                    long profit = -movement.entrySet().stream().filter(e -> isProfitAndLoss(classes.get(e.getKey())))
                            .mapToLong(Map.Entry::getValue).sum();
                    JsonNode report = report(tenant, "Reports/ProfitAndLoss", Map.of("fromDate", period[0].toString(),
                            "toDate", period[1].toString(), "paymentsOnly", Boolean.toString(cash)));
                    assertThat(value(report, "Net Profit", 1)).as("%s %s cash=%s", tenant, period[0], cash).isEqualTo(profit);
                    for (JsonNode row : accountRows(report)) {
                        String code = codeOf(tenant, row);
                        long expected = movement.getOrDefault(code, 0L) * (classes.get(code).equals("REVENUE") ? -1 : 1);
                        assertThat(cents(row.get("Cells").get(1).get("Value").asText())).as(code).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void should_balance_the_balance_sheet_as_the_journals_add_up() {
        for (String tenant : tenants) {
            Map<String, String> classes = accountClasses(tenant);
            int yearEndMonth = sandbox.records(tenant, "Organisation").findFirst().orElseThrow().get("FinancialYearEndMonth").asInt();
            for (boolean cash : List.of(false, true)) {
                List<ObjectNode> journals = sandbox.journals(tenant, cash).toList();
                for (String date : List.of("2024-02-29", "2025-06-30", "2026-06-30", "2026-11-30")) {
                    LocalDate asAt = LocalDate.parse(date);
                    JsonNode report = report(tenant, "Reports/BalanceSheet", Map.of("date", date, "paymentsOnly", Boolean.toString(cash)));
                    for (int column = 1; column <= 2; column++) {
                        long assets = value(report, "Total Assets", column);
                        long liabilities = value(report, "Total Liabilities", column);
                        assertThat(value(report, "Net Assets", column)).isEqualTo(assets - liabilities);
                        assertThat(value(report, "Total Equity", column)).as("%s cash=%s column %d", date, cash, column)
                                .isEqualTo(assets - liabilities);
                    }
                    Map<String, Long> balances = movements(journals, null, asAt);
                    for (JsonNode row : accountRows(report)) {
                        String code = codeOf(tenant, row);
                        if (code.equals("960")) {
                            continue;
                        }
                        long expected = balances.getOrDefault(code, 0L) * (classes.get(code).equals("ASSET") ? 1 : -1);
                        assertThat(cents(row.get("Cells").get(1).get("Value").asText())).as("%s %s", code, date).isEqualTo(expected);
                    }
                    LocalDate yearStart = LocalDate.of(asAt.getYear(), yearEndMonth % 12 + 1, 1);
                    yearStart = yearStart.isAfter(asAt) ? yearStart.minusYears(1) : yearStart;
                    long earnings = -movements(journals, yearStart, asAt).entrySet().stream()
                            .filter(e -> isProfitAndLoss(classes.get(e.getKey()))).mapToLong(Map.Entry::getValue).sum();
                    assertThat(value(report, "Current Year Earnings", 1)).isEqualTo(earnings);
                }
            }
        }
    }

    @Test
    void should_balance_the_trial_balance_as_the_journals_add_up() {
        for (String tenant : tenants) {
            Map<String, String> classes = accountClasses(tenant);
            for (boolean cash : List.of(false, true)) {
                List<ObjectNode> journals = sandbox.journals(tenant, cash).toList();
                for (String date : List.of("2025-05-31", "2026-06-15")) {
                    LocalDate asAt = LocalDate.parse(date);
                    JsonNode report = report(tenant, "Reports/TrialBalance", Map.of("date", date, "paymentsOnly", Boolean.toString(cash)));
                    long[] sums = new long[4];
                    Map<String, Long> month = movements(journals, asAt.withDayOfMonth(1), asAt);
                    Map<String, Long> toDate = movements(journals, null, asAt);
                    for (JsonNode row : accountRows(report)) {
                        String code = codeOf(tenant, row);
                        long[] cells = new long[4];
                        for (int c = 0; c < 4; c++) {
                            String v = row.get("Cells").get(c + 1).get("Value").asText();
                            cells[c] = v.isEmpty() ? 0 : cents(v);
                            sums[c] += cells[c];
                        }
                        assertThat(cells[0] - cells[1]).as("%s %s", code, date).isEqualTo(month.getOrDefault(code, 0L));
                        if (!isProfitAndLoss(classes.get(code)) && !code.equals("960")) {
                            assertThat(cells[2] - cells[3]).as("YTD %s %s", code, date).isEqualTo(toDate.getOrDefault(code, 0L));
                        }
                    }
                    assertThat(sums[0]).isEqualTo(sums[1]);
                    assertThat(sums[2]).isEqualTo(sums[3]);
                    JsonNode total = rowsOf(report).stream().filter(r -> label(r).equals("Total")).findFirst().orElseThrow();
                    for (int c = 0; c < 4; c++) {
                        assertThat(cents(total.get("Cells").get(c + 1).get("Value").asText())).isEqualTo(sums[c]);
                    }
                }
            }
        }
    }

    @Test
    void should_summarise_each_bank_account_as_its_journal_lines() {
        for (String tenant : tenants) {
            List<ObjectNode> journals = sandbox.journals(tenant, false).toList();
            for (LocalDate[] period : List.of(period("2025-02-01", "2025-02-28"), period("2023-01-01", "2026-06-30"),
                    period("2026-11-01", "2026-11-30"))) {
                JsonNode report = report(tenant, "Reports/BankSummary", Map.of("fromDate", period[0].toString(),
                        "toDate", period[1].toString()));
                List<JsonNode> rows = accountRows(report);
                assertThat(rows).isNotEmpty();
                for (JsonNode row : rows) {
                    String code = codeOf(tenant, row);
                    long opening = 0;
                    long received = 0;
                    long spent = 0;
                    for (JsonNode j : journals) {
                        LocalDate date = day(j.get("JournalDate").asText());
                        for (JsonNode line : j.get("JournalLines")) {
                            if (line.get("AccountCode").asText().equals(code)) {
                                long net = cents(line.get("NetAmount"));
                                if (date.isBefore(period[0])) {
                                    opening += net;
                                } else if (!date.isAfter(period[1])) {
                                    if (net > 0) {
                                        received += net;
                                    } else {
                                        spent -= net;
                                    }
                                }
                            }
                        }
                    }
                    long[] cells = new long[4];
                    for (int c = 0; c < 4; c++) {
                        cells[c] = cents(row.get("Cells").get(c + 1).get("Value").asText());
                    }
                    assertThat(cells).as("%s %s", code, period[0]).containsExactly(opening, received, spent, opening + received - spent);
                }
            }
        }
    }

    @Test
    void should_age_a_contacts_open_invoices_to_their_amount_due() {
        for (String tenant : tenants) {
            List<ObjectNode> invoices = sandbox.records(tenant, "Invoices").toList();
            for (String type : List.of("ACCREC", "ACCPAY")) {
                Map<String, List<ObjectNode>> open = invoices.stream()
                        .filter(i -> i.get("Type").asText().equals(type) && i.get("Status").asText().equals("AUTHORISED"))
                        .collect(Collectors.groupingBy(i -> i.get("Contact").get("ContactID").asText(), LinkedHashMap::new, Collectors.toList()));
                assertThat(open).isNotEmpty();
                String path = "Reports/" + (type.equals("ACCREC") ? "AgedReceivablesByContact" : "AgedPayablesByContact");
                open.entrySet().stream().limit(6).forEach(contact -> {
                    JsonNode report = report(tenant, path, Map.of("contactId", contact.getKey()));
                    Map<String, Long> due = new HashMap<>();
                    contact.getValue().forEach(i -> due.put(i.get("InvoiceID").asText(), cents(i.get("AmountDue"))));
                    Map<String, Long> listed = new HashMap<>();
                    for (JsonNode row : rowsOf(report)) {
                        JsonNode attributes = row.get("Cells").get(0).path("Attributes");
                        if (row.get("RowType").asText().equals("Row") && attributes.size() > 0) {
                            listed.put(attributes.get(0).get("Value").asText(), cents(row.get("Cells").get(7).get("Value").asText()));
                        }
                    }
                    assertThat(listed).isEqualTo(due);
                    long total = due.values().stream().mapToLong(Long::longValue).sum();
                    assertThat(value(report, "Total", 7)).isEqualTo(total);
                    assertThat(value(report, "Closing Balance", 7)).isEqualTo(total);
                });
            }
        }
        HttpResponse<String> missing = api.get("/api.xro/2.0/Reports/AgedReceivablesByContact", token, tenants.get(0));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(api.json(missing).get("Type").asText()).isEqualTo("ValidationException");
        assertThat(api.get("/api.xro/2.0/Reports/AgedPayablesByContact?contactId=00000000-0000-4000-8000-000000000000", token,
                tenants.get(0)).statusCode()).isEqualTo(400);
    }

    @Test
    void should_total_every_section_as_its_rows_add_up_and_nest_rows_only_in_sections() {
        for (String tenant : tenants) {
            String customer = sandbox.records(tenant, "Invoices").filter(i -> i.get("Type").asText().equals("ACCREC")
                    && i.get("Status").asText().equals("AUTHORISED")).findFirst().orElseThrow().get("Contact").get("ContactID").asText();
            List<JsonNode> reports = new ArrayList<>();
            for (String cash : List.of("false", "true")) {
                reports.add(report(tenant, "Reports/ProfitAndLoss", Map.of("fromDate", "2025-07-01", "toDate", "2025-09-30",
                        "paymentsOnly", cash, "periods", "3", "timeframe", "QUARTER")));
                reports.add(report(tenant, "Reports/BalanceSheet", Map.of("date", "2026-03-31", "paymentsOnly", cash,
                        "periods", "2", "timeframe", "MONTH")));
                reports.add(report(tenant, "Reports/TrialBalance", Map.of("date", "2026-03-31", "paymentsOnly", cash)));
            }
            reports.add(report(tenant, "Reports/BankSummary", Map.of("fromDate", "2026-01-01", "toDate", "2026-03-31")));
            reports.add(report(tenant, "Reports/ExecutiveSummary", Map.of("date", "2026-04-30")));
            reports.add(report(tenant, "Reports/BudgetSummary", Map.of("date", "2025-10-01", "periods", "4", "timeframe", "3")));
            reports.add(report(tenant, "Reports/AgedReceivablesByContact", Map.of("contactId", customer)));
            for (JsonNode published : sandbox.report(tenant, "Reports", Map.of()).get("Reports")) {
                reports.add(report(tenant, "Reports/" + published.get("ReportID").asText(), Map.of()));
            }
            int summaries = 0;
            for (JsonNode envelope : reports) {
                JsonNode report = envelope.get("Reports").get(0);
                JsonNode rows = report.get("Rows");
                assertThat(rows.get(0).get("RowType").asText()).isEqualTo("Header");
                int columns = rows.get(0).get("Cells").size();
                for (JsonNode top : rows) {
                    assertThat(top.has("Rows")).isEqualTo(top.get("RowType").asText().equals("Section"));
                    long[] sums = new long[columns];
                    boolean anyRow = false;
                    for (JsonNode row : top.path("Rows")) {
                        assertThat(row.has("Rows")).isFalse();
                        assertThat(row.get("RowType").asText()).isIn("Row", "SummaryRow");
                        assertThat(row.get("Cells")).hasSize(columns);
                        if (row.get("RowType").asText().equals("Row")) {
                            anyRow = true;
                            for (int c = 1; c < columns; c++) {
                                String v = row.get("Cells").get(c).get("Value").asText();
                                sums[c] += NUMBER.matcher(v).matches() ? cents(v) : 0;
                            }
                        } else if (anyRow) {
                            summaries++;
                            for (int c = 1; c < columns; c++) {
                                String v = row.get("Cells").get(c).get("Value").asText();
                                if (NUMBER.matcher(v).matches()) {
                                    assertThat(cents(v)).as("%s: %s column %d", report.get("ReportName"), label(row), c).isEqualTo(sums[c]);
                                }
                            }
                        }
                    }
                }
            }
            assertThat(summaries).isGreaterThan(10);
        }
    }

    @Test
    void should_answer_reports_over_http_as_the_java_api_does() {
        String tenant = tenants.get(1);
        for (String path : List.of("Reports/ProfitAndLoss?fromDate=2026-01-01&toDate=2026-01-31&paymentsOnly=true", "Reports",
                "Reports/BalanceSheet?date=2025-12-31")) {
            String[] parts = path.split("\\?");
            Map<String, String> query = new LinkedHashMap<>();
            if (parts.length > 1) {
                for (String pair : parts[1].split("&")) {
                    query.put(pair.split("=")[0], pair.split("=")[1]);
                }
            }
            assertThat(api.getOk("/api.xro/2.0/" + path, token, tenant)).isEqualTo(sandbox.report(tenant, parts[0], query));
        }
        assertThat(api.get("/api.xro/2.0/Reports/NoSuchReport", token, tenant).statusCode()).isEqualTo(404);
        assertThat(api.get("/api.xro/2.0/Reports/ProfitAndLoss?fromDate=yesterday", token, tenant).statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> sandbox.report(tenant, "Invoices", Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_summarise_the_executive_figures_and_the_budget_from_their_sources() {
        for (String tenant : tenants) {
            JsonNode executive = report(tenant, "Reports/ExecutiveSummary", Map.of("date", "2026-04-30"));
            JsonNode profit = report(tenant, "Reports/ProfitAndLoss", Map.of("fromDate", "2026-04-01", "toDate", "2026-04-30"));
            assertThat(value(executive, "Income", 1)).isEqualTo(value(profit, "Total Income", 1));
            assertThat(value(executive, "Profit (loss)", 1)).isEqualTo(value(profit, "Net Profit", 1));
            JsonNode banks = report(tenant, "Reports/BankSummary", Map.of("fromDate", "2026-04-01", "toDate", "2026-04-30"));
            assertThat(value(executive, "Cash received", 1)).isEqualTo(value(banks, "Total", 2));
            assertThat(value(executive, "Cash spent", 1)).isEqualTo(value(banks, "Total", 3));
            assertThat(value(executive, "Closing bank balance", 1)).isEqualTo(value(banks, "Total", 4));

            // the budget summary shows the overall budget's balances, month by month
            String overall = sandbox.records(tenant, "Budgets").filter(b -> b.get("Type").asText().equals("OVERALL"))
                    .findFirst().orElseThrow().get("BudgetID").asText();
            JsonNode budget = sandbox.record(tenant, "Budgets", overall).orElseThrow();
            JsonNode summary = report(tenant, "Reports/BudgetSummary", Map.of("date", "2025-08-15", "periods", "3"));
            Map<String, String> names = sandbox.records(tenant, "Accounts")
                    .collect(Collectors.toMap(a -> a.get("AccountID").asText(), a -> a.get("Name").asText()));
            for (JsonNode line : budget.get("BudgetLines")) {
                JsonNode row = rowsOf(summary).stream().filter(r -> label(r).equals(names.get(line.get("AccountID").asText())))
                        .findFirst().orElseThrow();
                Map<YearMonth, Long> byMonth = new HashMap<>();
                line.get("BudgetBalances").forEach(b -> byMonth.put(YearMonth.from(day(b.get("Period").asText())), cents(b.get("Amount"))));
                for (int m = 0; m < 3; m++) {
                    assertThat(cents(row.get("Cells").get(m + 1).get("Value").asText()))
                            .isEqualTo(byMonth.getOrDefault(YearMonth.of(2025, 8).plusMonths(m), 0L));
                }
            }
        }
    }

    @Test
    void should_publish_tax_returns_filed_from_the_generated_journals() {
        try (XeroSandbox pristine = new XeroSandbox(XeroSandboxTest.SMALL)) {
            for (String tenant : pristine.tenantIds()) {
                boolean au = tenant.equals(pristine.tenantIds().get(0));
                JsonNode published = pristine.report(tenant, "Reports", Map.of()).get("Reports");
                assertThat(published).hasSize(4);
                List<ObjectNode> journals = pristine.journals(tenant, false).toList();
                for (JsonNode listed : published) {
                    assertThat(listed.get("ReportType").asText()).isEqualTo(au ? "BASReport" : "GSTReport");
                    JsonNode report = pristine.report(tenant, "Reports/" + listed.get("ReportID").asText(), Map.of()).get("Reports").get(0);
                    assertThat(pristine.record(tenant, "Reports", listed.get("ReportID").asText())).contains((ObjectNode) report);
                    String[] period = report.get("ReportTitles").get(2).asText().split(" to ");
                    LocalDate from = LocalDate.parse(period[0], java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.ENGLISH));
                    LocalDate to = LocalDate.parse(period[1], java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.ENGLISH));
                    long salesTax = 0;
                    for (JsonNode j : journals) {
                        LocalDate date = day(j.get("JournalDate").asText());
                        if (!date.isBefore(from) && !date.isAfter(to)) {
                            for (JsonNode line : j.get("JournalLines")) {
                                if (line.path("TaxType").asText().equals(au ? "OUTPUT" : "OUTPUT2")) {
                                    salesTax -= cents(line.get("TaxAmount"));
                                }
                            }
                        }
                    }
                    Map<String, Long> fields = new HashMap<>();
                    report.get("Fields").forEach(f -> fields.put(f.get("FieldID").asText(), cents(f.get("Value").asText())));
                    if (au) {
                        assertThat(fields.get("1A")).isEqualTo(salesTax);
                        assertThat(fields.get("9")).isEqualTo(fields.get("1A") - fields.get("1B"));
                    } else {
                        assertThat(Math.abs(fields.get("8") - salesTax)).isLessThanOrEqualTo(Math.max(100, salesTax / 1000));
                        assertThat(fields.get("15")).isEqualTo(fields.get("10") - fields.get("14"));
                    }
                }
            }
        }
    }

    // ---- budgets

    @Test
    void should_list_budgets_without_lines_and_serve_each_with_its_lines() {
        for (String tenant : tenants) {
            JsonNode listed = api.getOk("/api.xro/2.0/Budgets", token, tenant).get("Budgets");
            assertThat(stream(listed).map(b -> b.get("Type").asText()).filter("OVERALL"::equals)).hasSize(1);
            assertThat(stream(listed).filter(b -> b.get("Type").asText().equals("TRACKING")).count()).isBetween(1L, 2L);
            assertThat(listed).allSatisfy(b -> assertThat(b.get("BudgetLines")).isEmpty());
            assertThat(stream(listed).toList()).isEqualTo(sandbox.records(tenant, "Budgets").toList());
            Set<String> options = sandbox.records(tenant, "TrackingCategories").flatMap(c -> stream(c.get("Options")))
                    .map(o -> o.get("TrackingOptionID").asText()).collect(Collectors.toSet());
            for (JsonNode summary : listed) {
                String id = summary.get("BudgetID").asText();
                JsonNode budget = api.getOk("/api.xro/2.0/Budgets/" + id, token, tenant).get("Budgets").get(0);
                assertThat(sandbox.record(tenant, "Budgets", id)).contains((ObjectNode) budget);
                boolean overall = budget.get("Type").asText().equals("OVERALL");
                assertThat(budget.get("Tracking").isEmpty()).isEqualTo(overall);
                budget.get("Tracking").forEach(t -> assertThat(options).contains(t.get("TrackingOptionID").asText()));
                assertThat(budget.get("BudgetLines")).hasSizeGreaterThan(5);
                for (JsonNode line : budget.get("BudgetLines")) {
                    JsonNode balances = line.get("BudgetBalances");
                    assertThat(balances).hasSize(overall ? 24 : 12);
                    for (int m = 1; m < balances.size(); m++) {
                        assertThat(YearMonth.from(day(balances.get(m).get("Period").asText())))
                                .isEqualTo(YearMonth.from(day(balances.get(m - 1).get("Period").asText())).plusMonths(1));
                    }
                    assertThat(balances).allSatisfy(b -> assertThat(b.get("Amount").decimalValue().signum()).isNotNegative());
                }
                // DateFrom/DateTo keep those months' balances
                JsonNode quarter = api.getOk("/api.xro/2.0/Budgets/" + id + "?DateFrom=2025-10-01&DateTo=2025-12-31", token, tenant)
                        .get("Budgets").get(0);
                assertThat(quarter.get("BudgetLines")).allSatisfy(l -> assertThat(l.get("BudgetBalances").size()).isLessThanOrEqualTo(3));
            }
            // an overall budget line is what its account did a year earlier, grown by a few percent
            JsonNode overall = sandbox.record(tenant, "Budgets", stream(listed).filter(b -> b.get("Type").asText().equals("OVERALL"))
                    .findFirst().orElseThrow().get("BudgetID").asText()).orElseThrow();
            JsonNode sales = stream(overall.get("BudgetLines")).filter(l -> l.get("AccountCode").asText().equals("200")).findFirst().orElseThrow();
            LocalDate month = day(sales.get("BudgetBalances").get(0).get("Period").asText());
            // budgets are set up once, from the journals generated before any change
            List<ObjectNode> generated = sandbox.journals(tenant, false)
                    .filter(j -> millis(j.get("CreatedDateUTC").asText()) <= cursorBefore).toList();
            long actual = -movements(generated, month.minusYears(1), month.minusYears(1).plusMonths(1).minusDays(1))
                    .getOrDefault("200", 0L);
            long budgeted = cents(sales.get("BudgetBalances").get(0).get("Amount"));
            assertThat(budgeted).isBetween(actual, actual * 110 / 100 + 100);
            String one = listed.get(0).get("BudgetID").asText();
            assertThat(api.getOk("/api.xro/2.0/Budgets?IDs=" + one, token, tenant).get("Budgets")).hasSize(1);
        }
    }

    // ---- AU payroll

    @Test
    void should_page_payroll_by_updated_date_and_answer_if_modified_since() {
        try (XeroSandbox payroll = new XeroSandbox(XeroSandboxTest.SMALL.withInvoices(20000)).start(0)) {
            Api payrollApi = new Api(payroll);
            String everything = XeroSandboxTest.tokenFor(payrollApi, "");
            String au = payroll.tenantIds().get(0);
            List<ObjectNode> employees = payroll.records(au, "Employees").toList();
            assertThat(employees).hasSize(60);
            List<ObjectNode> leave = payroll.records(au, "LeaveApplications").toList();
            assertThat(leave).hasSize(180);
            for (String key : List.of("Employees", "LeaveApplications")) {
                List<ObjectNode> all = payroll.records(au, key).toList();
                List<JsonNode> paged = new ArrayList<>();
                for (int page = 1; page <= 3; page++) {
                    JsonNode body = payrollApi.getOk("/payroll.xro/1.0/" + key + "?page=" + page, everything, au).get(key);
                    assertThat(body.size()).isLessThanOrEqualTo(100);
                    body.forEach(paged::add);
                }
                assertThat(paged).isEqualTo(all);
                assertThat(all.stream().map(r -> millis(r.get("UpdatedDateUTC").asText())).toList()).isSorted().doesNotHaveDuplicates();
            }
            Map<String, JsonNode> byId = employees.stream().collect(Collectors.toMap(e -> e.get("EmployeeID").asText(), e -> e));
            long terminated = employees.stream().filter(e -> e.get("Status").asText().equals("TERMINATED")).count();
            assertThat(terminated).isPositive().isLessThan(employees.size() / 2);
            for (JsonNode e : employees) {
                assertThat(e.has("TerminationDate")).isEqualTo(e.get("Status").asText().equals("TERMINATED"));
                assertThat(e.get("HomeAddress").get("Region").asText()).isIn("ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA");
                assertThat(e.get("LeaveBalances")).isNotEmpty();
            }
            for (JsonNode l : leave) {
                JsonNode employee = byId.get(l.get("EmployeeID").asText());
                assertThat(employee).isNotNull();
                LocalDate start = day(l.get("StartDate").asText());
                LocalDate end = day(l.get("EndDate").asText());
                assertThat(start).isAfterOrEqualTo(day(employee.get("StartDate").asText())).isBeforeOrEqualTo(end);
                if (employee.has("TerminationDate")) {
                    assertThat(end).isBefore(day(employee.get("TerminationDate").asText()));
                }
                BigDecimal hours = stream(l.get("LeavePeriods")).map(p -> p.get("NumberOfUnits").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(hours).isEqualByComparingTo(BigDecimal.valueOf(PayrollFactory.workdays(start, end) * 76, 1));
            }
            // If-Modified-Since: exactly the records changed since
            String cursor = ims(millis(payrollApi.getOk("/payroll.xro/1.0/Employees?page=1", everything, au).get("DateTimeUTC").asText()));
            for (String key : List.of("Employees", "LeaveApplications")) {
                List<String> changed = payroll.applyChanges(au, key, 7);
                JsonNode since = payrollApi.getOk("/payroll.xro/1.0/" + key + "?page=1", everything, au, "If-Modified-Since", cursor);
                assertThat(ids(since.get(key), key.equals("Employees") ? "EmployeeID" : "LeaveApplicationID")).containsExactlyElementsOf(changed);
            }
            // NZ organisations have no AU payroll; the accounting API's own Employees endpoint is gone
            String nz = payroll.tenantIds().get(1);
            HttpResponse<String> notAu = payrollApi.get("/payroll.xro/1.0/Employees", everything, nz);
            assertThat(notAu.statusCode()).isEqualTo(404);
            assertThat(payrollApi.json(notAu).get("Type").asText()).isEqualTo("NotFound");
            assertThat(payroll.records(nz, "PayrollEmployees")).isEmpty();
            assertThatThrownBy(() -> payroll.applyChanges(nz, "Employees", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(payrollApi.get("/api.xro/2.0/Employees", everything, au).statusCode()).isEqualTo(404);
            assertThat(payrollApi.get("/payroll.xro/1.0/Invoices", everything, au).statusCode()).isEqualTo(404);
            payroll.failEndpoint("PayrollEmployees", 503);
            assertThat(payrollApi.get("/payroll.xro/1.0/Employees", everything, au).statusCode()).isEqualTo(503);
            assertThat(payrollApi.get("/payroll.xro/1.0/LeaveApplications", everything, au).statusCode()).isEqualTo(200);
            payroll.clearFailures();
            // three pages, the cursor, the changes since, the injected failure
            assertThat(payroll.apiCalls(au, "Employees")).isEqualTo(6);
        }
    }

    // ---- scopes

    @Test
    void should_refuse_journals_budgets_reports_and_payroll_without_their_scopes() {
        String tenant = tenants.get(0);
        String basics = XeroSandboxTest.tokenFor(api, "accounting.settings accounting.contacts accounting.invoices "
                + "accounting.payments accounting.banktransactions accounting.manualjournals accounting.classicexpenses");
        for (String path : List.of("/api.xro/2.0/Journals", "/api.xro/2.0/Budgets", "/api.xro/2.0/Reports",
                "/api.xro/2.0/Reports/ProfitAndLoss", "/payroll.xro/1.0/Employees", "/payroll.xro/1.0/LeaveApplications")) {
            HttpResponse<String> denied = api.get(path, basics, tenant);
            assertThat(denied.statusCode()).as(path).isEqualTo(401);
            assertThat(api.json(denied).get("Detail").asText()).isEqualTo("AuthorizationUnsuccessful");
        }
        assertThat(api.get("/api.xro/2.0/Journals", XeroSandboxTest.tokenFor(api, "accounting.journals.read"), tenant).statusCode())
                .isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/Budgets", XeroSandboxTest.tokenFor(api, "accounting.budgets.read"), tenant).statusCode())
                .isEqualTo(200);
        String aged = XeroSandboxTest.tokenFor(api, "accounting.reports.aged.read");
        String customer = sandbox.records(tenant, "Contacts").findFirst().orElseThrow().get("ContactID").asText();
        assertThat(api.get("/api.xro/2.0/Reports/AgedReceivablesByContact?contactId=" + customer, aged, tenant).statusCode()).isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/Reports/ProfitAndLoss", aged, tenant).statusCode()).isEqualTo(401);
        assertThat(api.get("/api.xro/2.0/Reports", aged, tenant).statusCode()).isEqualTo(401);
        String tax = XeroSandboxTest.tokenFor(api, "accounting.reports.taxreports.read");
        assertThat(api.get("/api.xro/2.0/Reports", tax, tenant).statusCode()).isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/Reports/BalanceSheet", tax, tenant).statusCode()).isEqualTo(401);
        try (XeroSandbox older = new XeroSandbox(XeroSandboxTest.SMALL.withAppCreated(java.time.LocalDate.of(2025, 6, 1)))
                .start(0)) {
            // the broad scope, for an app created before March 2026
            XeroSandboxTest.Api olderApi = new XeroSandboxTest.Api(older);
            assertThat(olderApi.get("/api.xro/2.0/Reports/TrialBalance", XeroSandboxTest.tokenFor(olderApi,
                    "accounting.reports.read"), tenant).statusCode()).isEqualTo(200);
        }
        for (String scope : List.of("payroll.employees.read", "payroll.employees")) {
            assertThat(api.get("/payroll.xro/1.0/LeaveApplications", XeroSandboxTest.tokenFor(api, scope), tenant).statusCode()).isEqualTo(200);
        }

        assertThat(XeroSandbox.requiredScopes()).containsEntry("Journals", "accounting.journals.read")
                .containsEntry("Budgets", "accounting.budgets.read").containsEntry("Reports", "accounting.reports.read")
                .containsEntry("Reports/ProfitAndLoss", "accounting.reports.read").containsEntry("Employees", "payroll.employees")
                .containsEntry("LeaveApplications", "payroll.employees");
        assertThat(XeroSandbox.acceptedScopes().get("Journals")).containsExactly("accounting.journals.read");
        assertThat(XeroSandbox.acceptedScopes().get("Reports/AgedPayablesByContact"))
                .containsExactly("accounting.reports.read", "accounting.reports.aged.read");
        assertThat(XeroSandbox.acceptedScopes().get("Employees")).containsExactly("payroll.employees", "payroll.employees.read");
    }

    // ---- helpers

    private static JsonNode report(String tenant, String path, Map<String, String> query) {
        return sandbox.report(tenant, path, query);
    }

    /** Every row of the report, Sections' rows in place of the Sections. */
    private static List<JsonNode> rowsOf(JsonNode envelope) {
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode top : envelope.get("Reports").get(0).get("Rows")) {
            if (top.has("Rows")) {
                top.get("Rows").forEach(rows::add);
            } else {
                rows.add(top);
            }
        }
        return rows;
    }

    /** Rows that stand for an account (their label cell links to a real AccountID). */
    private static List<JsonNode> accountRows(JsonNode envelope) {
        return rowsOf(envelope).stream().filter(r -> r.get("RowType").asText().equals("Row"))
                .filter(r -> r.get("Cells").get(0).path("Attributes").size() > 0)
                .filter(r -> r.get("Cells").get(0).get("Attributes").get(0).get("Id").asText().equals("account"))
                .filter(r -> !r.get("Cells").get(0).get("Attributes").get(0).get("Value").asText().startsWith("00000000"))
                .toList();
    }

    private static String label(JsonNode row) {
        return row.get("Cells").get(0).get("Value").asText();
    }

    /** A row's value in a column, by its label; the row must exist. */
    private static long value(JsonNode envelope, String label, int column) {
        JsonNode row = rowsOf(envelope).stream().filter(r -> label(r).equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("No row " + label));
        return cents(row.get("Cells").get(column).get("Value").asText());
    }

    private static String codeOf(String tenant, JsonNode row) {
        String id = row.get("Cells").get(0).get("Attributes").get(0).get("Value").asText();
        return sandbox.record(tenant, "Accounts", id).orElseThrow().get("Code").asText();
    }

    private static Map<String, String> accountClasses(String tenant) {
        return sandbox.records(tenant, "Accounts").collect(Collectors.toMap(a -> a.get("Code").asText(), a -> a.get("Class").asText()));
    }

    private static boolean isProfitAndLoss(String accountClass) {
        return "REVENUE".equals(accountClass) || "EXPENSE".equals(accountClass);
    }

    /** Net amounts by account over journals dated in [from, to] (from null: since the beginning). */
    private static Map<String, Long> movements(List<ObjectNode> journals, LocalDate from, LocalDate to) {
        Map<String, Long> totals = new HashMap<>();
        for (JsonNode j : journals) {
            LocalDate date = day(j.get("JournalDate").asText());
            if ((from == null || !date.isBefore(from)) && !date.isAfter(to)) {
                for (JsonNode line : j.get("JournalLines")) {
                    totals.merge(line.get("AccountCode").asText(), cents(line.get("NetAmount")), Long::sum);
                }
            }
        }
        return totals;
    }

    /** Net amounts by source document and account. */
    private static Map<String, Map<String, Long>> netBySource(List<ObjectNode> journals) {
        Map<String, Map<String, Long>> bySource = new HashMap<>();
        for (JsonNode j : journals) {
            Map<String, Long> accounts = bySource.computeIfAbsent(j.get("SourceID").asText(), k -> new HashMap<>());
            for (JsonNode line : j.get("JournalLines")) {
                accounts.merge(line.get("AccountCode").asText(), cents(line.get("NetAmount")), Long::sum);
            }
        }
        return bySource;
    }

    private static List<Long> numbers(JsonNode body) {
        return stream(body.get("Journals")).map(j -> j.get("JournalNumber").asLong()).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> range = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            range.add(n);
        }
        return range;
    }

    private static LocalDate[] period(String from, String to) {
        return new LocalDate[] {LocalDate.parse(from), LocalDate.parse(to)};
    }

    private static LocalDate day(String msDate) {
        return LocalDate.ofEpochDay(Math.floorDiv(millis(msDate), 86_400_000L));
    }

    private static long cents(JsonNode amount) {
        return amount.decimalValue().movePointRight(2).longValueExact();
    }

    private static long cents(String amount) {
        return new BigDecimal(amount).movePointRight(2).longValueExact();
    }
}
