package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A sales invoice (ACCREC) or bill (ACCPAY). Totals are always derived from the lines and the
 * amounts from the payments, so they cannot disagree however the invoice was changed.
 */
final class Invoice implements SandboxRecord {

    record Tracking(String categoryId, String name, String optionId, String option) {
    }

    record Line(String id, String description, BigDecimal quantity, BigDecimal unitAmount, String accountCode,
                String accountId, String taxType, BigDecimal taxAmount, BigDecimal lineAmount, Tracking tracking) {

        /** Prices a line: LineAmount = Quantity × UnitAmount, tax on top (Exclusive) or inside it (Inclusive). */
        static Line priced(String id, String description, BigDecimal quantity, BigDecimal unitAmount, String accountCode,
                           String accountId, String taxType, String lineAmountTypes, Tracking tracking) {
            BigDecimal unit = XeroFormat.money(unitAmount);
            BigDecimal lineAmount = XeroFormat.money(quantity.multiply(unit));
            BigDecimal rate = "NoTax".equals(lineAmountTypes) ? BigDecimal.ZERO : Country.taxRate(taxType);
            BigDecimal tax = "Inclusive".equals(lineAmountTypes)
                    ? lineAmount.multiply(rate).divide(BigDecimal.ONE.add(rate), 2, RoundingMode.HALF_UP)
                    : XeroFormat.money(lineAmount.multiply(rate));
            return new Line(id, description, quantity.setScale(4, RoundingMode.HALF_UP), unit,
                    accountCode, accountId, taxType, tax, lineAmount, tracking);
        }

        Line repriced(BigDecimal quantity, BigDecimal unitAmount, String lineAmountTypes) {
            return priced(id, description, quantity, unitAmount, accountCode, accountId, taxType, lineAmountTypes, tracking);
        }
    }

    record Payment(String id, LocalDate date, BigDecimal amount) {
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
    List<Line> lines = new ArrayList<>();
    String currency;
    BigDecimal currencyRate;
    List<Payment> payments = new ArrayList<>();
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
        i.lines = new ArrayList<>(lines);
        i.currency = currency;
        i.currencyRate = currencyRate;
        i.payments = new ArrayList<>(payments);
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

    /** Voided and deleted invoices owe nothing; drafts owe their total. */
    BigDecimal amountDue() {
        return "VOIDED".equals(status) || "DELETED".equals(status) ? XeroFormat.money(0) : total().subtract(amountPaid());
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
    public boolean archived() {
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
        i.putArray("CreditNotes");
        i.putArray("Prepayments");
        i.putArray("Overpayments");
        i.put("AmountDue", amountDue());
        i.put("AmountPaid", amountPaid());
        i.put("AmountCredited", XeroFormat.money(0));
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
        if (withLines) {
            ArrayNode lineNodes = i.putArray("LineItems");
            for (Line line : lines) {
                lineNodes.add(lineJson(json, line));
            }
        }
        i.put("SubTotal", subTotal());
        i.put("TotalTax", totalTax());
        i.put("Total", total());
        i.put("UpdatedDateUTC", XeroFormat.msDate(updated));
        i.put("UpdatedDateUTCString", XeroFormat.isoSeconds(updated));
        i.put("CurrencyCode", currency);
        if ("PAID".equals(status)) {
            i.put("FullyPaidOnDate", XeroFormat.msDate(payments.get(payments.size() - 1).date()));
        }
        return i;
    }

    private static ObjectNode lineJson(JsonNodeFactory json, Line line) {
        ObjectNode l = json.objectNode();
        l.put("Description", line.description());
        l.put("UnitAmount", line.unitAmount());
        l.put("TaxType", line.taxType());
        l.put("TaxAmount", line.taxAmount());
        l.put("LineAmount", line.lineAmount());
        l.put("AccountCode", line.accountCode());
        l.put("AccountID", line.accountId());
        ArrayNode tracking = l.putArray("Tracking");
        if (line.tracking() != null) {
            ObjectNode t = tracking.addObject();
            t.put("TrackingCategoryID", line.tracking().categoryId());
            t.put("TrackingOptionID", line.tracking().optionId());
            t.put("Name", line.tracking().name());
            t.put("Option", line.tracking().option());
        }
        l.put("Quantity", line.quantity());
        l.put("LineItemID", line.id());
        return l;
    }
}
