package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.Invoice.Line;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import static com.xerosync.sandbox.data.RandomText.weighted;

/**
 * Builds the documents around invoices, each from its index: quotes to customers, purchase
 * orders to suppliers, repeating invoice templates, and linked transactions (billable expenses:
 * a bill's line to be charged on to a customer, and the sales invoice line it was billed on).
 */
final class PurchasingFactory {

    private static final long RECENT_MILLIS = 45 * XeroFormat.DAY_MILLIS;
    private static final String[] QUOTE_STATUSES = {"DRAFT", "SENT", "ACCEPTED", "DECLINED", "INVOICED", "DELETED"};
    private static final int[] RECENT_QUOTE_WEIGHTS = {30, 45, 10, 5, 5, 5};
    private static final int[] SETTLED_QUOTE_WEIGHTS = {3, 10, 25, 20, 37, 5};
    private static final String[] ORDER_STATUSES = {"DRAFT", "SUBMITTED", "AUTHORISED", "BILLED", "DELETED"};
    private static final int[] RECENT_ORDER_WEIGHTS = {25, 15, 45, 10, 5};
    private static final int[] SETTLED_ORDER_WEIGHTS = {2, 3, 12, 75, 8};

    private final SeededIds ids;
    private final int organisation;
    private final ChartOfAccounts chart;
    private final SettingsCatalogue settings;
    private final DocumentLines documents;
    private final HistoryWindow history;
    private final ObjectNode organisationRecord;
    private final JsonNodeFactory json;
    private final LongFunction<Invoice> invoices;
    private final long invoiceCount;
    final Timeline quotes;
    final Timeline purchaseOrders;
    final Timeline repeatingInvoices;
    final Timeline linkedTransactions;

    PurchasingFactory(SeededIds ids, int organisation, DocumentLines documents, ObjectNode organisationRecord, Sizes sizes,
                      LongFunction<Invoice> invoices, JsonNodeFactory json) {
        this.ids = ids;
        this.organisation = organisation;
        this.history = documents.settings.history;
        this.chart = documents.chart;
        this.settings = documents.settings;
        this.documents = documents;
        this.organisationRecord = organisationRecord;
        this.json = json;
        this.invoices = invoices;
        this.invoiceCount = sizes.invoices();
        this.quotes = timeline(SeededIds.QUOTE, sizes.quotes());
        this.purchaseOrders = timeline(SeededIds.PURCHASE_ORDER, sizes.purchaseOrders());
        this.repeatingInvoices = timeline(SeededIds.REPEATING_INVOICE, sizes.repeatingInvoices());
        this.linkedTransactions = timeline(SeededIds.LINKED_TRANSACTION, sizes.linkedTransactions());
    }

    private Timeline timeline(int kind, long count) {
        return new Timeline(ids, organisation, kind, count, history.start(), history.end());
    }

    // ---- quotes

    JsonRecord quote(long index) {
        return quote(index, quotes.stamp(index), null);
    }

    /** @param party a current contact, for a quote created by a change (DRAFT); null: generated */
    JsonRecord quote(long index, long stamp, DocumentLines.Party party) {
        SplittableRandom r = ids.random(organisation, SeededIds.QUOTE, index);
        DocumentLines.Party customer = party != null ? party : documents.party(r, true);
        boolean abroad = customer.country() != documents.home;
        BigDecimal rate = documents.rateFor(r, customer.country());
        String lineAmountTypes = abroad || r.nextDouble() < 0.85 ? "Exclusive" : "Inclusive";
        List<Line> lines = documents.draw(r, SeededIds.QUOTE, index, chart.revenue(), true, abroad, lineAmountTypes, rate, 4);
        boolean recent = history.end() - stamp < RECENT_MILLIS;
        String status = party != null ? "DRAFT" : QUOTE_STATUSES[weighted(r, recent ? RECENT_QUOTE_WEIGHTS : SETTLED_QUOTE_WEIGHTS)];
        LocalDate date = XeroFormat.day(stamp).minusDays(party != null ? 0 : r.nextInt(21));
        LocalDate expiry = date.plusDays(30);

        String id = ids.uuid(organisation, SeededIds.QUOTE, index).toString();
        ObjectNode q = json.objectNode();
        q.put("QuoteID", id);
        q.put("QuoteNumber", String.format(Locale.ROOT, "QU-%04d", index + 1));
        q.put("Reference", r.nextBoolean() ? "RFQ " + (1000 + r.nextInt(9000)) : "");
        q.put("Terms", "Valid for 30 days. Payment within 14 days of invoice.");
        q.set("Contact", Documents.contactRef(json, customer.id(), customer.name()));
        q.set("LineItems", Documents.lines(json, lines));
        // quotes' dates carry no offset in Xero's examples (GET /Quotes in the accounting spec)
        q.put("Date", XeroFormat.msDateWithoutOffset(date));
        q.put("DateString", XeroFormat.dateString(date));
        q.put("ExpiryDate", XeroFormat.msDateWithoutOffset(expiry));
        q.put("ExpiryDateString", XeroFormat.dateString(expiry));
        q.put("Status", status);
        q.put("CurrencyCode", customer.country().currency);
        q.put("CurrencyRate", rate);
        Documents.totals(q, lines, lineAmountTypes);
        q.put("TotalDiscount", XeroFormat.money(0));
        q.put("Title", "Quote: " + lines.get(0).description());
        q.put("Summary", "Prepared for " + customer.name());
        q.put("BrandingThemeID", settings.themeFor(r));
        q.put("UpdatedDateUTC", XeroFormat.msDateWithoutOffset(stamp));
        q.put("LineAmountTypes", lineAmountTypes.toUpperCase(Locale.ROOT));
        return new JsonRecord(index, id, stamp, false, q, InvoiceDocuments.LINE_ITEMS);
    }

    // ---- purchase orders

    JsonRecord purchaseOrder(long index) {
        return purchaseOrder(index, purchaseOrders.stamp(index), null);
    }

    /** @param party a current supplier, for an order created by a change (DRAFT); null: generated */
    JsonRecord purchaseOrder(long index, long stamp, DocumentLines.Party party) {
        SplittableRandom r = ids.random(organisation, SeededIds.PURCHASE_ORDER, index);
        DocumentLines.Party supplier = party != null ? party : documents.party(r, false);
        boolean abroad = supplier.country() != documents.home;
        BigDecimal rate = documents.rateFor(r, supplier.country());
        String lineAmountTypes = abroad || r.nextDouble() < 0.9 ? "Exclusive" : "Inclusive";
        List<Line> lines = documents.draw(r, SeededIds.PURCHASE_ORDER, index, documents.orderable, false, abroad, lineAmountTypes, rate, 4);
        boolean recent = history.end() - stamp < RECENT_MILLIS;
        String status = party != null ? "DRAFT" : ORDER_STATUSES[weighted(r, recent ? RECENT_ORDER_WEIGHTS : SETTLED_ORDER_WEIGHTS)];
        LocalDate date = XeroFormat.day(stamp).minusDays(party != null ? 0 : r.nextInt(21));
        LocalDate delivery = date.plusDays(7 + r.nextInt(15));
        SettingsCatalogue.User buyer = settings.users().get(r.nextInt(settings.users().size()));
        ObjectNode street = (ObjectNode) organisationRecord.get("Addresses").get(1);

        String id = ids.uuid(organisation, SeededIds.PURCHASE_ORDER, index).toString();
        ObjectNode o = json.objectNode();
        o.put("PurchaseOrderID", id);
        o.put("PurchaseOrderNumber", String.format(Locale.ROOT, "PO-%04d", index + 1));
        o.put("DateString", XeroFormat.dateString(date));
        o.put("Date", XeroFormat.msDate(date));
        o.put("DeliveryDateString", XeroFormat.dateString(delivery));
        o.put("DeliveryDate", XeroFormat.msDate(delivery));
        o.put("DeliveryAddress", street.get("AddressLine1").asText() + "\n" + street.get("City").asText() + " "
                + street.get("Region").asText() + " " + street.get("PostalCode").asText());
        o.put("AttentionTo", buyer.firstName() + " " + buyer.lastName());
        o.put("Telephone", organisationRecord.get("Phones").get(0).get("PhoneAreaCode").asText() + " "
                + organisationRecord.get("Phones").get(0).get("PhoneNumber").asText());
        o.put("DeliveryInstructions", r.nextDouble() < 0.3 ? "Deliver to the loading dock, 8am-4pm" : "");
        if (r.nextBoolean()) {
            o.put("ExpectedArrivalDate", XeroFormat.msDate(delivery));
        }
        o.put("Reference", r.nextBoolean() ? "Job " + (100 + r.nextInt(900)) : "");
        o.put("BrandingThemeID", settings.standardThemeId());
        o.put("Status", status);
        o.put("SentToContact", ("AUTHORISED".equals(status) || "BILLED".equals(status)) && r.nextDouble() < 0.8);
        o.set("Contact", Documents.contactRef(json, supplier.id(), supplier.name()));
        o.put("LineAmountTypes", lineAmountTypes);
        o.set("LineItems", Documents.lines(json, lines));
        Documents.totals(o, lines, lineAmountTypes);
        o.put("TotalDiscount", XeroFormat.money(0));
        o.put("CurrencyCode", supplier.country().currency);
        o.put("CurrencyRate", rate);
        o.put("HasAttachments", party == null && r.nextDouble() < 0.15);
        o.put("UpdatedDateUTC", XeroFormat.msDate(stamp));
        return new JsonRecord(index, id, stamp, false, o, InvoiceDocuments.LINE_ITEMS);
    }

    // ---- repeating invoices

    /** Templates: monthly support and hosting to customers, rent and subscriptions from suppliers; a fifth deleted. */
    JsonRecord repeatingInvoice(long index) {
        SplittableRandom r = ids.random(organisation, SeededIds.REPEATING_INVOICE, index);
        long stamp = repeatingInvoices.stamp(index);
        boolean sale = r.nextDouble() < 0.75;
        DocumentLines.Party party = documents.party(r, sale);
        boolean abroad = party.country() != documents.home;
        BigDecimal rate = documents.rateFor(r, party.country());
        String lineAmountTypes = abroad || r.nextDouble() < 0.8 ? "Exclusive" : "Inclusive";
        List<ChartOfAccounts.Ledger> ledgers = sale
                ? chart.revenue().stream().filter(l -> l.code().equals("220")).toList()
                : chart.expenses().stream().filter(l -> List.of("469", "485", "489").contains(l.code())).toList();
        List<Line> lines = documents.draw(r, SeededIds.REPEATING_INVOICE, index, ledgers, sale, abroad, lineAmountTypes, rate, 2);
        String status = new String[] {"AUTHORISED", "DRAFT", "DELETED"}[weighted(r, new int[] {65, 15, 20})];
        boolean weekly = r.nextDouble() < 0.15;
        int period = weekly ? 1 + r.nextInt(2) : new int[] {1, 1, 1, 1, 1, 1, 1, 3, 3, 12}[r.nextInt(10)];
        LocalDate start = XeroFormat.day(stamp).minusDays(r.nextInt(30));
        LocalDate end = r.nextDouble() < 0.15 ? start.plusMonths(24) : null;
        LocalDate next = start;
        LocalDate today = history.lastDay();
        while (!next.isAfter(today)) {
            next = weekly ? next.plusWeeks(period) : next.plusMonths(period);
        }

        String id = ids.uuid(organisation, SeededIds.REPEATING_INVOICE, index).toString();
        ObjectNode t = json.objectNode();
        ObjectNode schedule = t.putObject("Schedule");
        schedule.put("Period", period);
        schedule.put("Unit", weekly ? "WEEKLY" : "MONTHLY");
        schedule.put("DueDate", sale ? 14 : 20);
        schedule.put("DueDateType", sale ? "DAYSAFTERBILLDATE" : "OFFOLLOWINGMONTH");
        schedule.put("StartDate", XeroFormat.msDate(start));
        if (!"DELETED".equals(status) && (end == null || !next.isAfter(end))) {
            schedule.put("NextScheduledDate", XeroFormat.msDate(next));
        }
        if (end != null) {
            schedule.put("EndDate", XeroFormat.msDate(end));
        }
        t.put("RepeatingInvoiceID", id);
        t.put("Type", sale ? "ACCREC" : "ACCPAY");
        t.put("Reference", sale ? "Support and hosting" : lines.get(0).description());
        t.put("HasAttachments", false);
        t.put("ApprovedForSending", sale && "AUTHORISED".equals(status) && r.nextBoolean());
        t.put("SendCopy", false);
        t.put("MarkAsSent", sale && r.nextDouble() < 0.3);
        t.put("IncludePDF", sale);
        t.put("ID", id);
        t.set("Contact", Documents.contactRef(json, party.id(), party.name()));
        t.put("Status", status);
        t.put("LineAmountTypes", lineAmountTypes);
        t.set("LineItems", Documents.lines(json, lines));
        Documents.totals(t, lines, lineAmountTypes);
        t.put("CurrencyCode", party.country().currency);
        if (sale) {
            t.put("BrandingThemeID", settings.themeFor(r));
        }
        return new JsonRecord(index, id, stamp, false, t);
    }

    // ---- linked transactions

    /**
     * A billable expense: a line of an approved bill from about the same time, and (when BILLED,
     * or ONDRAFT while the sales invoice is a draft) the first line of a later sales invoice to the
     * customer it was charged to.
     */
    JsonRecord linkedTransaction(long index) {
        SplittableRandom r = ids.random(organisation, SeededIds.LINKED_TRANSACTION, index);
        long stamp = linkedTransactions.stamp(index);
        long count = linkedTransactions.count();
        long around = index * invoiceCount / Math.max(1, count);
        long window = Math.max(8, 3 * invoiceCount / Math.max(1, count));
        String status = new String[] {"BILLED", "APPROVED", "DRAFT", "VOIDED"}[weighted(r, new int[] {50, 35, 10, 5})];
        // a DRAFT link's bill is still a draft (if there is one); the others come from approved bills
        Invoice bill = "DRAFT".equals(status) ? findBill(r, around, window, List.of("DRAFT", "SUBMITTED")) : null;
        if (bill == null) {
            status = "DRAFT".equals(status) ? "APPROVED" : status;
            bill = findBill(r, around, window, List.of("AUTHORISED", "PAID"));
        }
        Invoice sale = null;
        if ("BILLED".equals(status) && bill != null) {
            for (int attempt = 0; attempt < 64 && sale == null; attempt++) {
                long pick = bill.index + 1 + r.nextLong(Math.max(1, Math.min(200, invoiceCount - bill.index - 1)));
                if (pick < invoiceCount && !isBill(pick)) {
                    Invoice candidate = invoices.apply(pick);
                    if (List.of("AUTHORISED", "PAID", "DRAFT").contains(candidate.status)) {
                        sale = candidate;
                    }
                }
            }
            status = sale == null ? "APPROVED" : "DRAFT".equals(sale.status) ? "ONDRAFT" : "BILLED";
        }
        String contactId = sale != null ? sale.contactId : documents.party(r, true).id();

        String id = ids.uuid(organisation, SeededIds.LINKED_TRANSACTION, index).toString();
        ObjectNode l = json.objectNode();
        l.put("LinkedTransactionID", id);
        if (bill != null) {
            l.put("SourceTransactionID", bill.id);
            l.put("SourceLineItemID", bill.lines.get(r.nextInt(bill.lines.size())).id());
        }
        l.put("ContactID", contactId);
        if (sale != null) {
            l.put("TargetTransactionID", sale.id);
            l.put("TargetLineItemID", sale.lines.get(0).id());
        }
        l.put("Status", status);
        l.put("Type", "BILLABLEEXPENSE");
        l.put("UpdatedDateUTC", XeroFormat.msDate(stamp));
        l.put("SourceTransactionTypeCode", "ACCPAY");
        return new JsonRecord(index, id, stamp, false, l);
    }

    /** A bill in one of {@code statuses}, near invoice {@code around} if possible, anywhere otherwise; null if none. */
    private Invoice findBill(SplittableRandom r, long around, long window, List<String> statuses) {
        for (int attempt = 0; attempt < 256 && invoiceCount > 0; attempt++) {
            long low = attempt < 64 ? Math.max(0, around - window) : 0;
            long high = attempt < 64 ? Math.min(invoiceCount, around + window) : invoiceCount;
            long pick = low + r.nextLong(high - low);
            if (isBill(pick)) {
                Invoice candidate = invoices.apply(pick);
                if (statuses.contains(candidate.status)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** An invoice's type is its stream's first draw, so bills are found without building invoices. */
    private boolean isBill(long invoiceIndex) {
        return ids.random(organisation, SeededIds.INVOICE, invoiceIndex).nextDouble() >= 0.75;
    }
}
