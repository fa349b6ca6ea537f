package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.Invoice.Line;
import com.xerosync.sandbox.data.SettingsCatalogue.User;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static com.xerosync.sandbox.data.RandomText.weighted;

/**
 * Builds expense claims and their receipts (Xero's classic expenses), each from its index.
 * Claim c owns receipt slots 3c, 3c+1 and 3c+2 and uses the first one to three of them; the
 * other slots are receipts never claimed (drafts, or declined and voided ones). A claimed
 * receipt's status follows its claim's and it was last updated with it.
 */
final class ExpenseFactory {

    static final int SLOTS = 3;
    private static final long RECENT_MILLIS = 45 * XeroFormat.DAY_MILLIS;
    private static final String[] CLAIM_STATUSES = {"SUBMITTED", "AUTHORISED", "PAID", "VOIDED"};
    private static final int[] RECENT_CLAIM_WEIGHTS = {50, 40, 10, 0};
    private static final int[] SETTLED_CLAIM_WEIGHTS = {2, 5, 85, 8};

    /** What a claim's receipts need to know of it. */
    record ClaimFacts(String id, String status, User user, int receipts, long stamp) {
    }

    private final SeededIds ids;
    private final int organisation;
    private final SettingsCatalogue settings;
    private final DocumentLines documents;
    private final HistoryWindow history;
    private final JsonNodeFactory json;
    final Timeline claims;
    final Stamps receipts;

    ExpenseFactory(SeededIds ids, int organisation, DocumentLines documents, Sizes sizes, JsonNodeFactory json) {
        this.ids = ids;
        this.organisation = organisation;
        this.history = documents.settings.history;
        this.settings = documents.settings;
        this.documents = documents;
        this.json = json;
        this.claims = new Timeline(ids, organisation, SeededIds.EXPENSE_CLAIM, sizes.expenseClaims(),
                history.start(), history.end());
        // a receipt slot is stamped with its claim, a millisecond apart (claim steps are far wider)
        this.receipts = new Stamps() {
            @Override
            public long count() {
                return claims.count() * SLOTS;
            }

            @Override
            public long stamp(long index) {
                return claims.stamp(index / SLOTS) + index % SLOTS;
            }
        };
    }

    ClaimFacts claimFacts(long claim) {
        SplittableRandom r = ids.random(organisation, SeededIds.EXPENSE_CLAIM, claim);
        long stamp = claims.stamp(claim);
        boolean recent = history.end() - stamp < RECENT_MILLIS;
        String status = CLAIM_STATUSES[weighted(r, recent ? RECENT_CLAIM_WEIGHTS : SETTLED_CLAIM_WEIGHTS)];
        List<User> users = settings.users();
        User user = users.get(1 + r.nextInt(users.size() - 1));
        return new ClaimFacts(ids.uuid(organisation, SeededIds.EXPENSE_CLAIM, claim).toString(), status, user, 1 + r.nextInt(SLOTS), stamp);
    }

    /** Whether a receipt slot belongs to its claim. */
    boolean claimed(long receipt) {
        return receipt % SLOTS < claimFacts(receipt / SLOTS).receipts();
    }

    JsonRecord receipt(long index) {
        ClaimFacts claim = claimFacts(index / SLOTS);
        SplittableRandom r = ids.random(organisation, SeededIds.RECEIPT, index);
        long stamp = receipts.stamp(index);
        String status;
        User user;
        if (index % SLOTS < claim.receipts()) {
            status = receiptStatus(claim.status());
            user = claim.user();
        } else {
            boolean recent = history.end() - stamp < RECENT_MILLIS;
            status = recent ? "DRAFT" : new String[] {"DRAFT", "DECLINED", "VOIDED"}[weighted(r, new int[] {40, 40, 20})];
            user = settings.users().get(1 + r.nextInt(settings.users().size() - 1));
        }
        return receipt(index, stamp, status, user, documents.party(r, false), r, false);
    }

    /** A receipt: a supplier's docket for one or two expenses, tax inclusive, dated before it was claimed. */
    JsonRecord receipt(long index, long stamp, String status, User user, DocumentLines.Party supplier, SplittableRandom r,
                       boolean created) {
        List<Line> lines = documents.draw(r, SeededIds.RECEIPT, index, documents.claimable, false, false, "Inclusive",
                BigDecimal.ONE, 2);
        LocalDate date = XeroFormat.day(stamp).minusDays(created ? 0 : 1 + r.nextInt(20));
        String id = ids.uuid(organisation, SeededIds.RECEIPT, index).toString();
        ObjectNode receipt = json.objectNode();
        receipt.put("ReceiptID", id);
        receipt.put("ReceiptNumber", Long.toString(index + 1));
        receipt.put("Status", status);
        receipt.set("User", userRef(user));
        receipt.set("Contact", Documents.contactRef(json, supplier.id(), supplier.name()));
        receipt.put("Date", XeroFormat.msDate(date));
        receipt.put("UpdatedDateUTC", XeroFormat.msDate(stamp));
        receipt.put("Reference", lines.get(0).description());
        receipt.put("LineAmountTypes", "Inclusive");
        receipt.set("LineItems", Documents.lines(json, lines));
        Documents.totals(receipt, lines, "Inclusive");
        receipt.put("HasAttachments", !created && r.nextDouble() < 0.7);
        return new JsonRecord(index, id, stamp, false, receipt);
    }

    JsonRecord claim(long index) {
        ClaimFacts facts = claimFacts(index);
        List<JsonRecord> claimed = LongStream.range(0, facts.receipts())
                .mapToObj(slot -> receipt(index * SLOTS + slot)).toList();
        return claim(index, facts.id(), facts.stamp(), facts.status(), facts.user(), claimed);
    }

    /** A claim of some receipts by one user; paid 10 days after it was reported when PAID. */
    JsonRecord claim(long index, String id, long stamp, String status, User user, List<JsonRecord> claimedReceipts) {
        LocalDate reported = XeroFormat.day(stamp);
        BigDecimal total = claimedReceipts.stream().map(r -> r.body().get("Total").decimalValue()).reduce(XeroFormat.money(0), BigDecimal::add);
        ObjectNode c = json.objectNode();
        c.put("ExpenseClaimID", id);
        c.put("Status", status);
        c.put("UpdatedDateUTC", XeroFormat.msDate(stamp));
        c.set("User", userRef(user));
        ArrayNode receiptNodes = c.putArray("Receipts");
        for (JsonRecord receipt : claimedReceipts) {
            ObjectNode summary = receipt.body().deepCopy();
            summary.remove("LineItems");
            receiptNodes.add(summary);
        }
        ArrayNode payments = c.putArray("Payments");
        BigDecimal paid = XeroFormat.money(0);
        if ("PAID".equals(status)) {
            ObjectNode payment = payments.addObject();
            payment.put("PaymentID", ids.uuid(organisation, SeededIds.EXPENSE_CLAIM, InvoiceFactory.CREATED_KEYS + index).toString());
            payment.put("Date", XeroFormat.msDate(reported));
            payment.put("Amount", total);
            payment.put("Reference", "Expense claim " + user.firstName() + " " + user.lastName());
            payment.put("CurrencyRate", BigDecimal.ONE.setScale(6));
            payment.put("HasAccount", false);
            payment.put("HasValidationErrors", false);
            paid = total;
        }
        c.put("Total", total);
        c.put("AmountDue", "VOIDED".equals(status) ? XeroFormat.money(0) : total.subtract(paid));
        c.put("AmountPaid", paid);
        c.put("PaymentDueDate", XeroFormat.msDate(reported.plusDays(10)));
        c.put("ReportingDate", XeroFormat.msDate(reported));
        return new JsonRecord(index, id, stamp, false, c);
    }

    /** What a claimed receipt's status is while its claim has {@code claimStatus}. */
    static String receiptStatus(String claimStatus) {
        return switch (claimStatus) {
            case "AUTHORISED", "PAID" -> "AUTHORISED";
            case "VOIDED", "DELETED" -> "VOIDED";
            default -> "SUBMITTED";
        };
    }

    ObjectNode userRef(User user) {
        ObjectNode u = json.objectNode();
        u.put("UserID", user.id());
        u.put("EmailAddress", user.email());
        u.put("FirstName", user.firstName());
        u.put("LastName", user.lastName());
        return u;
    }
}
