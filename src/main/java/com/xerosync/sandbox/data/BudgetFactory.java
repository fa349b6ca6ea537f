package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.GeneralLedger.Basis;
import com.xerosync.sandbox.data.Invoice.Tracking;
import com.xerosync.sandbox.http.XeroFormat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An organisation's budgets: the overall budget (24 months from the start of the financial year
 * the generated history ends in) and one or two tracking budgets (12 months, for a region
 * and maybe a department). A budget line is a profit and loss account the organisation posted to;
 * its monthly amount is what the account did in the same month a year (or two) earlier, grown by
 * a few percent a year, in whole dollars; a tracking budget takes a share of that. Budgets are set
 * up before their first month and never change, so their amounts come from the generated
 * journals only.
 */
public final class BudgetFactory {

    /** One budget; {@code share} of the overall amounts (1 for the overall budget). */
    record Budget(int index, String id, String type, String description, long updated, List<Tracking> tracking,
                  YearMonth first, int months, double share) {

        boolean covers(YearMonth month) {
            return !month.isBefore(first) && month.isBefore(first.plusMonths(months));
        }
    }

    private final SeededIds ids;
    private final int organisation;
    private final ChartOfAccounts chart;
    private final GeneralLedger ledger;
    /** The last month of the generated history. */
    private final YearMonth lastActual;
    private final JsonNodeFactory json;
    private final List<Budget> budgets = new ArrayList<>();

    BudgetFactory(SeededIds ids, int organisation, ChartOfAccounts chart, SettingsCatalogue settings, GeneralLedger ledger,
                  int financialYearEndMonth, JsonNodeFactory json) {
        this.ids = ids;
        this.organisation = organisation;
        this.chart = chart;
        this.ledger = ledger;
        this.lastActual = YearMonth.from(settings.history.lastDay());
        this.json = json;
        SplittableRandom r = ids.random(organisation, SeededIds.BUDGET, 0);
        // the financial year the generated history ends in (AU: July 2025–June 2026, NZ: April 2026–March 2027)
        YearMonth yearStart = YearMonth.of(lastActual.getYear(), financialYearEndMonth % 12 + 1);
        while (yearStart.isAfter(lastActual)) {
            yearStart = yearStart.minusYears(1);
        }
        budgets.add(budget(0, "OVERALL", "Overall Budget", List.of(), yearStart, 24, 1, r));
        int regionOption = r.nextInt(SettingsCatalogue.REGIONS.size());
        String fy = "FY" + yearStart.plusMonths(11).getYear() % 100;
        budgets.add(budget(1, "TRACKING", SettingsCatalogue.REGIONS.get(regionOption) + " region " + fy,
                List.of(settings.region(regionOption)), yearStart, 12, 0.2 + r.nextDouble() * 0.12, r));
        if (r.nextBoolean()) {
            budgets.add(budget(2, "TRACKING", "Sales department " + fy, List.of(settings.department(0)), yearStart, 12,
                    0.12 + r.nextDouble() * 0.1, r));
        }
    }

    private Budget budget(int index, String type, String description, List<Tracking> tracking, YearMonth first, int months,
                          double share, SplittableRandom r) {
        long setUp = first.atDay(1).toEpochDay() * XeroFormat.DAY_MILLIS - (20 + r.nextInt(10)) * XeroFormat.DAY_MILLIS
                + r.nextLong(XeroFormat.DAY_MILLIS) + index;
        return new Budget(index, ids.uuid(organisation, SeededIds.BUDGET, index).toString(), type, description, setUp,
                tracking, first, months, share);
    }

    List<Budget> budgets() {
        return budgets;
    }

    Budget overall() {
        return budgets.get(0);
    }

    /** The listing: no lines and no tracking, as the spec's example of {@code GET /Budgets}. */
    public List<ObjectNode> list(Set<String> onlyIds) {
        List<ObjectNode> list = new ArrayList<>();
        for (Budget b : budgets) {
            if (onlyIds.isEmpty() || onlyIds.contains(b.id().toLowerCase(Locale.ROOT))) {
                ObjectNode n = head(b);
                n.putArray("BudgetLines");
                n.putArray("Tracking");
                list.add(n);
            }
        }
        return list;
    }

    /** A budget with its lines and tracking; {@code from}/{@code to} (either may be null) keep only those months' balances. */
    public Optional<ObjectNode> find(String id, YearMonth from, YearMonth to) {
        OptionalLong index = ids.indexOf(organisation, SeededIds.BUDGET, id == null ? "" : id);
        if (index.isEmpty() || index.getAsLong() >= budgets.size()) {
            return Optional.empty();
        }
        Budget b = budgets.get((int) index.getAsLong());
        ObjectNode n = head(b);
        ArrayNode tracking = n.putArray("Tracking");
        for (Tracking t : b.tracking()) {
            ObjectNode c = tracking.addObject();
            c.put("TrackingCategoryID", t.categoryId());
            c.put("Name", t.name());
            c.put("TrackingOptionID", t.optionId());
            c.put("Option", t.option());
        }
        ArrayNode lines = n.putArray("BudgetLines");
        amounts(b).forEach((code, byMonth) -> {
            ChartOfAccounts.Account account = chart.account(code);
            ObjectNode line = lines.addObject();
            line.put("AccountID", account.accountId());
            line.put("AccountCode", account.code());
            ArrayNode balances = line.putArray("BudgetBalances");
            for (int m = 0; m < b.months(); m++) {
                YearMonth month = b.first().plusMonths(m);
                if ((from == null || !month.isBefore(from)) && (to == null || !month.isAfter(to))) {
                    ObjectNode balance = balances.addObject();
                    balance.put("Period", XeroFormat.msDate(month.atDay(1)));
                    balance.put("Amount", BigDecimal.valueOf(byMonth[m], 2));
                    balance.put("Notes", m == 0 && code.equals("200") ? "Price list updated for the new year" : "");
                }
            }
        });
        return Optional.of(n);
    }

    private ObjectNode head(Budget b) {
        ObjectNode n = json.objectNode();
        n.put("BudgetID", b.id());
        n.put("Type", b.type());
        n.put("Description", b.description());
        n.put("UpdatedDateUTC", XeroFormat.msDate(b.updated()));
        return n;
    }

    /**
     * A budget's amounts in cents by account code, one per month of the budget: revenue and other
     * income as credits are positive, costs and expenses as debits are positive.
     */
    Map<String, long[]> amounts(Budget b) {
        Map<String, long[]> amounts = new LinkedHashMap<>();
        for (ChartOfAccounts.Account account : chart.all()) {
            String accountClass = ChartOfAccounts.classOf(account.type());
            if (account.archived() || !(accountClass.equals("REVENUE") || accountClass.equals("EXPENSE"))) {
                continue;
            }
            int sign = accountClass.equals("REVENUE") ? -1 : 1;
            double growth = 1.03 + ids.random(organisation, SeededIds.BUDGET, 100 + account.code().hashCode()).nextDouble() * 0.06;
            long[] byMonth = new long[b.months()];
            boolean any = false;
            for (int m = 0; m < b.months(); m++) {
                YearMonth month = b.first().plusMonths(m);
                int years = 1;
                while (month.minusYears(years).isAfter(lastActual)) {
                    years++;
                }
                YearMonth reference = month.minusYears(years);
                long actual = sign * ledger.movement(Basis.ACCRUAL, account.code(), reference.atDay(1), reference.atEndOfMonth(), false);
                long dollars = Math.round(Math.max(0, actual) * Math.pow(growth, years) * b.share() / 100.0);
                byMonth[m] = dollars * 100;
                any |= dollars != 0;
            }
            if (any) {
                amounts.put(account.code(), byMonth);
            }
        }
        return amounts;
    }
}
