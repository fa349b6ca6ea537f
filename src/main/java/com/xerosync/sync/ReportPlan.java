package com.xerosync.sync;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which calls one run of a report makes: a report over each of the last {@code months} months (by date range, or as
 * at each month's end), on each basis (accrual: Xero's default; cash: {@code paymentsOnly=true}), and for aged
 * reports once per contact with an open balance.
 *
 * @param months     how many months back, the current one included; 0 for a single call
 * @param dates      {@code range} (fromDate/toDate: profit and loss, bank summary), {@code date} (as at a date:
 *                   balance sheet, trial balance, executive summary, budget summary) or {@code none}
 * @param bases      {@code accrual} and/or {@code cash}
 * @param contactsOf for aged reports: {@code ACCREC} or {@code ACCPAY}, the invoices whose open balances name the
 *                   contacts; empty otherwise
 */
public record ReportPlan(int months, String dates, List<String> bases, String contactsOf) {

    private static final Pattern DATES = Pattern.compile("none|range|date");
    private static final Pattern BASIS = Pattern.compile("accrual|cash");
    private static final Pattern CONTACTS = Pattern.compile("|ACCREC|ACCPAY");

    public ReportPlan {
        if (months < 0 || months > 120) {
            throw new IllegalArgumentException("Report parameter 'months' must be between 0 and 120, not " + months);
        }
        check(DATES, dates, "dates");
        if (bases.isEmpty()) {
            bases = List.of("accrual");
        }
        bases.forEach(b -> check(BASIS, b, "bases"));
        check(CONTACTS, contactsOf, "contacts");
        if (months > 0 && dates.equals("none")) {
            throw new IllegalArgumentException("Report parameter 'months' needs dates range or date");
        }
        bases = List.copyOf(bases);
    }

    /** The calls for a run on {@code today}; {@code contactIds} are used when the plan is per contact. */
    public List<SyncRun.Call> calls(LocalDate today, List<String> contactIds) {
        List<String> periods = new ArrayList<>();
        if (months == 0) {
            periods.add(dates.equals("date") ? "date=" + today : "");
        }
        for (int i = 0; i < months; i++) {
            YearMonth month = YearMonth.from(today).minusMonths(i);
            LocalDate end = i == 0 ? today : month.atEndOfMonth();
            periods.add(dates.equals("range") ? "fromDate=" + month.atDay(1) + "&toDate=" + end : "date=" + end);
        }
        List<SyncRun.Call> calls = new ArrayList<>();
        for (String period : periods) {
            for (String basis : bases) {
                String query = join(period, basis.equals("cash") ? "paymentsOnly=true" : "");
                if (contactsOf.isEmpty()) {
                    calls.add(new SyncRun.Call("", query));
                } else {
                    contactIds.forEach(contact -> calls.add(new SyncRun.Call("", join("contactId=" + contact, query))));
                }
            }
        }
        return calls;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "&" + b;
    }

    private static void check(Pattern pattern, String value, String parameter) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException("Report parameter '" + parameter + "' has an invalid value '" + value
                    + "' (expected " + pattern.pattern() + ")");
        }
    }
}
