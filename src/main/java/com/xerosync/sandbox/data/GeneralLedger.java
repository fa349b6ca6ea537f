package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.Invoice.Tracking;
import com.xerosync.sandbox.data.JournalDraft.Entry;
import com.xerosync.sandbox.data.JournalRules.CreditKind;
import com.xerosync.sandbox.data.JournalRules.Lines;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * An organisation's general ledger, as {@code GET /Journals} serves it: every journal posted by
 * the generated documents, then those posted by changes, numbered in CreatedDateUTC order, on
 * the accrual basis and (with {@code paymentsOnly=true}) on the cash basis, each with its own
 * numbering.
 *
 * <p>Generated journals are never kept: on first use every generated document is built once, its
 * journals worked out ({@link JournalRules}), and only a compact index is kept: for each
 * JournalNumber, its CreatedDateUTC and which document (and which of its journals) it is, plus
 * running totals per account and day that reports read. A page of journals rebuilds its hundred
 * documents from their index; an offset is a position. Journals of changes are kept as drafts,
 * after the generated ones; journals never change, so a change posts new ones (a void or a
 * deletion posts the reversal, dated as the original).
 */
public final class GeneralLedger {

    public enum Basis { ACCRUAL, CASH }

    /** The series whose changes post journals. */
    record Sources(RecordSeries<Invoice> invoices, RecordSeries<JsonRecord> payments, RecordSeries<JsonRecord> creditNotes,
                   RecordSeries<JsonRecord> prepayments, RecordSeries<JsonRecord> overpayments,
                   RecordSeries<JsonRecord> bankTransactions, RecordSeries<JsonRecord> bankTransfers,
                   RecordSeries<JsonRecord> manualJournals, RecordSeries<JsonRecord> expenseClaims,
                   RecordSeries<JsonRecord> receipts) {
    }

    private static final int INVOICE = 0;
    private static final int BANK_TRANSACTION = 1;
    private static final int BANK_TRANSFER = 2;
    private static final int MANUAL_JOURNAL = 3;
    private static final int EXPENSE_CLAIM = 4;
    private static final long INDEX_MASK = (1L << 48) - 1;
    private static final int MAX_LINES = 64;

    /** Generated journals are dated from here (prepayments come before their invoices, which start before the history). */
    private final long firstDay;
    /** Days from {@code firstDay} to the history's last day. */
    private final int days;
    private final YearMonth firstMonth;
    private final int months;

    private final SeededIds ids;
    private final int organisation;
    private final ChartOfAccounts chart;
    private final Country home;
    private final Map<String, String> taxNames;
    private final JsonNodeFactory json;
    private final InvoiceFactory invoiceFactory;
    private final InvoiceDocuments invoiceDocuments;
    private final BankingFactory banking;
    private final ExpenseFactory expenses;
    private final Sources sources;
    private final Map<String, Integer> accountIndex = new HashMap<>();
    private final List<ChartOfAccounts.Account> accounts;

    private volatile Index accrual;
    private volatile Index cash;
    private volatile List<JournalDraft> accrualChanges = List.of();
    private volatile List<JournalDraft> cashChanges = List.of();

    GeneralLedger(SeededIds ids, int organisation, ChartOfAccounts chart, Country home, Map<String, String> taxNames,
                  HistoryWindow history, JsonNodeFactory json, InvoiceFactory invoiceFactory, InvoiceDocuments invoiceDocuments,
                  BankingFactory banking, ExpenseFactory expenses, Sources sources) {
        this.firstDay = history.firstDay().toEpochDay() - 200;
        this.days = (int) (history.lastDay().toEpochDay() - firstDay + 1);
        this.firstMonth = YearMonth.from(LocalDate.ofEpochDay(firstDay));
        this.months = (int) firstMonth.until(YearMonth.from(history.lastDay()), ChronoUnit.MONTHS) + 1;
        this.ids = ids;
        this.organisation = organisation;
        this.chart = chart;
        this.home = home;
        this.taxNames = taxNames;
        this.json = json;
        this.invoiceFactory = invoiceFactory;
        this.invoiceDocuments = invoiceDocuments;
        this.banking = banking;
        this.expenses = expenses;
        this.sources = sources;
        this.accounts = chart.all();
        for (int i = 0; i < accounts.size(); i++) {
            accountIndex.put(accounts.get(i).code(), i);
        }
    }

    // ---- serving journals

    /** How many journals there are on a basis. */
    long count(Basis basis) {
        return index(basis).count() + changes(basis).size();
    }

    /**
     * Journals with JournalNumber greater than {@code offset} and CreatedDateUTC after
     * {@code modifiedAfter}, oldest first, at most {@code limit}: a position and a binary search.
     */
    public Stream<ObjectNode> page(Basis basis, long offset, long modifiedAfter, long limit) {
        Index index = index(basis);
        List<JournalDraft> changes = changes(basis);
        long generated = index.count();
        long total = generated + changes.size();
        long first = Math.max(0, offset);
        if (modifiedAfter != Long.MIN_VALUE) {
            first = Math.max(first, firstCreatedAfter(index, changes, modifiedAfter));
        }
        long end = Math.min(total, first + limit);
        return LongStream.range(Math.min(first, end), end).mapToObj(p -> render(basis, p + 1, draft(basis, index, changes, p)));
    }

    /** Every journal on a basis, in JournalNumber order. */
    public Stream<ObjectNode> all(Basis basis) {
        return page(basis, 0, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** A journal by JournalID (either basis) or by JournalNumber (on {@code basis}). */
    public Optional<ObjectNode> find(Basis basis, String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Basis b : Basis.values()) {
            OptionalLong number = ids.indexOf(organisation, journalKind(b), id);
            if (number.isPresent() && number.getAsLong() >= 1 && number.getAsLong() <= count(b)) {
                return Optional.of(journal(b, number.getAsLong()));
            }
        }
        try {
            long number = Long.parseLong(id.trim());
            return number >= 1 && number <= count(basis) ? Optional.of(journal(basis, number)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private ObjectNode journal(Basis basis, long number) {
        Index index = index(basis);
        return render(basis, number, draft(basis, index, changes(basis), number - 1));
    }

    /** The journals of a basis as drafts, in JournalNumber order (what reports and tests sum). */
    Stream<JournalDraft> drafts(Basis basis) {
        Index index = index(basis);
        List<JournalDraft> changes = changes(basis);
        return LongStream.range(0, index.count() + changes.size()).mapToObj(p -> draft(basis, index, changes, p));
    }

    private JournalDraft draft(Basis basis, Index index, List<JournalDraft> changes, long position) {
        if (position >= index.count()) {
            return changes.get((int) (position - index.count()));
        }
        long key = index.keys[(int) position];
        int kind = (int) (key >>> 58);
        int variant = (int) ((key >>> 48) & 0x3FF);
        long document = key & INDEX_MASK;
        Drafts drafts = drafts(kind, document, basis == Basis.ACCRUAL, basis == Basis.CASH);
        return (basis == Basis.ACCRUAL ? drafts.accrual : drafts.cash).get(variant);
    }

    private long firstCreatedAfter(Index index, List<JournalDraft> changes, long millis) {
        int low = 0;
        int high = index.count();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (index.created[mid] > millis) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        if (low < index.count()) {
            return low;
        }
        int k = 0;
        while (k < changes.size() && changes.get(k).created() <= millis) {
            k++;
        }
        return index.count() + k;
    }

    private ObjectNode render(Basis basis, long number, JournalDraft d) {
        ObjectNode j = json.objectNode();
        j.put("JournalID", ids.uuid(organisation, journalKind(basis), number).toString());
        j.put("JournalDate", XeroFormat.msDate(d.date()));
        j.put("JournalNumber", Math.toIntExact(number));
        j.put("CreatedDateUTC", XeroFormat.msDate(d.created()));
        if (d.reference() != null) {
            j.put("Reference", d.reference());
        }
        j.put("SourceID", d.sourceId());
        j.put("SourceType", d.sourceType());
        ArrayNode lines = j.putArray("JournalLines");
        int lineKind = basis == Basis.ACCRUAL ? SeededIds.JOURNAL_LINE : SeededIds.CASH_JOURNAL_LINE;
        for (int n = 0; n < d.entries().size(); n++) {
            Entry e = d.entries().get(n);
            ChartOfAccounts.Account account = chart.account(e.accountCode());
            ObjectNode l = lines.addObject();
            l.put("JournalLineID", ids.uuid(organisation, lineKind, number * MAX_LINES + n).toString());
            l.put("AccountID", account.accountId());
            l.put("AccountCode", account.code());
            l.put("AccountType", account.type());
            l.put("AccountName", account.name());
            l.put("Description", e.description());
            l.put("NetAmount", BigDecimal.valueOf(e.net(), 2));
            l.put("GrossAmount", BigDecimal.valueOf(e.gross(), 2));
            l.put("TaxAmount", BigDecimal.valueOf(e.tax(), 2));
            if (e.taxType() != null) {
                l.put("TaxType", e.taxType());
                l.put("TaxName", taxNames.getOrDefault(e.taxType(), e.taxType()));
            }
            ArrayNode tracking = l.putArray("TrackingCategories");
            for (Tracking t : e.tracking()) {
                ObjectNode c = tracking.addObject();
                c.put("Name", t.name());
                c.put("Option", t.option());
                if (t.categoryId() != null) {
                    c.put("TrackingCategoryID", t.categoryId());
                }
                if (t.optionId() != null) {
                    c.put("TrackingOptionID", t.optionId());
                }
            }
        }
        return j;
    }

    private static int journalKind(Basis basis) {
        return basis == Basis.ACCRUAL ? SeededIds.JOURNAL : SeededIds.CASH_JOURNAL;
    }

    private List<JournalDraft> changes(Basis basis) {
        return basis == Basis.ACCRUAL ? accrualChanges : cashChanges;
    }

    // ---- totals for reports

    /** The net movement (debits positive) of an account over [from, to] on a basis; {@code from} null: since the beginning. */
    long movement(Basis basis, String code, LocalDate from, LocalDate to) {
        return movement(basis, code, from, to, true);
    }

    /** As {@link #movement(Basis, String, LocalDate, LocalDate)}; without the journals of changes when {@code withChanges} is false. */
    long movement(Basis basis, String code, LocalDate from, LocalDate to, boolean withChanges) {
        Integer account = accountIndex.get(code);
        if (account == null) {
            return 0;
        }
        long total = range(index(basis).totals[account], from, to);
        for (JournalDraft d : withChanges ? changes(basis) : List.<JournalDraft>of()) {
            if (within(d.date(), from, to)) {
                for (Entry e : d.entries()) {
                    if (e.accountCode().equals(code)) {
                        total += e.net();
                    }
                }
            }
        }
        return total;
    }

    /** Every account's net movement over [from, to]; accounts never posted to are left out. */
    Map<String, Long> movements(Basis basis, LocalDate from, LocalDate to) {
        Index index = index(basis);
        Map<String, Long> totals = new LinkedHashMap<>();
        for (int a = 0; a < accounts.size(); a++) {
            long value = range(index.totals[a], from, to);
            if (value != 0 || index.totals[a] != null) {
                totals.put(accounts.get(a).code(), value);
            }
        }
        for (JournalDraft d : changes(basis)) {
            if (within(d.date(), from, to)) {
                for (Entry e : d.entries()) {
                    totals.merge(e.accountCode(), e.net(), Long::sum);
                }
            }
        }
        return totals;
    }

    /** Money into and out of a bank account over [from, to] (accrual journals; bank lines are alike on both bases): {debits, credits}. */
    long[] bankFlows(String code, LocalDate from, LocalDate to) {
        Index index = index(Basis.ACCRUAL);
        Integer account = accountIndex.get(code);
        long[] flows = {account == null ? 0 : range(index.debits[account], from, to),
                        account == null ? 0 : -range(index.credits[account], from, to)};
        for (JournalDraft d : accrualChanges) {
            if (within(d.date(), from, to)) {
                for (Entry e : d.entries()) {
                    if (e.accountCode().equals(code)) {
                        flows[e.net() > 0 ? 0 : 1] += Math.abs(e.net());
                    }
                }
            }
        }
        return flows;
    }

    /** Sales invoices issued over [from, to] (posted less voided): {count, total in home cents}. */
    long[] sales(LocalDate from, LocalDate to) {
        Index index = index(Basis.ACCRUAL);
        long[] sales = {range(index.salesCount, from, to), range(index.salesTotal, from, to)};
        for (JournalDraft d : accrualChanges) {
            if ("ACCREC".equals(d.sourceType()) && within(d.date(), from, to)) {
                long receivable = d.entries().get(0).net();
                sales[0] += Long.signum(receivable);
                sales[1] += receivable;
            }
        }
        return sales;
    }

    /**
     * What generated journals' document lines carried, by TaxType, over the months [from, to]:
     * {amount including tax, tax} (debits positive). Published tax returns are filed from these:
     * changes made since are not in them.
     */
    Map<String, long[]> taxByType(YearMonth from, YearMonth to) {
        Index index = index(Basis.ACCRUAL);
        Map<String, long[]> totals = new LinkedHashMap<>();
        int first = (int) Math.max(0, firstMonth.until(from, ChronoUnit.MONTHS));
        int last = (int) Math.min(months - 1, firstMonth.until(to, ChronoUnit.MONTHS));
        index.tax.forEach((taxType, months) -> {
            long[] sum = new long[2];
            for (int m = first; m <= last; m++) {
                sum[0] += months[m][0];
                sum[1] += months[m][1];
            }
            totals.put(taxType, sum);
        });
        return totals;
    }

    private static boolean within(LocalDate date, LocalDate from, LocalDate to) {
        return (from == null || !date.isBefore(from)) && !date.isAfter(to);
    }

    /** A range of a running total by day (null: nothing posted). */
    private long range(long[] running, LocalDate from, LocalDate to) {
        if (running == null) {
            return 0;
        }
        long last = Math.min(days - 1, to.toEpochDay() - firstDay);
        long before = from == null ? -1 : Math.min(days - 1, from.toEpochDay() - firstDay - 1);
        long upTo = last < 0 ? 0 : running[(int) last];
        long upToBefore = before < 0 ? 0 : running[(int) before];
        return before >= last ? 0 : upTo - upToBefore;
    }

    // ---- journals of changes

    /**
     * Posts the journals a set of changes calls for, comparing each changed record with the
     * version the collection has now: approved, paid, voided or deleted documents, new payments
     * and allocations. Each is stamped with its record's UpdatedDateUTC; they join the end.
     */
    synchronized void post(ChangeSet changes) {
        List<JournalDraft> accrualDrafts = new ArrayList<>();
        List<JournalDraft> cashDrafts = new ArrayList<>();
        for (ChangeSet.Change change : changes.changes()) {
            RecordSeries<?> series = change.series();
            SandboxRecord before = change.before();
            SandboxRecord after = change.after();
            long now = after.updated();
            if (series == sources.invoices()) {
                invoiceChanged((Invoice) before, (Invoice) after, now, accrualDrafts);
            } else if (series == sources.payments()) {
                paymentChanged(changes, (JsonRecord) before, (JsonRecord) after, now, accrualDrafts, cashDrafts);
            } else if (series == sources.creditNotes()) {
                creditChanged(changes, CreditKind.CREDIT_NOTE, (JsonRecord) before, (JsonRecord) after, now, accrualDrafts, cashDrafts);
            } else if (series == sources.prepayments()) {
                creditChanged(changes, CreditKind.PREPAYMENT, (JsonRecord) before, (JsonRecord) after, now, accrualDrafts, cashDrafts);
            } else if (series == sources.overpayments()) {
                creditChanged(changes, CreditKind.OVERPAYMENT, (JsonRecord) before, (JsonRecord) after, now, accrualDrafts, cashDrafts);
            } else if (series == sources.bankTransactions()) {
                follow(status(before, "AUTHORISED"), status(after, "AUTHORISED"), before, after, now, JournalRules::bankTransaction,
                        accrualDrafts, cashDrafts);
            } else if (series == sources.bankTransfers()) {
                follow(status(before, "AUTHORISED"), status(after, "AUTHORISED"), before, after, now, JournalRules::bankTransfer,
                        accrualDrafts, cashDrafts);
            } else if (series == sources.manualJournals()) {
                manualJournalChanged((JsonRecord) before, (JsonRecord) after, now, accrualDrafts, cashDrafts);
            } else if (series == sources.expenseClaims()) {
                claimChanged(changes, (JsonRecord) before, (JsonRecord) after, now, accrualDrafts, cashDrafts);
            }
        }
        if (!accrualDrafts.isEmpty()) {
            accrualChanges = appended(accrualChanges, accrualDrafts);
        }
        if (!cashDrafts.isEmpty()) {
            cashChanges = appended(cashChanges, cashDrafts);
        }
    }

    private static List<JournalDraft> appended(List<JournalDraft> journals, List<JournalDraft> added) {
        added.sort(Comparator.comparingLong(JournalDraft::created));
        List<JournalDraft> all = new ArrayList<>(journals.size() + added.size());
        all.addAll(journals);
        all.addAll(added);
        return List.copyOf(all);
    }

    private static boolean status(SandboxRecord record, String... posted) {
        if (record == null) {
            return false;
        }
        String status = ((JsonRecord) record).status();
        return Arrays.asList(posted).contains(status);
    }

    private static boolean posted(Invoice invoice) {
        return invoice != null && ("AUTHORISED".equals(invoice.status) || "PAID".equals(invoice.status));
    }

    private void invoiceChanged(Invoice before, Invoice after, long now, List<JournalDraft> accrualDrafts) {
        boolean was = posted(before);
        boolean is = posted(after);
        boolean edited = was && is && !before.lines.equals(after.lines);
        if (was && (!is || edited)) {
            accrualDrafts.add(JournalRules.invoice(before).reversed(now));
        }
        if (is && (!was || edited)) {
            accrualDrafts.add(JournalRules.invoice(after).at(now));
        }
    }

    private void paymentChanged(ChangeSet changes, JsonRecord before, JsonRecord after, long now,
                                List<JournalDraft> accrualDrafts, List<JournalDraft> cashDrafts) {
        boolean was = status(before, "AUTHORISED");
        boolean is = status(after, "AUTHORISED");
        if (was == is) {
            return;
        }
        JsonNode p = (is ? after : before).body();
        Invoice invoice = invoiceOf(changes, p.path("Invoice").path("InvoiceID").asText());
        boolean sale = "ACCRECPAYMENT".equals(p.path("PaymentType").asText());
        String reference = p.path("Invoice").path("InvoiceNumber").asText("");
        LocalDate date = JournalRules.msDay(p.path("Date").asText());
        BigDecimal amount = p.path("Amount").decimalValue();
        String bank = p.path("Account").path("Code").asText();
        JournalDraft accrualDraft = JournalRules.payment(p.path("PaymentID").asText(), date, amount,
                p.path("CurrencyRate").decimalValue(), bank, sale, reference);
        JournalDraft cashDraft = invoice == null ? null : JournalRules.cashPayment(p.path("PaymentID").asText(), date, amount, bank,
                sale, new Lines(invoice.lines, invoice.lineAmountTypes, invoice.currencyRate), reference);
        accrualDrafts.add(is ? accrualDraft.at(now) : accrualDraft.reversed(now));
        if (cashDraft != null) {
            cashDrafts.add(is ? cashDraft.at(now) : cashDraft.reversed(now));
        }
    }

    private void creditChanged(ChangeSet changes, CreditKind kind, JsonRecord before, JsonRecord after, long now,
                               List<JournalDraft> accrualDrafts, List<JournalDraft> cashDrafts) {
        boolean was = status(before, "AUTHORISED", "PAID");
        boolean is = status(after, "AUTHORISED", "PAID");
        if (was != is) {
            JsonRecord version = is ? after : before;
            Credit c = credit(version.body());
            JournalDraft accrualDraft = JournalRules.credit(kind, version.id(), c.date, c.lines, c.sale, c.bank, c.reference);
            accrualDrafts.add(is ? accrualDraft.at(now) : accrualDraft.reversed(now));
            if (kind != CreditKind.CREDIT_NOTE) {
                JournalDraft cashDraft = JournalRules.cashReceipt(kind, version.id(), c.date, c.lines, c.sale, c.bank, c.reference);
                cashDrafts.add(is ? cashDraft.at(now) : cashDraft.reversed(now));
            }
        }
        Set<String> allocated = new HashSet<>();
        if (before != null) {
            before.body().path("Allocations").forEach(a -> allocated.add(a.path("AllocationID").asText()));
        }
        Credit c = credit(after.body());
        for (JsonNode a : after.body().path("Allocations")) {
            if (allocated.contains(a.path("AllocationID").asText()) || a.path("IsDeleted").asBoolean()) {
                continue;
            }
            Invoice invoice = invoiceOf(changes, a.path("Invoice").path("InvoiceID").asText());
            if (invoice != null) {
                cashDrafts.add(JournalRules.cashAllocation(kind, after.id(), JournalRules.msDay(a.path("Date").asText()),
                        a.path("Amount").decimalValue(), new Lines(invoice.lines, invoice.lineAmountTypes, invoice.currencyRate),
                        c.lines, c.sale, invoice.number).at(now));
            }
        }
    }

    /** What a credit note, prepayment or overpayment's JSON says about how it posts. */
    private record Credit(LocalDate date, Lines lines, boolean sale, String bank, String reference) {
    }

    private Credit credit(JsonNode c) {
        String type = c.path("Type").asText();
        String currency = c.path("CurrencyCode").asText();
        return new Credit(JournalRules.msDay(c.path("Date").asText()),
                new Lines(JournalRules.lines(c.path("LineItems")), c.path("LineAmountTypes").asText(), c.path("CurrencyRate").decimalValue()),
                type.startsWith("ACCREC") || type.startsWith("RECEIVE"), bankFor(currency), c.path("Reference").asText(""));
    }

    /** Where money in a currency is banked, as payments are (InvoiceDocuments#accountFor). */
    private String bankFor(String currency) {
        return "USD".equals(currency) && !"USD".equals(home.currency) ? "093" : JournalRules.MAIN_BANK;
    }

    private void manualJournalChanged(JsonRecord before, JsonRecord after, long now, List<JournalDraft> accrualDrafts,
                                      List<JournalDraft> cashDrafts) {
        boolean was = status(before, "POSTED", "ARCHIVED");
        boolean is = status(after, "POSTED", "ARCHIVED");
        if (was == is) {
            return;
        }
        JsonRecord version = is ? after : before;
        JournalDraft draft = JournalRules.manualJournal(version.body());
        JournalDraft posted = is ? draft.at(now) : draft.reversed(now);
        accrualDrafts.add(posted);
        if (version.body().path("ShowOnCashBasisReports").asBoolean()) {
            cashDrafts.add(posted);
        }
    }

    private void follow(boolean was, boolean is, SandboxRecord before, SandboxRecord after, long now,
                        Function<JsonNode, JournalDraft> rule, List<JournalDraft> accrualDrafts,
                        List<JournalDraft> cashDrafts) {
        if (was == is) {
            return;
        }
        JournalDraft draft = rule.apply(((JsonRecord) (is ? after : before)).body());
        JournalDraft posted = is ? draft.at(now) : draft.reversed(now);
        accrualDrafts.add(posted);
        cashDrafts.add(posted);
    }

    private void claimChanged(ChangeSet changes, JsonRecord before, JsonRecord after, long now,
                              List<JournalDraft> accrualDrafts, List<JournalDraft> cashDrafts) {
        boolean was = status(before, "AUTHORISED", "PAID");
        boolean is = status(after, "AUTHORISED", "PAID");
        boolean paid = status(after, "PAID") && !status(before, "PAID");
        if (was != is) {
            JsonRecord version = is ? after : before;
            JournalDraft draft = claimDraft(version.body(), receiptLines(version.body(), i -> changes.current(sources.receipts(), i)));
            accrualDrafts.add(is ? draft.at(now) : draft.reversed(now));
        }
        if (paid) {
            Lines lines = receiptLines(after.body(), i -> changes.current(sources.receipts(), i));
            accrualDrafts.add(claimPaymentDraft(after.body(), lines, false).at(now));
            cashDrafts.add(claimPaymentDraft(after.body(), lines, true).at(now));
        }
    }

    private Invoice invoiceOf(ChangeSet changes, String invoiceId) {
        OptionalLong at = sources.invoices().indexOf(invoiceId);
        return at.isEmpty() ? null : changes.current(sources.invoices(), at.getAsLong());
    }

    // ---- claims, from their JSON and their receipts'

    private Lines receiptLines(JsonNode claim, LongFunction<JsonRecord> receipt) {
        List<Invoice.Line> lines = new ArrayList<>();
        for (JsonNode summary : claim.path("Receipts")) {
            OptionalLong at = sources.receipts().indexOf(summary.path("ReceiptID").asText());
            if (at.isPresent()) {
                lines.addAll(JournalRules.lines(receipt.apply(at.getAsLong()).body().path("LineItems")));
            }
        }
        return new Lines(lines, "Inclusive", BigDecimal.ONE);
    }

    private static String claimReference(JsonNode claim) {
        return ("Expense claim " + claim.path("User").path("FirstName").asText("") + " "
                + claim.path("User").path("LastName").asText("")).trim();
    }

    private static JournalDraft claimDraft(JsonNode claim, Lines lines) {
        return JournalRules.claim(claim.path("ExpenseClaimID").asText(), JournalRules.msDay(claim.path("ReportingDate").asText()),
                lines, claimReference(claim));
    }

    private static JournalDraft claimPaymentDraft(JsonNode claim, Lines lines, boolean cash) {
        JsonNode payment = claim.path("Payments").path(0);
        return JournalRules.claimPayment(payment.path("PaymentID").asText(), JournalRules.msDay(payment.path("Date").asText()),
                lines, cash, claimReference(claim));
    }

    // ---- generated journals

    /** A generated document's journals on each basis, in posting order. */
    private record Drafts(List<JournalDraft> accrual, List<JournalDraft> cash) {
    }

    /** A journal about to be stamped: reversals happened when the document was last changed. */
    private record Posting(JournalDraft draft, boolean reversal) {
    }

    private Drafts drafts(int kind, long index, boolean wantAccrual, boolean wantCash) {
        return switch (kind) {
            case INVOICE -> invoiceDrafts(index, wantAccrual, wantCash);
            case BANK_TRANSACTION -> sameOnBothBases(kind, index, banking.bankTransaction(index),
                    JournalRules::bankTransaction, List.of("AUTHORISED", "VOIDED", "DELETED"), List.of("VOIDED", "DELETED"), true);
            case BANK_TRANSFER -> sameOnBothBases(kind, index, banking.bankTransfer(index),
                    JournalRules::bankTransfer, List.of("AUTHORISED", "DELETED"), List.of("DELETED"), true);
            case MANUAL_JOURNAL -> {
                JsonRecord j = banking.manualJournal(index);
                yield sameOnBothBases(kind, index, j, JournalRules::manualJournal, List.of("POSTED", "ARCHIVED", "VOIDED"),
                        List.of("VOIDED"), j.body().path("ShowOnCashBasisReports").asBoolean());
            }
            case EXPENSE_CLAIM -> claimDrafts(index);
            default -> throw new IllegalStateException("No document kind " + kind);
        };
    }

    private Drafts sameOnBothBases(int kind, long index, JsonRecord record, Function<JsonNode, JournalDraft> rule,
                                   List<String> posted, List<String> reversed, boolean onCashBasis) {
        List<Posting> postings = new ArrayList<>(2);
        if (posted.contains(record.status())) {
            JournalDraft draft = rule.apply(record.body());
            postings.add(new Posting(draft, false));
            if (reversed.contains(record.status())) {
                postings.add(new Posting(draft, true));
            }
        }
        return new Drafts(stamped(kind, index, Basis.ACCRUAL, record.updated(), postings),
                onCashBasis ? stamped(kind, index, Basis.CASH, record.updated(), postings) : List.of());
    }

    private Drafts invoiceDrafts(long index, boolean wantAccrual, boolean wantCash) {
        Invoice invoice = invoiceFactory.generate(index);
        boolean sale = "ACCREC".equals(invoice.type);
        Lines lines = new Lines(invoice.lines, invoice.lineAmountTypes, invoice.currencyRate);
        String bank = invoiceDocuments.accountFor(invoice).code();
        List<Posting> accrualPostings = new ArrayList<>(4);
        List<Posting> cashPostings = new ArrayList<>(4);
        if (wantAccrual) {
            if (List.of("AUTHORISED", "PAID", "VOIDED").contains(invoice.status)) {
                JournalDraft draft = JournalRules.invoice(invoice);
                accrualPostings.add(new Posting(draft, false));
                if ("VOIDED".equals(invoice.status)) {
                    accrualPostings.add(new Posting(draft, true));
                }
            }
            for (Invoice.Payment p : invoice.payments) {
                accrualPostings.add(new Posting(JournalRules.payment(p.id(), p.date(), p.amount(), invoice.currencyRate, bank, sale,
                        invoice.number), false));
            }
            for (Invoice.Credit c : invoice.credits) {
                if (List.of("AUTHORISED", "PAID", "VOIDED").contains(c.status())) {
                    JournalDraft draft = JournalRules.credit(kindOf(c), c.id(), c.date(), creditLines(c, invoice), sale, bank, c.reference());
                    accrualPostings.add(new Posting(draft, false));
                    if ("VOIDED".equals(c.status())) {
                        accrualPostings.add(new Posting(draft, true));
                    }
                }
            }
        }
        if (wantCash) {
            for (Invoice.Payment p : invoice.payments) {
                cashPostings.add(new Posting(JournalRules.cashPayment(p.id(), p.date(), p.amount(), bank, sale, lines, invoice.number), false));
            }
            for (Invoice.Credit c : invoice.credits) {
                CreditKind kind = kindOf(c);
                if (kind != CreditKind.CREDIT_NOTE && List.of("AUTHORISED", "PAID", "VOIDED").contains(c.status())) {
                    JournalDraft draft = JournalRules.cashReceipt(kind, c.id(), c.date(), creditLines(c, invoice), sale, bank, c.reference());
                    cashPostings.add(new Posting(draft, false));
                    if ("VOIDED".equals(c.status())) {
                        cashPostings.add(new Posting(draft, true));
                    }
                }
                if (c.isAllocated()) {
                    cashPostings.add(new Posting(JournalRules.cashAllocation(kind, c.id(), c.allocatedOn(), c.allocated(), lines,
                            creditLines(c, invoice), sale, invoice.number), false));
                }
            }
        }
        return new Drafts(stamped(INVOICE, index, Basis.ACCRUAL, invoice.updated, accrualPostings),
                stamped(INVOICE, index, Basis.CASH, invoice.updated, cashPostings));
    }

    private static CreditKind kindOf(Invoice.Credit credit) {
        return switch (credit.kind()) {
            case CREDIT_NOTE -> CreditKind.CREDIT_NOTE;
            case PREPAYMENT -> CreditKind.PREPAYMENT;
            case OVERPAYMENT -> CreditKind.OVERPAYMENT;
        };
    }

    private static Lines creditLines(Invoice.Credit credit, Invoice invoice) {
        return new Lines(credit.lines(), credit.lineAmountTypes(), invoice.currencyRate);
    }

    private Drafts claimDrafts(long index) {
        ExpenseFactory.ClaimFacts facts = expenses.claimFacts(index);
        if (!List.of("AUTHORISED", "PAID").contains(facts.status())) {
            return new Drafts(List.of(), List.of());
        }
        JsonNode claim = expenses.claim(index).body();
        Lines lines = receiptLines(claim, expenses::receipt);
        List<Posting> accrualPostings = new ArrayList<>(2);
        List<Posting> cashPostings = new ArrayList<>(1);
        accrualPostings.add(new Posting(claimDraft(claim, lines), false));
        if ("PAID".equals(facts.status())) {
            accrualPostings.add(new Posting(claimPaymentDraft(claim, lines, false), false));
            cashPostings.add(new Posting(claimPaymentDraft(claim, lines, true), false));
        }
        return new Drafts(stamped(EXPENSE_CLAIM, index, Basis.ACCRUAL, facts.stamp(), accrualPostings),
                stamped(EXPENSE_CLAIM, index, Basis.CASH, facts.stamp(), cashPostings));
    }

    /**
     * CreatedDateUTC of a generated document's journals: each was posted during the working day
     * of its date, but no later than the document was last changed; a reversal (a void or a
     * deletion) when it was last changed. They keep their order and stay before that change.
     */
    private List<JournalDraft> stamped(int kind, long index, Basis basis, long updated, List<Posting> postings) {
        int n = postings.size();
        List<JournalDraft> drafts = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Posting p = postings.get(k);
            long latest = updated - (n - k);
            if (p.reversal()) {
                drafts.add(p.draft().reversed(latest));
            } else {
                SplittableRandom r = ids.random(organisation, SeededIds.JOURNAL_TIME, kind, index, basis.ordinal() * 64L + k);
                long workday = p.draft().date().toEpochDay() * XeroFormat.DAY_MILLIS + 7 * 3_600_000L + r.nextLong(10 * 3_600_000L);
                drafts.add(p.draft().at(Math.min(workday, latest)));
            }
        }
        return drafts;
    }

    // ---- the index of generated journals

    /** Generated journals of one basis: by position (JournalNumber - 1) what they are, and running totals per day. */
    private static final class Index {
        final long[] created;
        final long[] keys;
        /** Per account: the running total of NetAmount by day; null when nothing posted to it. */
        final long[][] totals;
        /** Per account: running totals of debits and of credits by day (bank accounts only). */
        final long[][] debits;
        final long[][] credits;
        final long[] salesCount;
        final long[] salesTotal;
        /** By TaxType: per month, {amount including tax, tax}. */
        final Map<String, long[][]> tax;

        Index(long[] created, long[] keys, long[][] totals, long[][] debits, long[][] credits, long[] salesCount,
              long[] salesTotal, Map<String, long[][]> tax) {
            this.created = created;
            this.keys = keys;
            this.totals = totals;
            this.debits = debits;
            this.credits = credits;
            this.salesCount = salesCount;
            this.salesTotal = salesTotal;
            this.tax = tax;
        }

        int count() {
            return created.length;
        }
    }

    private Index index(Basis basis) {
        Index built = basis == Basis.ACCRUAL ? accrual : cash;
        if (built == null) {
            build();
            built = basis == Basis.ACCRUAL ? accrual : cash;
        }
        return built;
    }

    /** Builds every generated document once and indexes the journals of both bases. */
    private synchronized void build() {
        if (accrual != null) {
            return;
        }
        Builder accrualBuilder = new Builder(true);
        Builder cashBuilder = new Builder(false);
        long[] counts = {invoiceFactory.timeline().count(), banking.transactions.count(), banking.transfers.count(),
                banking.journals.count(), expenses.claims.count()};
        for (int kind = 0; kind < counts.length; kind++) {
            for (long i = 0; i < counts[kind]; i++) {
                Drafts drafts = drafts(kind, i, true, true);
                for (int v = 0; v < drafts.accrual.size(); v++) {
                    accrualBuilder.add(kind, i, v, drafts.accrual.get(v));
                }
                for (int v = 0; v < drafts.cash.size(); v++) {
                    cashBuilder.add(kind, i, v, drafts.cash.get(v));
                }
            }
        }
        cash = cashBuilder.build();
        accrual = accrualBuilder.build();
    }

    /** Collects a basis's journals as they are generated, then sorts them by CreatedDateUTC into an index. */
    private final class Builder {
        private final boolean accrualBasis;
        private long[] created = new long[1024];
        private long[] keys = new long[1024];
        private int size;
        private final long[][] daily = new long[accounts.size()][];
        private final long[][] debits = new long[accounts.size()][];
        private final long[][] credits = new long[accounts.size()][];
        private final long[] salesCount = new long[days];
        private final long[] salesTotal = new long[days];
        private final Map<String, long[][]> tax = new LinkedHashMap<>();

        Builder(boolean accrualBasis) {
            this.accrualBasis = accrualBasis;
        }

        void add(int kind, long document, int variant, JournalDraft draft) {
            if (variant >= 1024 || document > INDEX_MASK) {
                throw new IllegalStateException("Too many journals for one document");
            }
            if (size == created.length) {
                created = Arrays.copyOf(created, size * 2);
                keys = Arrays.copyOf(keys, size * 2);
            }
            created[size] = draft.created();
            keys[size] = ((long) kind << 58) | ((long) variant << 48) | document;
            size++;
            int day = (int) (draft.date().toEpochDay() - firstDay);
            if (day < 0 || day >= days) {
                throw new IllegalStateException("Journal of " + draft.sourceType() + " " + draft.sourceId() + " dated " + draft.date()
                        + " is outside the generated history");
            }
            for (Entry e : draft.entries()) {
                Integer account = accountIndex.get(e.accountCode());
                if (account == null) {
                    throw new IllegalStateException("Journal of " + draft.sourceId() + " posts to " + e.accountCode() + ", not in the chart");
                }
                row(daily, account)[day] += e.net();
                if ("BANK".equals(accounts.get(account).type())) {
                    if (e.net() > 0) {
                        row(debits, account)[day] += e.net();
                    } else {
                        row(credits, account)[day] += e.net();
                    }
                }
                if (accrualBasis && e.taxType() != null) {
                    long[][] byMonth = tax.computeIfAbsent(e.taxType(), t -> new long[months][2]);
                    int month = (int) firstMonth.until(YearMonth.from(draft.date()), ChronoUnit.MONTHS);
                    byMonth[month][0] += e.gross();
                    byMonth[month][1] += e.tax();
                }
            }
            if (accrualBasis && "ACCREC".equals(draft.sourceType())) {
                long receivable = draft.entries().get(0).net();
                salesCount[day] += Long.signum(receivable);
                salesTotal[day] += receivable;
            }
        }

        private long[] row(long[][] rows, int account) {
            if (rows[account] == null) {
                rows[account] = new long[days];
            }
            return rows[account];
        }

        Index build() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            long[] c = created;
            long[] k = keys;
            Arrays.sort(order, Comparator.<Integer>comparingLong(i -> c[i]).thenComparingLong(i -> k[i]));
            long[] sortedCreated = new long[size];
            long[] sortedKeys = new long[size];
            for (int i = 0; i < size; i++) {
                sortedCreated[i] = c[order[i]];
                sortedKeys[i] = k[order[i]];
            }
            for (long[][] rows : List.of(daily, debits, credits)) {
                for (long[] row : rows) {
                    running(row);
                }
            }
            running(salesCount);
            running(salesTotal);
            return new Index(sortedCreated, sortedKeys, daily, debits, credits, salesCount, salesTotal, Map.copyOf(tax));
        }

        private void running(long[] row) {
            if (row != null) {
                for (int d = 1; d < row.length; d++) {
                    row[d] += row[d - 1];
                }
            }
        }
    }
}
