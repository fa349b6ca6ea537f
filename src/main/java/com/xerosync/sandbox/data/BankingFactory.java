package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.ChartOfAccounts.Account;
import com.xerosync.sandbox.data.Country.TaxClass;
import com.xerosync.sandbox.data.Invoice.Line;
import com.xerosync.sandbox.data.Invoice.Tracking;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static com.xerosync.sandbox.data.RandomText.pick;
import static com.xerosync.sandbox.data.RandomText.weighted;

/**
 * Builds an organisation's bank transactions (spend and receive money on its bank and credit
 * card accounts), transfers between its bank accounts, and manual journals, each from its index.
 */
final class BankingFactory {

    static final List<String> JOURNAL_LINES = List.of("JournalLines");
    private static final long RECENT_MILLIS = 45 * XeroFormat.DAY_MILLIS;
    private static final String[] TRANSACTION_STATUSES = {"AUTHORISED", "VOIDED", "DELETED"};
    private static final int[] TRANSACTION_WEIGHTS = {90, 4, 6};
    private static final String[] JOURNAL_STATUSES = {"DRAFT", "POSTED", "VOIDED", "DELETED", "ARCHIVED"};
    private static final int[] RECENT_JOURNAL_WEIGHTS = {20, 72, 4, 4, 0};
    private static final int[] SETTLED_JOURNAL_WEIGHTS = {2, 88, 5, 3, 2};
    private static final List<String> SPEND_REFERENCES = List.of("Card purchase", "Direct debit", "EFTPOS", "Online payment", "Cheque 00");
    private static final List<String> RECEIVE_REFERENCES = List.of("Cash sale", "Card settlement", "Direct credit", "Deposit");

    private final SeededIds ids;
    private final int organisation;
    private final Country home;
    private final ChartOfAccounts chart;
    private final SettingsCatalogue settings;
    private final DocumentLines documents;
    private final HistoryWindow history;
    private final JsonNodeFactory json;
    final Timeline transactions;
    final Timeline transfers;
    final Timeline journals;

    BankingFactory(SeededIds ids, int organisation, DocumentLines documents, Sizes sizes, JsonNodeFactory json) {
        this.ids = ids;
        this.organisation = organisation;
        this.history = documents.settings.history;
        this.home = documents.home;
        this.chart = documents.chart;
        this.settings = documents.settings;
        this.documents = documents;
        this.json = json;
        this.transactions = new Timeline(ids, organisation, SeededIds.BANK_TRANSACTION, sizes.bankTransactions(),
                history.start(), history.end());
        this.transfers = new Timeline(ids, organisation, SeededIds.BANK_TRANSFER, sizes.bankTransfers(),
                history.start(), history.end());
        this.journals = new Timeline(ids, organisation, SeededIds.MANUAL_JOURNAL, sizes.manualJournals(),
                history.start(), history.end());
    }

    // ---- bank transactions

    JsonRecord bankTransaction(long index) {
        return bankTransaction(index, transactions.stamp(index), documents::party, false);
    }

    /**
     * Money received (a third) or spent on a bank account: sales on the main account, some in
     * USD; spending mostly on the main account and the credit card.
     *
     * @param parties picks the contact, a customer or not (for one created by a change: an active one as it is now)
     */
    JsonRecord bankTransaction(long index, long stamp, BiFunction<SplittableRandom, Boolean, DocumentLines.Party> parties,
                               boolean created) {
        SplittableRandom r = ids.random(organisation, SeededIds.BANK_TRANSACTION, index);
        boolean receive = r.nextDouble() < 0.35;
        String accountCode = receive ? new String[] {"090", "091", "093"}[weighted(r, new int[] {80, 10, 10})]
                : new String[] {"090", "092", "093"}[weighted(r, new int[] {55, 35, 10})];
        Account account = chart.account(accountCode);
        DocumentLines.Party contact = parties.apply(r, receive);
        String currency = account.currency();
        boolean foreign = !currency.equals(home.currency);
        BigDecimal rate = foreign ? documents.rateFor(r, Country.US) : documents.rateFor(r, home);
        double treatment = r.nextDouble();
        String lineAmountTypes = foreign ? "Exclusive" : treatment < 0.7 ? "Inclusive" : treatment < 0.95 ? "Exclusive" : "NoTax";
        List<Line> lines = documents.draw(r, SeededIds.BANK_TRANSACTION, index, receive ? chart.revenue() : chart.expenses(),
                receive, foreign, lineAmountTypes, rate, 3);
        String status = created ? "AUTHORISED" : TRANSACTION_STATUSES[weighted(r, TRANSACTION_WEIGHTS)];
        LocalDate date = XeroFormat.day(stamp).minusDays(created ? 0 : r.nextInt(10));
        boolean old = history.end() - stamp > RECENT_MILLIS;
        boolean reconciled = !created && "AUTHORISED".equals(status) && r.nextDouble() < (old ? 0.92 : 0.4);
        String reference = receive ? pick(r, RECEIVE_REFERENCES) : pick(r, SPEND_REFERENCES);
        if (reference.endsWith("00")) {
            reference = reference + (100 + r.nextInt(900));
        }

        String id = ids.uuid(organisation, SeededIds.BANK_TRANSACTION, index).toString();
        ObjectNode t = json.objectNode();
        t.put("BankTransactionID", id);
        t.put("Type", receive ? "RECEIVE" : "SPEND");
        t.set("Contact", Documents.contactRef(json, contact.id(), contact.name()));
        t.set("BankAccount", Documents.accountRef(json, account));
        t.put("IsReconciled", reconciled);
        t.put("DateString", XeroFormat.dateString(date));
        t.put("Date", XeroFormat.msDate(date));
        t.put("Reference", reference);
        t.put("CurrencyCode", currency);
        t.put("CurrencyRate", rate);
        t.put("Status", status);
        t.put("LineAmountTypes", lineAmountTypes);
        t.set("LineItems", Documents.lines(json, lines));
        Documents.totals(t, lines, lineAmountTypes);
        t.put("UpdatedDateUTC", XeroFormat.msDate(stamp));
        t.put("HasAttachments", !created && r.nextDouble() < (receive ? 0.05 : 0.3));
        return new JsonRecord(index, id, stamp, false, t, InvoiceDocuments.EMPTIED_LINE_ITEMS);
    }

    // ---- bank transfers

    JsonRecord bankTransfer(long index) {
        return bankTransfer(index, transfers.stamp(index), false);
    }

    /** Between two of the bank accounts: to savings and back, paying the credit card, topping up the USD account. DELETED ones are hidden. */
    JsonRecord bankTransfer(long index, long stamp, boolean created) {
        SplittableRandom r = ids.random(organisation, SeededIds.BANK_TRANSFER, index);
        int route = weighted(r, new int[] {40, 25, 25, 10});
        String[][] routes = {{"090", "091", "Transfer to savings"}, {"091", "090", "Transfer from savings"},
                {"090", "092", "Credit card repayment"}, {"090", "093", "USD float top-up"}};
        Account from = chart.account(routes[route][0]);
        Account to = chart.account(routes[route][1]);
        long cents = route == 2 ? 50_000 + r.nextLong(750_000) : 100_000 + r.nextLong(1_900_000);
        BigDecimal amount = route == 2 ? XeroFormat.money(cents) : XeroFormat.money(cents / 10_000 * 10_000);
        BigDecimal rate = route == 3 ? documents.rateFor(r, Country.US) : documents.rateFor(r, home);
        boolean deleted = !created && r.nextDouble() < 0.08;
        boolean old = history.end() - stamp > RECENT_MILLIS;
        boolean reconciled = !created && !deleted && r.nextDouble() < (old ? 0.9 : 0.35);
        List<Tracking> tracking = r.nextDouble() < 0.2 ? List.of(settings.region(r.nextInt(SettingsCatalogue.REGIONS.size()))) : List.of();

        String id = ids.uuid(organisation, SeededIds.BANK_TRANSFER, index).toString();
        ObjectNode t = json.objectNode();
        t.put("BankTransferID", id);
        LocalDate date = XeroFormat.day(stamp).minusDays(created ? 0 : r.nextInt(3));
        t.put("CreatedDateUTCString", XeroFormat.isoLocalSeconds(stamp));
        t.put("CreatedDateUTC", XeroFormat.msDate(stamp));
        t.put("DateString", XeroFormat.dateString(date));
        t.put("Date", XeroFormat.msDate(date));
        t.set("FromBankAccount", Documents.accountRef(json, from));
        t.set("ToBankAccount", Documents.accountRef(json, to));
        t.put("Amount", amount);
        t.put("FromBankTransactionID", ids.uuid(organisation, SeededIds.BANK_LINK, index * 2).toString());
        t.put("ToBankTransactionID", ids.uuid(organisation, SeededIds.BANK_LINK, index * 2 + 1).toString());
        t.put("FromIsReconciled", reconciled);
        t.put("ToIsReconciled", reconciled && r.nextDouble() < 0.95);
        t.put("Reference", routes[route][2]);
        t.put("CurrencyRate", rate);
        t.put("HasAttachments", false);
        t.put("Status", deleted ? "DELETED" : "AUTHORISED");
        t.set("FromTracking", Documents.tracking(json, tracking));
        t.set("ToTracking", Documents.tracking(json, tracking));
        return new JsonRecord(index, id, stamp, deleted, t);
    }

    // ---- manual journals

    JsonRecord manualJournal(long index) {
        return manualJournal(index, journals.stamp(index), false);
    }

    /**
     * Month-end adjustments that always balance: depreciation, accruals, payroll, amortised
     * prepayments, provisions and reclassifications; debits positive, credits negative.
     */
    JsonRecord manualJournal(long index, long stamp, boolean created) {
        SplittableRandom r = ids.random(organisation, SeededIds.MANUAL_JOURNAL, index);
        LocalDate date = XeroFormat.day(stamp).minusDays(created ? 0 : r.nextInt(6));
        String month = date.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + date.getYear();
        BigDecimal amount = XeroFormat.money(20_000 + r.nextLong(1_480_000));
        List<ObjectNode> lines = new ArrayList<>();
        String narration;
        switch (r.nextInt(7)) {
            case 0 -> {
                narration = "Depreciation - " + month;
                BigDecimal office = XeroFormat.money(amount.multiply(BigDecimal.valueOf(0.6)));
                lines.add(journalLine(r, "416", "Depreciation expense", amount, true));
                lines.add(journalLine(r, "711", "Accumulated depreciation - office equipment", office.negate(), false));
                lines.add(journalLine(r, "721", "Accumulated depreciation - computer equipment", amount.subtract(office).negate(), false));
            }
            case 1 -> {
                narration = "Accrued wages - " + month;
                lines.add(journalLine(r, "477", "Wages accrued, not yet paid", amount, true));
                lines.add(journalLine(r, "804", "Accrued wages", amount.negate(), false));
            }
            case 2 -> {
                narration = "Payroll - " + month;
                BigDecimal gross = amount.multiply(BigDecimal.valueOf(4)).setScale(2, RoundingMode.HALF_UP);
                BigDecimal withheld = XeroFormat.money(gross.multiply(BigDecimal.valueOf(0.24)));
                BigDecimal retirement = XeroFormat.money(gross.multiply(BigDecimal.valueOf(home == Country.AU ? 0.115 : 0.03)));
                lines.add(journalLine(r, "477", "Gross wages", gross, true));
                lines.add(journalLine(r, "478", "Employer contributions", retirement, true));
                lines.add(journalLine(r, "825", "Tax withheld", withheld.negate(), false));
                lines.add(journalLine(r, "803", "Net wages payable", gross.subtract(withheld).negate(), false));
                lines.add(journalLine(r, "826", "Contributions payable", retirement.negate(), false));
            }
            case 3 -> {
                narration = "Insurance prepayment amortisation - " + month;
                lines.add(journalLine(r, "433", "Insurance expense for the month", amount, true));
                lines.add(journalLine(r, "620", "Prepaid insurance released", amount.negate(), false));
            }
            case 4 -> {
                narration = "Provision for doubtful debts - " + month;
                lines.add(journalLine(r, "429", "Increase in provision", amount, true));
                lines.add(journalLine(r, "611", "Provision for doubtful debts", amount.negate(), false));
            }
            case 5 -> {
                narration = "Income tax provision - " + month;
                lines.add(journalLine(r, "505", "Income tax expense", amount, true));
                lines.add(journalLine(r, "830", "Income tax payable", amount.negate(), false));
            }
            default -> {
                narration = "Reclassify suspense items - " + month;
                lines.add(journalLine(r, "453", "Office costs found in suspense", amount, true));
                lines.add(journalLine(r, "850", "Clear suspense", amount.negate(), false));
            }
        }
        boolean recent = history.end() - stamp < RECENT_MILLIS;
        String status = created ? (r.nextBoolean() ? "DRAFT" : "POSTED")
                : JOURNAL_STATUSES[weighted(r, recent ? RECENT_JOURNAL_WEIGHTS : SETTLED_JOURNAL_WEIGHTS)];

        String id = ids.uuid(organisation, SeededIds.MANUAL_JOURNAL, index).toString();
        ObjectNode j = json.objectNode();
        j.put("ManualJournalID", id);
        j.put("Date", XeroFormat.msDate(date));
        j.put("Status", status);
        j.put("LineAmountTypes", "NoTax");
        j.put("UpdatedDateUTC", XeroFormat.msDate(stamp));
        j.put("Narration", narration);
        ArrayNode journalLines = j.putArray("JournalLines");
        lines.forEach(journalLines::add);
        j.put("ShowOnCashBasisReports", r.nextDouble() < 0.7);
        j.put("HasAttachments", !created && r.nextDouble() < 0.1);
        return new JsonRecord(index, id, stamp, false, j, JOURNAL_LINES);
    }

    private ObjectNode journalLine(SplittableRandom r, String code, String description, BigDecimal amount, boolean trackable) {
        Account account = chart.account(code);
        ObjectNode l = json.objectNode();
        l.put("Description", description);
        l.put("LineAmount", amount);
        l.put("AccountCode", account.code());
        l.put("AccountID", account.accountId());
        l.put("TaxType", home.taxType(TaxClass.EXCLUDED));
        l.put("TaxAmount", XeroFormat.money(0));
        l.set("Tracking", Documents.tracking(json, trackable ? settings.drawTracking(r, 0.25, 0.4) : List.of()));
        l.put("IsBlank", false);
        return l;
    }
}
