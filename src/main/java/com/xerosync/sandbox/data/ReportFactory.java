package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.ChartOfAccounts.Account;
import com.xerosync.sandbox.data.GeneralLedger.Basis;
import com.xerosync.sandbox.endpoints.ReportKind;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Xero's reports for one organisation, computed from its general ledger so that they agree with
 * the journals: profit and loss, balance sheet and trial balance on either basis, bank summary,
 * executive summary, budget summary (from the overall budget), aged receivables and payables by
 * contact (from the invoices as they are now), and the published tax returns (BAS for AU, GST
 * returns for NZ, filed from the generated journals).
 *
 * <p>Shapes follow the spec's {@code ReportWithRows} and its examples: a Header row naming the
 * columns, then Sections (only they nest Rows); values are strings ({@code "1234.50"}); account
 * rows carry an {@code account} attribute with the AccountID. A SummaryRow after Rows totals the
 * Rows above it in its Section, column by column; a SummaryRow alone in an untitled Section is a
 * grand total of sections before it (Total Assets, Closing Balance).
 */
final class ReportFactory {

    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter COLUMN = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter BUDGET_MONTH = DateTimeFormatter.ofPattern("MMM-yy", Locale.ENGLISH);
    private static final DateTimeFormatter ISO_MIDNIGHT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'00:00:00");
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/yyyy");
    private static final String NO_ACCOUNT = "00000000-0000-0000-0000-000000000000";
    private static final int PUBLISHED_RETURNS = 4;

    private final SeededIds ids;
    private final int organisation;
    private final String name;
    private final Country home;
    private final int yearEndMonth;
    private final ChartOfAccounts chart;
    private final GeneralLedger ledger;
    private final BudgetFactory budgets;
    private final Function<String, Optional<List<Invoice>>> invoicesOfContact;
    private final HistoryWindow history;
    private final JsonNodeFactory json;

    /**
     * @param invoicesOfContact a contact's invoices as they are now, or empty when there is no such contact
     */
    ReportFactory(SeededIds ids, int organisation, String name, Country home, int yearEndMonth, ChartOfAccounts chart,
                  GeneralLedger ledger, BudgetFactory budgets, Function<String, Optional<List<Invoice>>> invoicesOfContact,
                  HistoryWindow history, JsonNodeFactory json) {
        this.ids = ids;
        this.organisation = organisation;
        this.name = name;
        this.history = history;
        this.home = home;
        this.yearEndMonth = yearEndMonth;
        this.chart = chart;
        this.ledger = ledger;
        this.budgets = budgets;
        this.invoicesOfContact = invoicesOfContact;
        this.json = json;
    }

    /**
     * What {@code GET /Reports[/<sub>]} puts in its Reports array: the published returns (no
     * {@code sub}), one report by type, or one published return by ReportID; empty when
     * {@code sub} names none.
     *
     * @param query query parameters, names in any case
     * @param now   the sandbox clock: "today" for defaults, ReportDate and UpdatedDateUTC
     * @throws IllegalArgumentException for parameters Xero would refuse (400)
     */
    Optional<List<ObjectNode>> reports(String sub, Map<String, String> query, long now) {
        Map<String, String> q = new LinkedHashMap<>();
        query.forEach((k, v) -> q.put(k.toLowerCase(Locale.ROOT), v));
        LocalDate today = XeroFormat.day(now);
        if (sub == null || sub.isEmpty()) {
            return Optional.of(published(now));
        }
        Optional<ReportKind> kind = ReportKind.of(sub);
        if (kind.isPresent()) {
            return Optional.of(List.of(switch (kind.get()) {
                case PROFIT_AND_LOSS -> profitAndLoss(q, today, now);
                case BALANCE_SHEET -> balanceSheet(q, today, now);
                case TRIAL_BALANCE -> trialBalance(q, today, now);
                case BANK_SUMMARY -> bankSummary(q, today, now);
                case EXECUTIVE_SUMMARY -> executiveSummary(q, today, now);
                case BUDGET_SUMMARY -> budgetSummary(q, today, now);
                case AGED_RECEIVABLES -> aged(ReportKind.AGED_RECEIVABLES, q, today, now);
                case AGED_PAYABLES -> aged(ReportKind.AGED_PAYABLES, q, today, now);
            }));
        }
        return taxReturn(sub, now).map(List::of);
    }

    // ---- profit and loss

    private ObjectNode profitAndLoss(Map<String, String> q, LocalDate today, long now) {
        LocalDate from = date(q, "fromdate");
        LocalDate to = date(q, "todate");
        if (from == null && to == null) {
            from = today.withDayOfMonth(1);
            to = YearMonth.from(today).atEndOfMonth();
        } else if (from == null) {
            from = to.withDayOfMonth(1);
        } else if (to == null) {
            to = from.plusMonths(1).minusDays(1);
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("toDate " + to + " is before fromDate " + from);
        }
        Basis basis = basis(q);
        int periods = periods(q, 0, 11);
        int unit = timeframe(q.get("timeframe"), 1);
        List<LocalDate[]> columns = new ArrayList<>();
        for (int k = 0; k <= periods; k++) {
            columns.add(new LocalDate[] {shift(from, unit, k), shiftEnd(to, unit, k)});
        }
        List<Map<String, Long>> movements = columns.stream().map(c -> ledger.movements(basis, c[0], c[1])).toList();

        ObjectNode report = start(ReportKind.PROFIT_AND_LOSS, now, List.of("Profit and Loss", name,
                "For the period " + DISPLAY.format(from) + " to " + DISPLAY.format(to)), basis);
        ArrayNode rows = report.putArray("Rows");
        List<String> header = new ArrayList<>(List.of(""));
        columns.forEach(c -> header.add(COLUMN.format(c[1])));
        rows.add(header(header));
        long[] income = profitSection(rows, "Income", movements, t -> t.equals("REVENUE") || t.equals("SALES"), -1, "Total Income");
        long[] costs = profitSection(rows, "Less Cost of Sales", movements, t -> t.equals("DIRECTCOSTS"), 1, "Total Cost of Sales");
        long[] gross = minus(income, costs);
        rows.add(section("", List.of(row("Gross Profit", null, gross))));
        long[] other = profitSection(rows, "Other Income", movements, t -> t.equals("OTHERINCOME"), -1, "Total Other Income");
        long[] expenses = profitSection(rows, "Less Operating Expenses", movements,
                t -> ChartOfAccounts.classOf(t).equals("EXPENSE") && !t.equals("DIRECTCOSTS"), 1, "Total Operating Expenses");
        rows.add(section("", List.of(row("Net Profit", null, minus(plus(gross, other), expenses)))));
        return report;
    }

    /** A section of accounts of some types, each row {@code sign} × its movement, with its total; left out when empty. */
    private long[] profitSection(ArrayNode rows, String title, List<Map<String, Long>> movements,
                                 Predicate<String> types, int sign, String totalLabel) {
        List<ObjectNode> sectionRows = new ArrayList<>();
        long[] total = new long[movements.size()];
        for (Account account : chart.all()) {
            if (!types.test(account.type())) {
                continue;
            }
            long[] values = new long[movements.size()];
            boolean any = false;
            for (int c = 0; c < movements.size(); c++) {
                values[c] = sign * movements.get(c).getOrDefault(account.code(), 0L);
                total[c] += values[c];
                any |= values[c] != 0;
            }
            if (any) {
                sectionRows.add(row(account.name(), account.accountId(), values));
            }
        }
        if (!sectionRows.isEmpty()) {
            sectionRows.add(summary(totalLabel, total));
            rows.add(section(title, sectionRows));
        }
        return total;
    }

    // ---- balance sheet

    private ObjectNode balanceSheet(Map<String, String> q, LocalDate today, long now) {
        LocalDate date = Optional.ofNullable(date(q, "date")).orElse(today);
        Basis basis = basis(q);
        List<LocalDate> columns = new ArrayList<>();
        if (q.get("periods") == null) {
            columns.add(date);
            columns.add(date.minusYears(1));
        } else {
            int periods = periods(q, 0, 11);
            int unit = timeframe(q.get("timeframe"), 1);
            for (int k = 0; k <= periods; k++) {
                columns.add(shiftEnd(date, unit, k));
            }
        }
        int n = columns.size();
        List<Map<String, Long>> balances = columns.stream().map(d -> ledger.movements(basis, null, d)).toList();

        ObjectNode report = start(ReportKind.BALANCE_SHEET, now, List.of("Balance Sheet", name, "As at " + DISPLAY.format(date)), basis);
        ArrayNode rows = report.putArray("Rows");
        List<String> header = new ArrayList<>(List.of(""));
        columns.forEach(d -> header.add(COLUMN.format(d)));
        rows.add(header(header));
        rows.add(section("Assets", List.of()));
        long[] assets = new long[n];
        for (String[] s : new String[][] {{"Bank", "BANK"}, {"Current Assets", "CURRENT PREPAYMENT INVENTORY"},
                {"Fixed Assets", "FIXED"}, {"Non-current Assets", "NONCURRENT"}}) {
            assets = plus(assets, balanceSection(rows, s[0], s[1], balances, 1));
        }
        rows.add(section("", List.of(summary("Total Assets", assets))));
        rows.add(section("Liabilities", List.of()));
        long[] liabilities = new long[n];
        for (String[] s : new String[][] {{"Current Liabilities", "CURRLIAB LIABILITY PAYG"}, {"Non-current Liabilities", "TERMLIAB"}}) {
            liabilities = plus(liabilities, balanceSection(rows, s[0], s[1], balances, -1));
        }
        rows.add(section("", List.of(summary("Total Liabilities", liabilities))));
        rows.add(section("", List.of(row("Net Assets", null, minus(assets, liabilities)))));

        List<ObjectNode> equity = new ArrayList<>();
        long[] total = new long[n];
        long[] currentYear = new long[n];
        long[] priorYears = new long[n];
        for (int c = 0; c < n; c++) {
            LocalDate yearStart = financialYearStart(columns.get(c));
            currentYear[c] = -profitMovement(basis, yearStart, columns.get(c));
            priorYears[c] = -profitMovement(basis, null, yearStart.minusDays(1));
        }
        ObjectNode earnings = json.objectNode();
        earnings.put("RowType", "Row");
        ArrayNode cells = earnings.putArray("Cells");
        cells.add(cell("Current Year Earnings", NO_ACCOUNT));
        for (int c = 0; c < n; c++) {
            ObjectNode cell = cell(money(currentYear[c]), NO_ACCOUNT);
            ArrayNode attributes = (ArrayNode) cell.get("Attributes");
            attributes.add(attribute("fromDate", US_DATE.format(financialYearStart(columns.get(c)))));
            attributes.add(attribute("toDate", US_DATE.format(columns.get(c))));
            cells.add(cell);
            total[c] += currentYear[c];
        }
        equity.add(earnings);
        for (Account account : chart.all()) {
            if (!account.type().equals("EQUITY")) {
                continue;
            }
            boolean retained = "960".equals(account.code());
            long[] values = new long[n];
            boolean any = false;
            for (int c = 0; c < n; c++) {
                values[c] = -balances.get(c).getOrDefault(account.code(), 0L) + (retained ? priorYears[c] : 0);
                any |= values[c] != 0;
            }
            if (any || retained) {
                equity.add(row(account.name(), account.accountId(), values));
                total = plus(total, values);
            }
        }
        equity.add(summary("Total Equity", total));
        rows.add(section("Equity", equity));
        return report;
    }

    /** A balance sheet section: accounts of the given types, {@code sign} × their balance; left out when every balance is zero. */
    private long[] balanceSection(ArrayNode rows, String title, String types, List<Map<String, Long>> balances, int sign) {
        List<String> wanted = List.of(types.split(" "));
        List<ObjectNode> sectionRows = new ArrayList<>();
        long[] total = new long[balances.size()];
        for (Account account : chart.all()) {
            if (!wanted.contains(account.type())) {
                continue;
            }
            long[] values = new long[balances.size()];
            boolean any = false;
            for (int c = 0; c < balances.size(); c++) {
                values[c] = sign * balances.get(c).getOrDefault(account.code(), 0L);
                total[c] += values[c];
                any |= values[c] != 0;
            }
            if (any) {
                sectionRows.add(row(account.name(), account.accountId(), values));
            }
        }
        if (!sectionRows.isEmpty()) {
            sectionRows.add(summary("Total " + title, total));
            rows.add(section(title, sectionRows));
        }
        return total;
    }

    /** The net movement of every profit and loss account (debits positive): minus the net profit. */
    private long profitMovement(Basis basis, LocalDate from, LocalDate to) {
        long total = 0;
        for (Map.Entry<String, Long> e : ledger.movements(basis, from, to).entrySet()) {
            if (isProfitAndLoss(chart.account(e.getKey()))) {
                total += e.getValue();
            }
        }
        return total;
    }

    private static boolean isProfitAndLoss(Account account) {
        String accountClass = ChartOfAccounts.classOf(account.type());
        return accountClass.equals("REVENUE") || accountClass.equals("EXPENSE");
    }

    /** The first day of the financial year {@code date} is in (the organisation's FinancialYearEndMonth). */
    LocalDate financialYearStart(LocalDate date) {
        LocalDate start = LocalDate.of(date.getYear(), yearEndMonth % 12 + 1, 1);
        return start.isAfter(date) ? start.minusYears(1) : start;
    }

    // ---- trial balance

    private ObjectNode trialBalance(Map<String, String> q, LocalDate today, long now) {
        LocalDate date = Optional.ofNullable(date(q, "date")).orElse(today);
        Basis basis = basis(q);
        LocalDate yearStart = financialYearStart(date);
        Map<String, Long> month = ledger.movements(basis, date.withDayOfMonth(1), date);
        Map<String, Long> toDate = ledger.movements(basis, null, date);
        Map<String, Long> year = ledger.movements(basis, yearStart, date);
        long priorYears = profitMovement(basis, null, yearStart.minusDays(1));

        ObjectNode report = start(ReportKind.TRIAL_BALANCE, now, List.of("Trial Balance", name, "As at " + DISPLAY.format(date)), basis);
        ArrayNode rows = report.putArray("Rows");
        rows.add(header(List.of("Account", "Debit", "Credit", "YTD Debit", "YTD Credit")));
        long[] totals = new long[4];
        for (String[] s : new String[][] {{"Revenue", "REVENUE"}, {"Expenses", "EXPENSE"}, {"Assets", "ASSET"},
                {"Liabilities", "LIABILITY"}, {"Equity", "EQUITY"}}) {
            List<ObjectNode> sectionRows = new ArrayList<>();
            for (Account account : chart.all()) {
                if (!ChartOfAccounts.classOf(account.type()).equals(s[1])) {
                    continue;
                }
                long movement = month.getOrDefault(account.code(), 0L);
                long ytd = isProfitAndLoss(account) ? year.getOrDefault(account.code(), 0L) : toDate.getOrDefault(account.code(), 0L);
                if ("960".equals(account.code())) {
                    ytd += priorYears;
                }
                if (movement == 0 && ytd == 0) {
                    continue;
                }
                String label = account.name() + " (" + account.code() + ")";
                ObjectNode row = json.objectNode();
                row.put("RowType", "Row");
                ArrayNode cells = row.putArray("Cells");
                cells.add(cell(label, account.accountId()));
                cells.add(cell(movement >= 0 ? money(movement) : "", account.accountId()));
                cells.add(cell(movement < 0 ? money(-movement) : "", account.accountId()));
                cells.add(cell(ytd >= 0 ? money(ytd) : "", account.accountId()));
                cells.add(cell(ytd < 0 ? money(-ytd) : "", account.accountId()));
                totals[movement >= 0 ? 0 : 1] += Math.abs(movement);
                totals[ytd >= 0 ? 2 : 3] += Math.abs(ytd);
                sectionRows.add(row);
            }
            if (!sectionRows.isEmpty()) {
                rows.add(section(s[0], sectionRows));
            }
        }
        rows.add(section("", List.of(summary("Total", totals))));
        return report;
    }

    // ---- bank summary

    private ObjectNode bankSummary(Map<String, String> q, LocalDate today, long now) {
        LocalDate from = Optional.ofNullable(date(q, "fromdate")).orElse(today.withDayOfMonth(1));
        LocalDate to = Optional.ofNullable(date(q, "todate")).orElse(YearMonth.from(from).atEndOfMonth());
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("toDate " + to + " is before fromDate " + from);
        }
        ObjectNode report = start(ReportKind.BANK_SUMMARY, now, List.of("Bank Summary", name,
                "From " + DISPLAY.format(from) + " to " + DISPLAY.format(to)), Basis.ACCRUAL);
        ArrayNode rows = report.putArray("Rows");
        rows.add(header(List.of("Bank Accounts", "Opening Balance", "Cash Received", "Cash Spent", "Closing Balance")));
        List<ObjectNode> accounts = new ArrayList<>();
        long[] total = new long[4];
        for (Account account : chart.all()) {
            if (!account.type().equals("BANK")) {
                continue;
            }
            long opening = ledger.movement(Basis.ACCRUAL, account.code(), null, from.minusDays(1));
            long[] flows = ledger.bankFlows(account.code(), from, to);
            if (account.archived() && opening == 0 && flows[0] == 0 && flows[1] == 0) {
                continue;
            }
            long[] values = {opening, flows[0], flows[1], opening + flows[0] - flows[1]};
            accounts.add(row(account.name(), account.accountId(), values));
            total = plus(total, values);
        }
        accounts.add(summary("Total", total));
        rows.add(section("", accounts));
        return report;
    }

    // ---- executive summary

    private ObjectNode executiveSummary(Map<String, String> q, LocalDate today, long now) {
        LocalDate date = Optional.ofNullable(date(q, "date")).orElse(today);
        LocalDate[] current = {date.withDayOfMonth(1), date};
        YearMonth previousMonth = YearMonth.from(date).minusMonths(1);
        LocalDate[] previous = {previousMonth.atDay(1), previousMonth.atEndOfMonth()};
        Figures now0 = figures(current);
        Figures before = figures(previous);

        ObjectNode report = start(ReportKind.EXECUTIVE_SUMMARY, now, List.of("Executive Summary", name,
                "For the month of " + DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH).format(date)), Basis.ACCRUAL);
        ArrayNode rows = report.putArray("Rows");
        rows.add(header(List.of("", MONTH.format(date), MONTH.format(previousMonth), "Variance")));
        rows.add(section("Cash", List.of(
                compare("Cash received", now0.received, before.received),
                compare("Cash spent", now0.spent, before.spent),
                compare("Cash surplus (deficit)", now0.received - now0.spent, before.received - before.spent),
                compare("Closing bank balance", now0.bank, before.bank))));
        rows.add(section("Profitability", List.of(
                compare("Income", now0.income, before.income),
                compare("Direct costs", now0.directCosts, before.directCosts),
                compare("Gross profit (loss)", now0.income - now0.directCosts, before.income - before.directCosts),
                compare("Other Income", now0.otherIncome, before.otherIncome),
                compare("Expenses", now0.expenses, before.expenses),
                compare("Profit (loss)", now0.profit(), before.profit()))));
        rows.add(section("Balance Sheet", List.of(
                compare("Debtors", now0.debtors, before.debtors),
                compare("Creditors", now0.creditors, before.creditors),
                compare("Net assets", now0.netAssets, before.netAssets))));
        ObjectNode count = json.objectNode();
        count.put("RowType", "Row");
        ArrayNode countCells = count.putArray("Cells");
        countCells.add(cell("Number of invoices issued", null));
        countCells.add(cell(Long.toString(now0.invoices), null));
        countCells.add(cell(Long.toString(before.invoices), null));
        countCells.add(cell(variance(now0.invoices, before.invoices), null));
        rows.add(section("Income", List.of(count,
                compare("Average value of invoices", now0.averageInvoice(), before.averageInvoice()))));
        rows.add(section("Performance", List.of(
                ratioRow("Gross profit margin", now0.income - now0.directCosts, now0.income,
                        before.income - before.directCosts, before.income),
                ratioRow("Net profit margin", now0.profit(), now0.income, before.profit(), before.income))));
        rows.add(section("Position", List.of(
                plainRow("Average debtors days", days(now0.debtors, now0.income, current), days(before.debtors, before.income, previous)),
                plainRow("Average creditors days", days(now0.creditors, now0.directCosts + now0.expenses, current),
                        days(before.creditors, before.directCosts + before.expenses, previous)),
                plainRow("Current assets to liabilities", ratio(now0.currentAssets, now0.currentLiabilities),
                        ratio(before.currentAssets, before.currentLiabilities)))));
        return report;
    }

    /** What the executive summary shows for one period, in cents (accrual basis). */
    private static final class Figures {
        long received;
        long spent;
        long bank;
        long income;
        long directCosts;
        long otherIncome;
        long expenses;
        long debtors;
        long creditors;
        long netAssets;
        long currentAssets;
        long currentLiabilities;
        long invoices;
        long invoiced;

        long profit() {
            return income - directCosts + otherIncome - expenses;
        }

        long averageInvoice() {
            return invoices == 0 ? 0 : Math.round((double) invoiced / invoices);
        }
    }

    private Figures figures(LocalDate[] period) {
        Figures f = new Figures();
        Map<String, Long> movements = ledger.movements(Basis.ACCRUAL, period[0], period[1]);
        Map<String, Long> balances = ledger.movements(Basis.ACCRUAL, null, period[1]);
        for (Account account : chart.all()) {
            long movement = movements.getOrDefault(account.code(), 0L);
            long balance = balances.getOrDefault(account.code(), 0L);
            switch (account.type()) {
                case "BANK" -> {
                    long[] flows = ledger.bankFlows(account.code(), period[0], period[1]);
                    f.received += flows[0];
                    f.spent += flows[1];
                    f.bank += balance;
                    f.currentAssets += balance;
                }
                case "REVENUE", "SALES" -> f.income -= movement;
                case "DIRECTCOSTS" -> f.directCosts += movement;
                case "OTHERINCOME" -> f.otherIncome -= movement;
                case "CURRENT", "PREPAYMENT", "INVENTORY" -> f.currentAssets += balance;
                case "CURRLIAB", "LIABILITY", "PAYG" -> f.currentLiabilities -= balance;
                default -> {
                }
            }
            String accountClass = ChartOfAccounts.classOf(account.type());
            if (accountClass.equals("EXPENSE") && !account.type().equals("DIRECTCOSTS")) {
                f.expenses += movement;
            }
            if (accountClass.equals("ASSET") || accountClass.equals("LIABILITY")) {
                f.netAssets += balance;
            }
        }
        f.debtors = balances.getOrDefault(JournalRules.RECEIVABLES, 0L);
        f.creditors = -balances.getOrDefault(JournalRules.PAYABLES, 0L);
        long[] sales = ledger.sales(period[0], period[1]);
        f.invoices = sales[0];
        f.invoiced = sales[1];
        return f;
    }

    private ObjectNode compare(String label, long current, long previous) {
        ObjectNode row = json.objectNode();
        row.put("RowType", "Row");
        ArrayNode cells = row.putArray("Cells");
        cells.add(cell(label, null));
        cells.add(cell(money(current), null));
        cells.add(cell(money(previous), null));
        cells.add(cell(variance(current, previous), null));
        return row;
    }

    private ObjectNode ratioRow(String label, long part, long whole, long previousPart, long previousWhole) {
        String current = whole == 0 ? "" : percent(part, whole);
        String previous = previousWhole == 0 ? "" : percent(previousPart, previousWhole);
        return plainRow(label, current, previous);
    }

    private ObjectNode plainRow(String label, String current, String previous) {
        ObjectNode row = json.objectNode();
        row.put("RowType", "Row");
        ArrayNode cells = row.putArray("Cells");
        cells.add(cell(label, null));
        cells.add(cell(current, null));
        cells.add(cell(previous, null));
        cells.add(cell(changeOf(current, previous), null));
        return row;
    }

    private static String changeOf(String current, String previous) {
        try {
            BigDecimal a = new BigDecimal(current.replace("%", ""));
            BigDecimal b = new BigDecimal(previous.replace("%", ""));
            return b.signum() == 0 ? "0.0%" : a.subtract(b).multiply(BigDecimal.valueOf(100))
                    .divide(b.abs(), 1, RoundingMode.HALF_UP).toPlainString() + "%";
        } catch (NumberFormatException e) {
            return "0.0%";
        }
    }

    private static String variance(long current, long previous) {
        if (previous == 0) {
            return "0.0%";
        }
        return BigDecimal.valueOf(current - previous).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(Math.abs(previous)), 1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    private static String percent(long part, long whole) {
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100)).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP)
                .toPlainString() + "%";
    }

    private static String days(long balance, long flow, LocalDate[] period) {
        long length = period[0].until(period[1], ChronoUnit.DAYS) + 1;
        return flow == 0 ? "0" : BigDecimal.valueOf(balance).multiply(BigDecimal.valueOf(length))
                .divide(BigDecimal.valueOf(flow), 2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String ratio(long a, long b) {
        return b == 0 ? "" : BigDecimal.valueOf(a).divide(BigDecimal.valueOf(b), 2, RoundingMode.HALF_UP).toPlainString();
    }

    // ---- budget summary

    private ObjectNode budgetSummary(Map<String, String> q, LocalDate today, long now) {
        LocalDate date = Optional.ofNullable(date(q, "date")).orElse(today);
        int periods = q.get("periods") == null ? 12 : periods(q, 1, 12);
        int timeframe = q.get("timeframe") == null ? 1 : integer(q.get("timeframe"), "timeframe");
        if (timeframe != 1 && timeframe != 3 && timeframe != 12) {
            throw new IllegalArgumentException("timeframe must be 1 (month), 3 (quarter) or 12 (year), not " + timeframe);
        }
        BudgetFactory.Budget budget = budgets.overall();
        Map<String, long[]> amounts = budgets.amounts(budget);
        YearMonth first = YearMonth.from(date);
        YearMonth last = first.plusMonths((long) periods * timeframe - 1);
        ObjectNode report = start(ReportKind.BUDGET_SUMMARY, now, List.of(budget.description(), "Budget Summary", name,
                DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH).format(first) + " to "
                        + DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH).format(last)), Basis.ACCRUAL);
        ArrayNode rows = report.putArray("Rows");
        List<String> header = new ArrayList<>(List.of("Account"));
        for (int p = 0; p < periods; p++) {
            header.add(BUDGET_MONTH.format(first.plusMonths((long) p * timeframe)));
        }
        rows.add(header(header));
        long[] income = budgetSection(rows, "Income", budget, amounts, first, periods, timeframe,
                t -> ChartOfAccounts.classOf(t).equals("REVENUE"), "Total Income");
        long[] costs = budgetSection(rows, "Less Cost of Sales", budget, amounts, first, periods, timeframe,
                t -> t.equals("DIRECTCOSTS"), "Total Cost of Sales");
        long[] gross = minus(income, costs);
        rows.add(section("", List.of(summary("Gross Profit", gross))));
        long[] expenses = budgetSection(rows, "Less Operating Expenses", budget, amounts, first, periods, timeframe,
                t -> ChartOfAccounts.classOf(t).equals("EXPENSE") && !t.equals("DIRECTCOSTS"), "Total Operating Expenses");
        rows.add(section("", List.of(summary("Total Expenses", plus(costs, expenses)))));
        rows.add(section("", List.of(summary("Net Profit", minus(gross, expenses)))));
        return report;
    }

    private long[] budgetSection(ArrayNode rows, String title, BudgetFactory.Budget budget, Map<String, long[]> amounts,
                                 YearMonth first, int periods, int timeframe, Predicate<String> types,
                                 String totalLabel) {
        List<ObjectNode> sectionRows = new ArrayList<>();
        long[] total = new long[periods];
        amounts.forEach((code, byMonth) -> {
            Account account = chart.account(code);
            if (!types.test(account.type())) {
                return;
            }
            long[] values = new long[periods];
            for (int p = 0; p < periods; p++) {
                for (int m = 0; m < timeframe; m++) {
                    YearMonth month = first.plusMonths((long) p * timeframe + m);
                    if (budget.covers(month)) {
                        values[p] += byMonth[(int) budget.first().until(month, ChronoUnit.MONTHS)];
                    }
                }
                total[p] += values[p];
            }
            sectionRows.add(row(account.name(), account.accountId(), values));
        });
        if (!sectionRows.isEmpty()) {
            sectionRows.add(summary(totalLabel, total));
            rows.add(section(title, sectionRows));
        }
        return total;
    }

    // ---- aged receivables and payables

    private ObjectNode aged(ReportKind kind, Map<String, String> q, LocalDate today, long now) {
        String contactId = q.get("contactid");
        if (contactId == null || contactId.isBlank()) {
            throw new IllegalArgumentException("contactId is required for " + kind.path);
        }
        List<Invoice> invoices = invoicesOfContact.apply(contactId.trim())
                .orElseThrow(() -> new IllegalArgumentException("No contact with id " + contactId + " in " + name));
        LocalDate date = Optional.ofNullable(date(q, "date")).orElse(today);
        LocalDate from = date(q, "fromdate");
        LocalDate to = Optional.ofNullable(date(q, "todate")).orElse(date);
        String type = kind == ReportKind.AGED_RECEIVABLES ? "ACCREC" : "ACCPAY";
        List<Invoice> open = new ArrayList<>();
        List<Invoice> earlier = new ArrayList<>();
        String contactName = "";
        for (Invoice invoice : invoices) {
            contactName = invoice.contactName;
            if (!type.equals(invoice.type) || !("AUTHORISED".equals(invoice.status) || "PAID".equals(invoice.status))
                    || invoice.date.isAfter(date) || invoice.date.isAfter(to) || due(invoice, date).signum() == 0) {
                continue;
            }
            (from != null && invoice.date.isBefore(from) ? earlier : open).add(invoice);
        }
        open.sort(Comparator.comparing((Invoice i) -> i.date).thenComparing(i -> i.number));
        LocalDate start = from != null ? from : open.stream().map(i -> i.date).min(Comparator.naturalOrder()).orElse(date);

        ObjectNode report = start(kind, now, List.of("Invoices", contactName,
                "From " + DISPLAY.format(start) + " to " + DISPLAY.format(to), "Showing payments to " + DISPLAY.format(date)), null);
        ArrayNode rows = report.putArray("Rows");
        rows.add(header(List.of("Date", kind == ReportKind.AGED_RECEIVABLES ? "Number" : "Reference", "Due Date", "", "Total", "Paid",
                "Credited", "Due")));
        long opening = earlier.stream().mapToLong(i -> JournalRules.cents(due(i, date))).sum();
        ObjectNode openingRow = json.objectNode();
        openingRow.put("RowType", "Row");
        ArrayNode openingCells = openingRow.putArray("Cells");
        for (String value : List.of(ISO_MIDNIGHT.format(start), "Opening Balance", "", "", "", "", "", money(opening))) {
            openingCells.add(cell(value, null));
        }
        rows.add(section("", List.of(openingRow)));
        List<ObjectNode> lines = new ArrayList<>();
        long[] total = new long[4];
        for (Invoice invoice : open) {
            long[] amounts = {JournalRules.cents(invoice.total()), JournalRules.cents(paid(invoice, date)),
                    JournalRules.cents(credited(invoice, date)), JournalRules.cents(due(invoice, date))};
            long overdue = invoice.dueDate.until(date, ChronoUnit.DAYS);
            ObjectNode row = json.objectNode();
            row.put("RowType", "Row");
            ArrayNode cells = row.putArray("Cells");
            for (String value : List.of(ISO_MIDNIGHT.format(invoice.date),
                    kind == ReportKind.AGED_RECEIVABLES ? invoice.number : invoice.reference, ISO_MIDNIGHT.format(invoice.dueDate),
                    overdue > 0 ? overdue + " days overdue" : "", money(amounts[0]), money(amounts[1]), money(amounts[2]),
                    money(amounts[3]))) {
                cells.add(invoiceCell(value, invoice.id));
            }
            lines.add(row);
            total = plus(total, amounts);
        }
        lines.add(agedTotal("Total", total));
        rows.add(section("", lines));
        long[] closing = total.clone();
        closing[3] += opening;
        rows.add(section("", List.of(agedTotal("Closing Balance", closing))));
        return report;
    }

    private ObjectNode agedTotal(String label, long[] amounts) {
        ObjectNode row = json.objectNode();
        row.put("RowType", "SummaryRow");
        ArrayNode cells = row.putArray("Cells");
        for (String value : List.of(label, "", "", "", money(amounts[0]), money(amounts[1]), money(amounts[2]), money(amounts[3]))) {
            cells.add(cell(value, null));
        }
        return row;
    }

    private static BigDecimal paid(Invoice invoice, LocalDate asAt) {
        return invoice.payments.stream().filter(p -> !p.date().isAfter(asAt)).map(Invoice.Payment::amount)
                .reduce(XeroFormat.money(0), BigDecimal::add);
    }

    private static BigDecimal credited(Invoice invoice, LocalDate asAt) {
        return invoice.credits.stream().filter(c -> c.isAllocated() && !c.allocatedOn().isAfter(asAt)).map(Invoice.Credit::allocated)
                .reduce(XeroFormat.money(0), BigDecimal::add);
    }

    /** What was owed on {@code asAt}: the total less payments and allocations made by then (the AmountDue once all are). */
    private static BigDecimal due(Invoice invoice, LocalDate asAt) {
        return invoice.total().subtract(paid(invoice, asAt)).subtract(credited(invoice, asAt));
    }

    // ---- published tax returns

    /** The returns filed in the year before the history ends: four BAS quarters (AU) or GST two-month periods (NZ). */
    private List<ObjectNode> published(long now) {
        List<ObjectNode> list = new ArrayList<>();
        for (int k = 0; k < PUBLISHED_RETURNS; k++) {
            ObjectNode summary = taxReturn(k, false);
            list.add(summary);
        }
        return list;
    }

    private Optional<ObjectNode> taxReturn(String id, long now) {
        OptionalLong k = ids.indexOf(organisation, SeededIds.TAX_REPORT, id);
        if (k.isEmpty() || k.getAsLong() >= PUBLISHED_RETURNS) {
            return Optional.empty();
        }
        return Optional.of(taxReturn((int) k.getAsLong(), true));
    }

    /** Return k (0 the oldest): its period ends 1–4 periods before the last whole period of the history. */
    private ObjectNode taxReturn(int k, boolean withRows) {
        boolean au = home == Country.AU;
        int months = au ? 3 : 2;
        YearMonth lastEnd = YearMonth.from(history.lastDay());
        // AU quarters end in Mar/Jun/Sep/Dec; NZ two-month periods end in odd months (Jan, Mar, …)
        while (au ? lastEnd.getMonthValue() % 3 != 0 : lastEnd.getMonthValue() % 2 != 1) {
            lastEnd = lastEnd.minusMonths(1);
        }
        YearMonth end = lastEnd.minusMonths((long) months * (PUBLISHED_RETURNS - k));
        YearMonth start = end.minusMonths(months - 1);
        LocalDate filed = end.atEndOfMonth().plusDays(21 + k);
        long updated = filed.toEpochDay() * XeroFormat.DAY_MILLIS + 9 * 3_600_000L + k * 60_000L;
        String title = au ? "Activity Statement" : "GST Return";
        ObjectNode report = json.objectNode();
        report.put("ReportID", ids.uuid(organisation, SeededIds.TAX_REPORT, k).toString());
        report.put("ReportName", title);
        report.put("ReportType", au ? "BASReport" : "GSTReport");
        ArrayNode titles = report.putArray("ReportTitles");
        titles.add(title);
        titles.add(name);
        titles.add(DISPLAY.format(start.atDay(1)) + " to " + DISPLAY.format(end.atEndOfMonth()));
        report.put("ReportDate", DISPLAY.format(filed));
        report.put("UpdatedDateUTC", XeroFormat.msDateWithoutOffset(updated));
        if (!withRows) {
            return report;
        }
        Map<String, long[]> tax = ledger.taxByType(start, end);
        List<String[]> boxes = au ? basBoxes(tax) : gstBoxes(tax);
        ArrayNode fields = report.putArray("Fields");
        for (String[] box : boxes) {
            ObjectNode field = fields.addObject();
            field.put("FieldID", box[0]);
            field.put("Description", box[1]);
            field.put("Value", box[2]);
        }
        ArrayNode rows = report.putArray("Rows");
        rows.add(header(List.of("", "Amount")));
        List<ObjectNode> sales = new ArrayList<>();
        List<ObjectNode> purchases = new ArrayList<>();
        List<ObjectNode> net = new ArrayList<>();
        for (String[] box : boxes) {
            ObjectNode row = json.objectNode();
            row.put("RowType", "Row");
            ArrayNode cells = row.putArray("Cells");
            cells.add(cell(box[0] + " " + box[1], null));
            cells.add(cell(box[2], null));
            (box[3].equals("sales") ? sales : box[3].equals("purchases") ? purchases : net).add(row);
        }
        rows.add(section(au ? "GST on sales" : "Sales and income", sales));
        rows.add(section(au ? "GST on purchases" : "Purchases and expenses", purchases));
        rows.add(section("", net));
        return report;
    }

    private static long gross(Map<String, long[]> tax, String... types) {
        long total = 0;
        for (String t : types) {
            total += tax.getOrDefault(t, new long[2])[0];
        }
        return total;
    }

    private static long taxOf(Map<String, long[]> tax, String... types) {
        long total = 0;
        for (String t : types) {
            total += tax.getOrDefault(t, new long[2])[1];
        }
        return total;
    }

    /** BAS labels from the lines' TaxTypes: sales are credits (negated here), purchases debits. */
    private static List<String[]> basBoxes(Map<String, long[]> tax) {
        long g1 = -gross(tax, "OUTPUT", "EXEMPTOUTPUT", "EXEMPTEXPORT", "TAX001");
        long g2 = -gross(tax, "EXEMPTEXPORT");
        long g3 = -gross(tax, "EXEMPTOUTPUT");
        long g10 = gross(tax, "CAPEXINPUT", "EXEMPTCAPITAL");
        long g11 = gross(tax, "INPUT", "EXEMPTEXPENSES", "INPUTTAXED");
        long gstOnSales = -taxOf(tax, "OUTPUT", "TAX001");
        long gstOnPurchases = taxOf(tax, "INPUT", "CAPEXINPUT");
        return List.of(
                new String[] {"G1", "Total sales", money(g1), "sales"},
                new String[] {"G2", "Export sales", money(g2), "sales"},
                new String[] {"G3", "Other GST-free sales", money(g3), "sales"},
                new String[] {"1A", "GST on sales", money(gstOnSales), "sales"},
                new String[] {"G10", "Capital purchases", money(g10), "purchases"},
                new String[] {"G11", "Non-capital purchases", money(g11), "purchases"},
                new String[] {"1B", "GST on purchases", money(gstOnPurchases), "purchases"},
                new String[] {"9", "Net GST payable (refundable)", money(gstOnSales - gstOnPurchases), "net"});
    }

    /** NZ GST return boxes 5–15 from the lines' TaxTypes. */
    private static List<String[]> gstBoxes(Map<String, long[]> tax) {
        long box5 = -gross(tax, "OUTPUT2", "ZERORATED");
        long box6 = -gross(tax, "ZERORATED");
        long box7 = box5 - box6;
        long box8 = Math.round(box7 * 3 / 23.0);
        long box11 = gross(tax, "INPUT2");
        long box12 = Math.round(box11 * 3 / 23.0);
        return List.of(
                new String[] {"5", "Total sales and income", money(box5), "sales"},
                new String[] {"6", "Zero-rated supplies", money(box6), "sales"},
                new String[] {"7", "Sales less zero-rated supplies", money(box7), "sales"},
                new String[] {"8", "GST on sales", money(box8), "sales"},
                new String[] {"10", "Total GST collected", money(box8), "sales"},
                new String[] {"11", "Total purchases and expenses", money(box11), "purchases"},
                new String[] {"12", "GST on purchases", money(box12), "purchases"},
                new String[] {"14", "Total GST credit", money(box12), "purchases"},
                new String[] {"15", "GST to pay (refund)", money(box8 - box12), "net"});
    }

    // ---- shapes

    private ObjectNode start(ReportKind kind, long now, List<String> titles, Basis basis) {
        ObjectNode report = json.objectNode();
        report.put("ReportID", kind.path);
        report.put("ReportName", kind.title);
        report.put("ReportType", kind.path);
        ArrayNode t = report.putArray("ReportTitles");
        titles.forEach(t::add);
        if (basis == Basis.CASH) {
            t.add("Cash Basis");
        }
        report.put("ReportDate", DISPLAY.format(XeroFormat.day(now)));
        // reports' UpdatedDateUTC carries no offset in Xero's examples (GET /Reports/BalanceSheet and the others)
        report.put("UpdatedDateUTC", XeroFormat.msDateWithoutOffset(now));
        report.putArray("Fields");
        return report;
    }

    private ObjectNode header(List<String> values) {
        ObjectNode row = json.objectNode();
        row.put("RowType", "Header");
        ArrayNode cells = row.putArray("Cells");
        values.forEach(v -> cells.add(cell(v, null)));
        return row;
    }

    private ObjectNode section(String title, List<ObjectNode> rows) {
        ObjectNode section = json.objectNode();
        section.put("RowType", "Section");
        section.put("Title", title);
        ArrayNode nested = section.putArray("Rows");
        rows.forEach(nested::add);
        return section;
    }

    private ObjectNode row(String label, String accountId, long[] values) {
        return valued("Row", label, accountId, values);
    }

    private ObjectNode summary(String label, long[] values) {
        return valued("SummaryRow", label, null, values);
    }

    private ObjectNode valued(String type, String label, String accountId, long[] values) {
        ObjectNode row = json.objectNode();
        row.put("RowType", type);
        ArrayNode cells = row.putArray("Cells");
        cells.add(cell(label, accountId));
        for (long v : values) {
            cells.add(cell(money(v), accountId));
        }
        return row;
    }

    private ObjectNode cell(String value, String accountId) {
        ObjectNode cell = json.objectNode();
        cell.put("Value", value);
        if (accountId != null) {
            cell.putArray("Attributes").add(attribute("account", accountId));
        }
        return cell;
    }

    private ObjectNode invoiceCell(String value, String invoiceId) {
        ObjectNode cell = json.objectNode();
        cell.put("Value", value);
        cell.putArray("Attributes").add(attribute("invoiceID", invoiceId));
        return cell;
    }

    private ObjectNode attribute(String id, String value) {
        ObjectNode a = json.objectNode();
        a.put("Value", value);
        a.put("Id", id);
        return a;
    }

    static String money(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    private static long[] plus(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    private static long[] minus(long[] a, long[] b) {
        long[] difference = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            difference[i] = a[i] - b[i];
        }
        return difference;
    }

    // ---- parameters

    private static Basis basis(Map<String, String> q) {
        return "true".equalsIgnoreCase(q.getOrDefault("paymentsonly", "false")) ? Basis.CASH : Basis.ACCRUAL;
    }

    private static LocalDate date(Map<String, String> q, String parameter) {
        String value = q.get(parameter);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim().length() > 10 ? value.trim().substring(0, 10) : value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(parameter + " must be a date (YYYY-MM-DD), not '" + value + "'");
        }
    }

    private static int periods(Map<String, String> q, int min, int max) {
        String value = q.get("periods");
        if (value == null) {
            return min;
        }
        int periods = integer(value, "periods");
        if (periods < min || periods > max) {
            throw new IllegalArgumentException("periods must be between " + min + " and " + max + ", not " + periods);
        }
        return periods;
    }

    private static int integer(String value, String parameter) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + " must be a whole number, not '" + value + "'");
        }
    }

    /** The months a {@code timeframe} of MONTH, QUARTER or YEAR covers. */
    private static int timeframe(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "MONTH" -> 1;
            case "QUARTER" -> 3;
            case "YEAR" -> 12;
            default -> throw new IllegalArgumentException("timeframe must be MONTH, QUARTER or YEAR, not '" + value + "'");
        };
    }

    private static LocalDate shift(LocalDate date, int months, int k) {
        return date.minusMonths((long) months * k);
    }

    /** Shifts a period's end, keeping month ends at month ends (31 March less a month is 28/29 February). */
    private static LocalDate shiftEnd(LocalDate date, int months, int k) {
        LocalDate shifted = shift(date, months, k);
        return date.equals(YearMonth.from(date).atEndOfMonth()) ? YearMonth.from(shifted).atEndOfMonth() : shifted;
    }
}
