package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.Invoice.Line;
import com.xerosync.sandbox.data.Invoice.Tracking;
import com.xerosync.sandbox.http.XeroFormat;

import java.math.BigDecimal;
import java.util.List;

/** JSON fragments every kind of document shares, written as Xero writes them. */
final class Documents {

    private Documents() {
    }

    /** A contact as documents embed it: id and name, with Xero's empty arrays. */
    static ObjectNode contactRef(JsonNodeFactory json, String contactId, String name) {
        ObjectNode contact = json.objectNode();
        contact.put("ContactID", contactId);
        contact.put("Name", name);
        contact.putArray("Addresses");
        contact.putArray("Phones");
        contact.putArray("ContactGroups");
        contact.putArray("ContactPersons");
        contact.put("HasValidationErrors", false);
        return contact;
    }

    /** An account as documents embed it (BankAccount, Account, FromBankAccount). */
    static ObjectNode accountRef(JsonNodeFactory json, ChartOfAccounts.Account account) {
        ObjectNode a = json.objectNode();
        a.put("AccountID", account.accountId());
        a.put("Code", account.code());
        a.put("Name", account.name());
        return a;
    }

    static ArrayNode lines(JsonNodeFactory json, List<Line> lines) {
        ArrayNode nodes = json.arrayNode();
        lines.forEach(line -> nodes.add(line(json, line)));
        return nodes;
    }

    static ObjectNode line(JsonNodeFactory json, Line line) {
        ObjectNode l = json.objectNode();
        l.put("Description", line.description());
        l.put("UnitAmount", line.unitAmount());
        l.put("TaxType", line.taxType());
        l.put("TaxAmount", line.taxAmount());
        l.put("LineAmount", line.lineAmount());
        l.put("AccountCode", line.accountCode());
        l.put("AccountID", line.accountId());
        if (line.item() != null) {
            l.put("ItemCode", line.item().code());
            ObjectNode item = l.putObject("Item");
            item.put("ItemID", line.item().id());
            item.put("Name", line.item().name());
            item.put("Code", line.item().code());
        }
        l.set("Tracking", tracking(json, line.tracking()));
        l.put("Quantity", line.quantity());
        l.put("LineItemID", line.id());
        return l;
    }

    static ArrayNode tracking(JsonNodeFactory json, List<Tracking> tracking) {
        ArrayNode nodes = json.arrayNode();
        for (Tracking t : tracking) {
            ObjectNode n = nodes.addObject();
            n.put("TrackingCategoryID", t.categoryId());
            n.put("TrackingOptionID", t.optionId());
            n.put("Name", t.name());
            n.put("Option", t.option());
        }
        return nodes;
    }

    static BigDecimal sum(List<Line> lines, java.util.function.Function<Line, BigDecimal> amount) {
        return lines.stream().map(amount).reduce(XeroFormat.money(0), BigDecimal::add);
    }

    static BigDecimal totalTax(List<Line> lines) {
        return sum(lines, Line::taxAmount);
    }

    /** Exclusive of tax whatever the LineAmountTypes: Inclusive lines carry their tax inside LineAmount. */
    static BigDecimal subTotal(List<Line> lines, String lineAmountTypes) {
        BigDecimal lineTotal = sum(lines, Line::lineAmount);
        return "Inclusive".equals(lineAmountTypes) ? lineTotal.subtract(totalTax(lines)) : lineTotal;
    }

    static BigDecimal total(List<Line> lines, String lineAmountTypes) {
        return subTotal(lines, lineAmountTypes).add(totalTax(lines));
    }

    /** SubTotal, TotalTax and Total, in that order. */
    static void totals(ObjectNode node, List<Line> lines, String lineAmountTypes) {
        node.put("SubTotal", subTotal(lines, lineAmountTypes));
        node.put("TotalTax", totalTax(lines));
        node.put("Total", total(lines, lineAmountTypes));
    }
}
