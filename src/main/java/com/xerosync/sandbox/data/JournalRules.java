package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.sandbox.data.Invoice.Line;
import com.xerosync.sandbox.data.Invoice.Tracking;
import com.xerosync.sandbox.data.JournalDraft.Entry;
import com.xerosync.sandbox.http.XeroFormat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * How each kind of document posts to the general ledger, on the accrual basis and on the cash
 * basis (income and expenses recognised when paid). Every journal is in the home currency: a
 * foreign document's lines are converted at its own CurrencyRate, line by line, and its payments
 * and allocations at the same rate (no realised or unrealised currency gains are posted).
 *
 * <p>A document line posts its amount exclusive of tax (NetAmount) with the tax it carried
 * (TaxAmount, TaxType), the tax of all lines goes to the GST account in one entry, and the
 * control account (receivables, payables, a bank account, unpaid expense claims) takes the
 * total, as Xero's journals show. Cash-basis journals recognise a share of the paid document's
 * lines: a payment of a third of an invoice posts a third of each line and of its tax.
 */
final class JournalRules {

    static final String RECEIVABLES = "610";
    static final String PAYABLES = "800";
    static final String EXPENSE_CLAIMS = "801";
    static final String GST = "820";
    static final String MAIN_BANK = "090";

    /** A document's lines as they post: how LineAmount relates to tax, and the document's rate to the home currency. */
    record Lines(List<Line> lines, String lineAmountTypes, BigDecimal rate) {
    }

    /** An allocation's kind decides its cash-basis SourceType. */
    enum CreditKind { CREDIT_NOTE, PREPAYMENT, OVERPAYMENT }

    private JournalRules() {
    }

    // ---- invoices and what hangs off them

    /** An approved sales invoice or bill: receivables (payables) against its lines and GST. */
    static JournalDraft invoice(Invoice invoice) {
        boolean sale = "ACCREC".equals(invoice.type);
        Lines lines = new Lines(invoice.lines, invoice.lineAmountTypes, invoice.currencyRate);
        String reference = invoice.reference == null || invoice.reference.isBlank() ? invoice.number : invoice.reference;
        return new JournalDraft(invoice.date, 0, invoice.id, invoice.type, reference,
                document(lines, sale ? -1 : 1, sale ? RECEIVABLES : PAYABLES));
    }

    /** An invoice payment, accrual basis: the bank against receivables (payables). */
    static JournalDraft payment(String paymentId, LocalDate date, BigDecimal amount, BigDecimal rate, String bankCode,
                                boolean sale, String reference) {
        long home = toHome(amount, rate);
        List<Entry> entries = List.of(plain(bankCode, sale ? home : -home), plain(sale ? RECEIVABLES : PAYABLES, sale ? -home : home));
        return new JournalDraft(date, 0, paymentId, sale ? "ACCRECPAYMENT" : "ACCPAYPAYMENT", reference, entries);
    }

    /** An invoice payment, cash basis: the bank against the paid share of the invoice's lines and GST. */
    static JournalDraft cashPayment(String paymentId, LocalDate date, BigDecimal amount, String bankCode, boolean sale,
                                    Lines invoiceLines, String reference) {
        long home = toHome(amount, invoiceLines.rate());
        List<Entry> entries = new ArrayList<>();
        entries.add(plain(bankCode, sale ? home : -home));
        entries.addAll(share(invoiceLines, sale ? -1 : 1, home));
        return new JournalDraft(date, 0, paymentId, sale ? "ACCRECPAYMENT" : "ACCPAYPAYMENT", reference, entries);
    }

    /**
     * A credit note, prepayment or overpayment, accrual basis: a credit note reverses sales
     * (purchases) against receivables (payables); money received or paid ahead, or over, sits on
     * receivables (payables) until it is allocated, which posts nothing more.
     */
    static JournalDraft credit(CreditKind kind, String creditId, LocalDate date, Lines lines, boolean sale, String bankCode,
                               String reference) {
        List<Entry> entries;
        switch (kind) {
            case CREDIT_NOTE -> entries = document(lines, sale ? 1 : -1, sale ? RECEIVABLES : PAYABLES);
            case PREPAYMENT -> {
                long total = totalHome(lines);
                entries = List.of(plain(bankCode, sale ? total : -total), plain(sale ? RECEIVABLES : PAYABLES, sale ? -total : total));
            }
            default -> entries = document(lines, sale ? -1 : 1, bankCode);
        }
        return new JournalDraft(date, 0, creditId, sourceType(kind, sale, false), reference, entries);
    }

    /** Money received or paid ahead (or over), cash basis: the bank against the document's own lines. */
    static JournalDraft cashReceipt(CreditKind kind, String creditId, LocalDate date, Lines lines, boolean sale, String bankCode,
                                    String reference) {
        return new JournalDraft(date, 0, creditId, sourceType(kind, sale, false), reference,
                document(lines, sale ? -1 : 1, bankCode));
    }

    /**
     * A credit allocated to an invoice, cash basis: the allocated share of the invoice is
     * recognised as paid, against the same share of the credit's own lines (no money moves).
     */
    static JournalDraft cashAllocation(CreditKind kind, String creditId, LocalDate date, BigDecimal amount, Lines invoiceLines,
                                       Lines creditLines, boolean sale, String reference) {
        long home = toHome(amount, invoiceLines.rate());
        List<Entry> entries = new ArrayList<>(share(invoiceLines, sale ? -1 : 1, home));
        entries.addAll(share(creditLines, sale ? 1 : -1, home));
        return new JournalDraft(date, 0, creditId, sourceType(kind, sale, true), reference, entries);
    }

    private static String sourceType(CreditKind kind, boolean sale, boolean allocation) {
        return switch (kind) {
            case CREDIT_NOTE -> allocation ? (sale ? "ARCREDITPAYMENT" : "APCREDITPAYMENT") : (sale ? "ACCRECCREDIT" : "ACCPAYCREDIT");
            case PREPAYMENT -> sale ? "ARPREPAYMENT" : "APPREPAYMENT";
            case OVERPAYMENT -> sale ? "AROVERPAYMENT" : "APOVERPAYMENT";
        };
    }

    // ---- banking, journals, claims (the same on both bases, except journals not shown on cash basis)

    /** Spend or receive money: the bank account against the lines and GST. */
    static JournalDraft bankTransaction(JsonNode t) {
        boolean receive = "RECEIVE".equals(t.path("Type").asText());
        Lines lines = new Lines(lines(t.path("LineItems")), t.path("LineAmountTypes").asText(), t.path("CurrencyRate").decimalValue());
        return new JournalDraft(msDay(t.path("Date").asText()), 0, t.path("BankTransactionID").asText(),
                receive ? "CASHREC" : "CASHPAID", t.path("Reference").asText(""),
                document(lines, receive ? -1 : 1, t.path("BankAccount").path("Code").asText()));
    }

    /** A transfer: into one bank account, out of the other, with the transfer's tracking on each side. */
    static JournalDraft bankTransfer(JsonNode t) {
        long amount = cents(t.path("Amount").decimalValue());
        List<Entry> entries = List.of(
                new Entry(t.path("FromBankAccount").path("Code").asText(), "", -amount, 0, null, tracking(t.path("FromTracking"))),
                new Entry(t.path("ToBankAccount").path("Code").asText(), "", amount, 0, null, tracking(t.path("ToTracking"))));
        return new JournalDraft(msDay(t.path("Date").asText()), 0, t.path("BankTransferID").asText(), "TRANSFER",
                t.path("Reference").asText(""), entries);
    }

    /** A manual journal posts its own lines (debits positive, credits negative), tax-free. */
    static JournalDraft manualJournal(JsonNode j) {
        List<Entry> entries = new ArrayList<>();
        for (JsonNode l : j.path("JournalLines")) {
            entries.add(new Entry(l.path("AccountCode").asText(), l.path("Description").asText(""),
                    cents(l.path("LineAmount").decimalValue()), 0, l.path("TaxType").asText(null), tracking(l.path("Tracking"))));
        }
        return new JournalDraft(msDay(j.path("Date").asText()), 0, j.path("ManualJournalID").asText(), "MANJOURNAL",
                j.path("Narration").asText(""), entries);
    }

    /** An approved expense claim: its receipts' expenses and GST against unpaid expense claims. */
    static JournalDraft claim(String claimId, LocalDate date, Lines receipts, String reference) {
        return new JournalDraft(date, 0, claimId, "EXPCLAIM", reference, document(receipts, 1, EXPENSE_CLAIMS));
    }

    /** A claim paid out of the main bank account: accrual basis clears unpaid claims, cash basis recognises the expenses. */
    static JournalDraft claimPayment(String paymentId, LocalDate date, Lines receipts, boolean cash, String reference) {
        List<Entry> entries;
        if (cash) {
            entries = document(receipts, 1, MAIN_BANK);
        } else {
            long total = totalHome(receipts);
            entries = List.of(plain(EXPENSE_CLAIMS, total), plain(MAIN_BANK, -total));
        }
        return new JournalDraft(date, 0, paymentId, "EXPPAYMENT", reference, entries);
    }

    // ---- building blocks

    /**
     * The control account, then each line ({@code sign} × its amount exclusive of tax, with its
     * tax), then the GST account with the lines' tax; the control account balances them.
     */
    static List<Entry> document(Lines d, int sign, String control) {
        List<Entry> lines = new ArrayList<>(d.lines().size() + 2);
        long sum = 0;
        long tax = 0;
        for (Line line : d.lines()) {
            long lineTax = toHome(line.taxAmount(), d.rate());
            long net = toHome(netOf(line, d.lineAmountTypes()), d.rate());
            lines.add(new Entry(line.accountCode(), line.description(), sign * net, sign * lineTax, line.taxType(), line.tracking()));
            sum += sign * net;
            tax += sign * lineTax;
        }
        if (tax != 0) {
            lines.add(plain(GST, tax));
        }
        List<Entry> entries = new ArrayList<>(lines.size() + 1);
        entries.add(plain(control, -(sum + tax)));
        entries.addAll(lines);
        return entries;
    }

    /**
     * {@code share} cents (home currency) of a document, spread over its lines in proportion to
     * their amounts including tax, each line's tax in the same proportion; the last line takes
     * the rounding, so the entries total {@code sign × share} exactly.
     */
    static List<Entry> share(Lines d, int sign, long share) {
        int n = d.lines().size();
        long[] gross = new long[n];
        long[] taxes = new long[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            Line line = d.lines().get(i);
            taxes[i] = toHome(line.taxAmount(), d.rate());
            gross[i] = toHome(netOf(line, d.lineAmountTypes()), d.rate()) + taxes[i];
            total += gross[i];
        }
        if (total == 0) {
            throw new IllegalStateException("A document with a zero total cannot be paid");
        }
        List<Entry> entries = new ArrayList<>(n + 1);
        long spread = 0;
        long tax = 0;
        for (int i = 0; i < n; i++) {
            Line line = d.lines().get(i);
            long lineShare = i == n - 1 ? share - spread : proportion(gross[i], share, total);
            long lineTax = proportion(taxes[i], share, total);
            spread += lineShare;
            tax += lineTax;
            entries.add(new Entry(line.accountCode(), line.description(), sign * (lineShare - lineTax), sign * lineTax,
                    line.taxType(), line.tracking()));
        }
        if (tax != 0) {
            entries.add(plain(GST, sign * tax));
        }
        return entries;
    }

    /** The document's total in home cents, as {@link #document} posts it to the control account. */
    static long totalHome(Lines d) {
        long total = 0;
        for (Line line : d.lines()) {
            total += toHome(netOf(line, d.lineAmountTypes()), d.rate()) + toHome(line.taxAmount(), d.rate());
        }
        return total;
    }

    static Entry plain(String code, long net) {
        return new Entry(code, "", net, 0, null, List.of());
    }

    private static BigDecimal netOf(Line line, String lineAmountTypes) {
        return "Inclusive".equals(lineAmountTypes) ? line.lineAmount().subtract(line.taxAmount()) : line.lineAmount();
    }

    /** value × numerator / denominator, rounded half away from zero. */
    private static long proportion(long value, long numerator, long denominator) {
        return BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(numerator))
                .divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /** A document amount in cents of the home currency: divided by the document's rate (units of its currency per home unit). */
    static long toHome(BigDecimal amount, BigDecimal rate) {
        if (rate == null || rate.signum() == 0 || rate.compareTo(BigDecimal.ONE) == 0) {
            return cents(amount);
        }
        return cents(amount.divide(rate, 2, RoundingMode.HALF_UP));
    }

    static long cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
    }

    /** Document lines as their JSON has them (LineItems of bank transactions, credits, receipts). */
    static List<Line> lines(JsonNode lineItems) {
        List<Line> lines = new ArrayList<>(lineItems.size());
        for (JsonNode l : lineItems) {
            lines.add(new Line(l.path("LineItemID").asText(null), l.path("Description").asText(""),
                    l.path("Quantity").decimalValue(), l.path("UnitAmount").decimalValue(), l.path("AccountCode").asText(),
                    l.path("AccountID").asText(null), l.path("TaxType").asText(null), l.path("TaxAmount").decimalValue(),
                    l.path("LineAmount").decimalValue(), tracking(l.path("Tracking")), null));
        }
        return lines;
    }

    static List<Tracking> tracking(JsonNode tracking) {
        List<Tracking> list = new ArrayList<>(tracking.size());
        for (JsonNode t : tracking) {
            list.add(new Tracking(t.path("TrackingCategoryID").asText(null), t.path("Name").asText(),
                    t.path("TrackingOptionID").asText(null), t.path("Option").asText()));
        }
        return List.copyOf(list);
    }

    /** The day of a {@code /Date(…)/} value. */
    static LocalDate msDay(String msDate) {
        int open = msDate.indexOf('(');
        int end = open + 1;
        while (end < msDate.length() && (Character.isDigit(msDate.charAt(end)) || (end == open + 1 && msDate.charAt(end) == '-'))) {
            end++;
        }
        return XeroFormat.day(Long.parseLong(msDate.substring(open + 1, end)));
    }
}
