package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.Invoice.Credit;
import com.xerosync.sandbox.data.Invoice.Payment;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

/**
 * The documents that hang off invoices, as their own endpoints serve them: payments, batch
 * payments, credit notes, prepayments and overpayments. Each is built from the invoice it
 * belongs to, so amounts, dates and ids agree with what the invoice shows.
 */
final class InvoiceDocuments {

    static final List<String> LINE_ITEMS = List.of("LineItems");
    /** BankTransaction requires LineItems in the spec, so unpaged listings keep it, empty. */
    static final List<String> EMPTIED_LINE_ITEMS = List.of("LineItems[]");
    private static final long RECENT_MILLIS = 45 * XeroFormat.DAY_MILLIS;

    /** A payment with the invoice it paid, as a batch lists them. */
    record Paid(Invoice invoice, Payment payment) {
    }

    private final SeededIds ids;
    private final int organisation;
    private final Country home;
    private final ChartOfAccounts chart;
    private final HistoryWindow history;
    private final JsonNodeFactory json;

    InvoiceDocuments(SeededIds ids, int organisation, Country home, ChartOfAccounts chart, HistoryWindow history,
                     JsonNodeFactory json) {
        this.history = history;
        this.ids = ids;
        this.organisation = organisation;
        this.home = home;
        this.chart = chart;
        this.json = json;
    }

    /** Foreign-currency payments go to the USD account when in USD, else to the main account at the invoice's rate. */
    ChartOfAccounts.Account accountFor(Invoice invoice) {
        return chart.account("USD".equals(invoice.currency) && !"USD".equals(home.currency) ? "093" : "090");
    }

    /** Whether a generated payment was reconciled: most older ones are. */
    boolean reconciledAtGeneration(Invoice invoice, Payment payment) {
        boolean old = history.end() - payment.date().toEpochDay() * XeroFormat.DAY_MILLIS > RECENT_MILLIS;
        return ids.random(organisation, SeededIds.PAYMENT, invoice.index, 7).nextDouble() < (old ? 0.93 : 0.4);
    }

    JsonRecord payment(long index, Invoice invoice, Payment payment, String status, long updated, boolean reconciled) {
        ChartOfAccounts.Account account = accountFor(invoice);
        boolean sale = "ACCREC".equals(invoice.type);
        ObjectNode p = json.objectNode();
        p.put("PaymentID", payment.id());
        if (payment.batchId() != null) {
            p.put("BatchPaymentID", payment.batchId());
        }
        p.put("Date", XeroFormat.msDate(payment.date()));
        p.put("BankAmount", bankAmount(invoice, payment.amount(), account));
        p.put("Amount", payment.amount());
        p.put("Reference", sale ? "" : invoice.number);
        p.put("CurrencyRate", invoice.currencyRate);
        p.put("PaymentType", sale ? "ACCRECPAYMENT" : "ACCPAYPAYMENT");
        p.put("Status", status);
        p.put("UpdatedDateUTC", XeroFormat.msDate(updated));
        p.put("UpdatedDateUTCString", XeroFormat.isoSeconds(updated));
        p.put("HasAccount", true);
        p.put("IsReconciled", reconciled);
        ObjectNode a = p.putObject("Account");
        a.put("AccountID", account.accountId());
        a.put("Code", account.code());
        p.set("Invoice", invoiceRef(invoice, true));
        p.put("HasValidationErrors", false);
        return new JsonRecord(index, payment.id(), updated, false, p);
    }

    /** A batch of payments made together: one date, one bank account, one reference. */
    JsonRecord batch(long index, String id, String type, LocalDate date, List<Paid> paid, String status, long updated,
                     boolean reconciled) {
        ChartOfAccounts.Account account = chart.account("090");
        BigDecimal total = paid.stream().map(p -> p.payment().amount()).reduce(XeroFormat.money(0), BigDecimal::add);
        ObjectNode b = json.objectNode();
        b.put("BatchPaymentID", id);
        b.set("Account", Documents.accountRef(json, account));
        b.put("Reference", ("PAYBATCH".equals(type) ? "Supplier run " : "Deposit ") + XeroFormat.dateString(date).substring(0, 10));
        if (home == Country.NZ) {
            b.put("Particulars", "PAYBATCH".equals(type) ? "Suppliers" : "Receipts");
            b.put("Code", XeroFormat.dateString(date).substring(0, 7).replace("-", ""));
        }
        b.put("DateString", XeroFormat.dateString(date));
        b.put("Date", XeroFormat.msDate(date));
        b.put("Type", type);
        b.put("Status", status);
        b.put("TotalAmount", total);
        ArrayNode payments = b.putArray("Payments");
        for (Paid p : paid) {
            ObjectNode n = payments.addObject();
            n.set("Invoice", invoiceRef(p.invoice(), true));
            n.put("PaymentID", p.payment().id());
            n.put("BankAmount", p.payment().amount());
            n.put("Amount", p.payment().amount());
        }
        b.put("UpdatedDateUTC", XeroFormat.msDate(updated));
        b.put("IsReconciled", reconciled);
        return new JsonRecord(index, id, updated, false, b);
    }

    /** A credit note, prepayment or overpayment, with its allocation to the invoice if it has one. */
    JsonRecord credit(long index, Invoice invoice, Credit credit, String themeId, long updated) {
        boolean sale = "ACCREC".equals(invoice.type);
        BigDecimal total = credit.total();
        ObjectNode c = json.objectNode();
        switch (credit.kind()) {
            case CREDIT_NOTE -> {
                c.put("CreditNoteID", credit.id());
                c.put("CreditNoteNumber", credit.number());
                c.put("Type", sale ? "ACCRECCREDIT" : "ACCPAYCREDIT");
            }
            case PREPAYMENT -> {
                c.put("PrepaymentID", credit.id());
                c.put("Type", sale ? "RECEIVE-PREPAYMENT" : "SPEND-PREPAYMENT");
            }
            case OVERPAYMENT -> {
                c.put("OverpaymentID", credit.id());
                c.put("Type", sale ? "RECEIVE-OVERPAYMENT" : "SPEND-OVERPAYMENT");
            }
        }
        c.put("Reference", credit.reference());
        c.set("Contact", Documents.contactRef(json, invoice.contactId, invoice.contactName));
        c.put("DateString", XeroFormat.dateString(credit.date()));
        c.put("Date", XeroFormat.msDate(credit.date()));
        if (credit.kind() == Invoice.CreditKind.CREDIT_NOTE) {
            c.put("DueDate", XeroFormat.msDate(credit.date()));
        }
        c.put("Status", credit.status());
        c.put("LineAmountTypes", credit.lineAmountTypes());
        c.set("LineItems", Documents.lines(json, credit.lines()));
        Documents.totals(c, credit.lines(), credit.lineAmountTypes());
        c.put("UpdatedDateUTC", XeroFormat.msDate(updated));
        c.put("UpdatedDateUTCString", XeroFormat.isoSeconds(updated));
        c.put("CurrencyCode", invoice.currency);
        c.put("CurrencyRate", invoice.currencyRate);
        if ("PAID".equals(credit.status()) && credit.kind() == Invoice.CreditKind.CREDIT_NOTE) {
            c.put("FullyPaidOnDate", XeroFormat.msDate(credit.allocatedOn()));
        }
        c.put("RemainingCredit", remaining(credit.status(), total, credit.allocated()));
        c.put("AppliedAmount", credit.allocated());
        ArrayNode allocations = c.putArray("Allocations");
        if (credit.isAllocated()) {
            ObjectNode a = allocations.addObject();
            a.put("AllocationID", credit.allocationId());
            a.put("Amount", credit.allocated());
            a.put("Date", XeroFormat.msDate(credit.allocatedOn()));
            a.set("Invoice", invoiceRef(invoice, false));
            a.put("IsDeleted", false);
        }
        c.putArray("Payments");
        if (credit.kind() == Invoice.CreditKind.CREDIT_NOTE) {
            if (sale && themeId != null) {
                c.put("BrandingThemeID", themeId);
            }
            c.put("SentToContact", sale && !"DRAFT".equals(credit.status()) && !"SUBMITTED".equals(credit.status()));
            c.put("HasErrors", false);
        }
        c.put("HasAttachments", false);
        return new JsonRecord(index, credit.id(), updated, false, c, LINE_ITEMS);
    }

    /** What is left to allocate: all of a draft or fresh credit, none of a settled, voided or deleted one. */
    static BigDecimal remaining(String status, BigDecimal total, BigDecimal allocated) {
        return switch (status) {
            case "DRAFT", "SUBMITTED" -> total;
            case "AUTHORISED" -> total.subtract(allocated);
            default -> XeroFormat.money(0);
        };
    }

    /** An invoice as payments and allocations embed it. */
    ObjectNode invoiceRef(Invoice invoice, boolean withContact) {
        ObjectNode i = json.objectNode();
        i.put("Type", invoice.type);
        i.put("InvoiceID", invoice.id);
        i.put("InvoiceNumber", invoice.number);
        if (withContact) {
            i.set("Contact", Documents.contactRef(json, invoice.contactId, invoice.contactName));
            i.put("CurrencyCode", invoice.currency);
        }
        i.putArray("Payments");
        i.putArray("CreditNotes");
        i.putArray("Prepayments");
        i.putArray("Overpayments");
        i.put("HasErrors", false);
        i.put("IsDiscounted", false);
        i.putArray("LineItems");
        return i;
    }

    private BigDecimal bankAmount(Invoice invoice, BigDecimal amount, ChartOfAccounts.Account account) {
        String bankCurrency = account.currency() == null ? home.currency : account.currency();
        if (bankCurrency.equals(invoice.currency) || invoice.currencyRate.signum() == 0) {
            return amount;
        }
        return amount.divide(invoice.currencyRate, 2, RoundingMode.HALF_UP);
    }
}
