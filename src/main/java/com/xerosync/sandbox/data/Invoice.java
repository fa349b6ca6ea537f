package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.http.XeroFormat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A sales invoice (ACCREC) or bill (ACCPAY). Totals are always derived from the lines and the
 * amounts from the payments and allocated credits, so they cannot disagree however the invoice
 * was changed; the Payments, CreditNotes, Prepayments and Overpayments endpoints serve those
 * same payments and credits.
 */
final class Invoice implements SandboxRecord {

    /** A line's tracking: one option of one category. */
    record Tracking(String categoryId, String name, String optionId, String option) {
    }

    /** An item a line sells or buys. */
    record ItemRef(String code, String id, String name) {
    }

    record Line(String id, String description, BigDecimal quantity, BigDecimal unitAmount, String accountCode,
                String accountId, String taxType, BigDecimal taxAmount, BigDecimal lineAmount, List<Tracking> tracking,
                ItemRef item) {

        /** Prices a line: LineAmount = Quantity × UnitAmount, tax on top (Exclusive) or inside it (Inclusive). */
        static Line priced(String id, String description, BigDecimal quantity, BigDecimal unitAmount, String accountCode,
                           String accountId, String taxType, String lineAmountTypes, List<Tracking> tracking, ItemRef item) {
            BigDecimal unit = XeroFormat.money(unitAmount);
            BigDecimal lineAmount = XeroFormat.money(quantity.multiply(unit));
            BigDecimal rate = "NoTax".equals(lineAmountTypes) ? BigDecimal.ZERO : Country.taxRate(taxType);
            BigDecimal tax = "Inclusive".equals(lineAmountTypes)
                    ? lineAmount.multiply(rate).divide(BigDecimal.ONE.add(rate), 2, RoundingMode.HALF_UP)
                    : XeroFormat.money(lineAmount.multiply(rate));
            return new Line(id, description, quantity.setScale(4, RoundingMode.HALF_UP), unit,
                    accountCode, accountId, taxType, tax, lineAmount, tracking, item);
        }

        Line repriced(BigDecimal quantity, BigDecimal unitAmount, String lineAmountTypes) {
            return priced(id, description, quantity, unitAmount, accountCode, accountId, taxType, lineAmountTypes, tracking, item);
        }
    }

    /** A payment against the invoice; {@code batchId} when it was made in a batch payment. */
    record Payment(String id, LocalDate date, BigDecimal amount, String batchId) {
    }

    enum CreditKind { CREDIT_NOTE, PREPAYMENT, OVERPAYMENT }

    /**
     * A credit note, prepayment or overpayment raised for (and possibly allocated to) this invoice:
     * the document itself is served by its own endpoint, built from this. {@code allocated} is 0
     * when nothing of it was allocated to the invoice (a draft credit note, a voided prepayment).
     */
    record Credit(CreditKind kind, String id, String number, LocalDate date, String status, String lineAmountTypes,
                  List<Line> lines, String reference, BigDecimal allocated, LocalDate allocatedOn, String allocationId) {

        BigDecimal total() {
            return Documents.total(lines, lineAmountTypes);
        }

        boolean isAllocated() {
            return allocated.signum() > 0;
        }
    }

    long index;
    String id;
    String type;
    String contactId;
    String contactName;
    String number;
    String reference;
    LocalDate date;
    LocalDate dueDate;
    String status;
    String lineAmountTypes;
    String brandingThemeId;
    List<Line> lines = new ArrayList<>();
    String currency;
    BigDecimal currencyRate;
    List<Payment> payments = new ArrayList<>();
    List<Credit> credits = new ArrayList<>();
    boolean sentToContact;
    boolean hasAttachments;
    int revision;
    long updated;

    Invoice copy() {
        Invoice i = new Invoice();
        i.index = index;
        i.id = id;
        i.type = type;
        i.contactId = contactId;
        i.contactName = contactName;
        i.number = number;
        i.reference = reference;
        i.date = date;
        i.dueDate = dueDate;
        i.status = status;
        i.lineAmountTypes = lineAmountTypes;
        i.brandingThemeId = brandingThemeId;
        i.lines = new ArrayList<>(lines);
        i.currency = currency;
        i.currencyRate = currencyRate;
        i.payments = new ArrayList<>(payments);
        i.credits = new ArrayList<>(credits);
        i.sentToContact = sentToContact;
        i.hasAttachments = hasAttachments;
        i.revision = revision;
        i.updated = updated;
        return i;
    }

    BigDecimal totalTax() {
        return lines.stream().map(Line::taxAmount).reduce(XeroFormat.money(0), BigDecimal::add);
    }

    /** Exclusive of tax whatever the LineAmountTypes: Inclusive lines carry their tax inside LineAmount. */
    BigDecimal subTotal() {
        BigDecimal lineTotal = lines.stream().map(Line::lineAmount).reduce(XeroFormat.money(0), BigDecimal::add);
        return "Inclusive".equals(lineAmountTypes) ? lineTotal.subtract(totalTax()) : lineTotal;
    }

    BigDecimal total() {
        return subTotal().add(totalTax());
    }

    BigDecimal amountPaid() {
        return payments.stream().map(Payment::amount).reduce(XeroFormat.money(0), BigDecimal::add);
    }

    /** Credit notes, prepayments and overpayments allocated to the invoice. */
    BigDecimal amountCredited() {
        return credits.stream().map(Credit::allocated).reduce(XeroFormat.money(0), BigDecimal::add);
    }

    /** Voided and deleted invoices owe nothing; drafts owe their total. */
    BigDecimal amountDue() {
        return "VOIDED".equals(status) || "DELETED".equals(status) ? XeroFormat.money(0)
                : total().subtract(amountPaid()).subtract(amountCredited());
    }

    /** When the last payment or allocation settled it. */
    LocalDate fullyPaidOn() {
        LocalDate last = null;
        for (Payment p : payments) {
            last = last == null || p.date().isAfter(last) ? p.date() : last;
        }
        for (Credit c : credits) {
            if (c.isAllocated() && (last == null || c.allocatedOn().isAfter(last))) {
                last = c.allocatedOn();
            }
        }
        return last;
    }

    @Override
    public long index() {
        return index;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long updated() {
        return updated;
    }

    @Override
    public boolean hidden() {
        return false;
    }

    @Override
    public ObjectNode toJson(JsonNodeFactory json, boolean withLines) {
        ObjectNode i = json.objectNode();
        i.put("Type", type);
        i.put("InvoiceID", id);
        i.put("InvoiceNumber", number);
        i.put("Reference", reference);
        ArrayNode paymentNodes = i.putArray("Payments");
        for (Payment p : payments) {
            ObjectNode pn = paymentNodes.addObject();
            pn.put("PaymentID", p.id());
            pn.put("Date", XeroFormat.msDate(p.date()));
            pn.put("Amount", p.amount());
            pn.put("CurrencyRate", currencyRate);
            pn.put("HasAccount", false);
            pn.put("HasValidationErrors", false);
        }
        ArrayNode creditNotes = i.putArray("CreditNotes");
        ArrayNode prepayments = i.putArray("Prepayments");
        ArrayNode overpayments = i.putArray("Overpayments");
        for (Credit c : credits) {
            if (!c.isAllocated()) {
                continue;
            }
            ObjectNode cn = switch (c.kind()) {
                case CREDIT_NOTE -> creditNotes.addObject();
                case PREPAYMENT -> prepayments.addObject();
                case OVERPAYMENT -> overpayments.addObject();
            };
            switch (c.kind()) {
                case CREDIT_NOTE -> {
                    cn.put("CreditNoteID", c.id());
                    cn.put("CreditNoteNumber", c.number());
                }
                case PREPAYMENT -> cn.put("PrepaymentID", c.id());
                case OVERPAYMENT -> cn.put("OverpaymentID", c.id());
            }
            cn.put("AppliedAmount", c.allocated());
            cn.put("Date", XeroFormat.msDate(c.date()));
            cn.putArray("LineItems");
            cn.put("Total", c.total());
        }
        i.put("AmountDue", amountDue());
        i.put("AmountPaid", amountPaid());
        i.put("AmountCredited", amountCredited());
        i.put("SentToContact", sentToContact);
        i.put("CurrencyRate", currencyRate);
        i.put("HasErrors", false);
        i.put("IsDiscounted", false);
        i.put("HasAttachments", hasAttachments);
        ObjectNode contact = i.putObject("Contact");
        contact.put("ContactID", contactId);
        contact.put("Name", contactName);
        contact.putArray("Addresses");
        contact.putArray("Phones");
        contact.putArray("ContactGroups");
        contact.putArray("ContactPersons");
        contact.put("HasValidationErrors", false);
        i.put("DateString", XeroFormat.dateString(date));
        i.put("Date", XeroFormat.msDate(date));
        i.put("DueDateString", XeroFormat.dateString(dueDate));
        i.put("DueDate", XeroFormat.msDate(dueDate));
        i.put("Status", status);
        i.put("LineAmountTypes", lineAmountTypes);
        if (brandingThemeId != null) {
            i.put("BrandingThemeID", brandingThemeId);
        }
        if (withLines) {
            ArrayNode lineNodes = i.putArray("LineItems");
            for (Line line : lines) {
                lineNodes.add(Documents.line(json, line));
            }
        }
        i.put("SubTotal", subTotal());
        i.put("TotalTax", totalTax());
        i.put("Total", total());
        i.put("UpdatedDateUTC", XeroFormat.msDate(updated));
        i.put("UpdatedDateUTCString", XeroFormat.isoSeconds(updated));
        i.put("CurrencyCode", currency);
        if ("PAID".equals(status)) {
            i.put("FullyPaidOnDate", XeroFormat.msDate(fullyPaidOn()));
        }
        return i;
    }

}
