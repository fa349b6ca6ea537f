package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.Invoice.Credit;
import com.xerosync.sandbox.data.Invoice.CreditKind;
import com.xerosync.sandbox.data.Invoice.Payment;
import com.xerosync.sandbox.endpoints.ApiCollection;
import com.xerosync.sandbox.http.XeroFormat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * How a bookkeeper changes transactions, and what else that changes, as Xero would: a payment
 * made or deleted changes its invoice (and the invoice's payments list); a batch payment pays,
 * reconciles or unpays several bills at once; a credit note, prepayment or overpayment allocated
 * to an invoice reduces what it owes; an expense claim's receipts follow its status. Simple
 * documents get status changes along their lifecycle (VOIDED, DELETED, BILLED, …), references
 * and reconciliation.
 */
final class TransactionChanges {

    /** The milliseconds each change gets: batch payments and claims stamp their payments and receipts in between. */
    static int stride(ApiCollection collection) {
        return switch (collection) {
            case BATCH_PAYMENTS -> 8;
            case EXPENSE_CLAIMS -> 4;
            default -> 1;
        };
    }

    /** The series and factories a change may touch. */
    record Books(RecordSeries<Contact> contacts, RecordSeries<Invoice> invoices, RecordSeries<JsonRecord> payments,
                 RecordSeries<JsonRecord> batchPayments, RecordSeries<JsonRecord> creditNotes,
                 RecordSeries<JsonRecord> prepayments, RecordSeries<JsonRecord> overpayments,
                 RecordSeries<JsonRecord> bankTransactions, RecordSeries<JsonRecord> bankTransfers,
                 RecordSeries<JsonRecord> manualJournals, RecordSeries<JsonRecord> purchaseOrders,
                 RecordSeries<JsonRecord> quotes, RecordSeries<JsonRecord> receipts, RecordSeries<JsonRecord> expenseClaims,
                 InvoiceFactory invoiceFactory, InvoiceDocuments invoiceDocuments, BankingFactory banking,
                 PurchasingFactory purchasing, ExpenseFactory expenses, DocumentLines documents, SettingsCatalogue settings,
                 SeededIds ids, int organisation) {
    }

    private final Books b;

    TransactionChanges(Books books) {
        this.b = books;
    }

    List<String> apply(ApiCollection collection, ChangeSet cs, int count, SplittableRandom r, long first) {
        int stride = stride(collection);
        return switch (collection) {
            case PAYMENTS -> ChangeDriver.change(cs, b.payments(), count, stride, r, first, authorised(),
                    (i, now) -> newPayment(cs, r, i, now), (p, now) -> editPayment(cs, r, p, now));
            case BATCH_PAYMENTS -> ChangeDriver.change(cs, b.batchPayments(), count, stride, r, first, authorised(),
                    (i, now) -> newBatch(cs, r, i, now), (batch, now) -> editBatch(cs, r, batch, now));
            case CREDIT_NOTES -> credits(cs, CreditKind.CREDIT_NOTE, b.creditNotes(), count, r, first);
            case PREPAYMENTS -> credits(cs, CreditKind.PREPAYMENT, b.prepayments(), count, r, first);
            case OVERPAYMENTS -> credits(cs, CreditKind.OVERPAYMENT, b.overpayments(), count, r, first);
            case BANK_TRANSACTIONS -> ChangeDriver.change(cs, b.bankTransactions(), count, stride, r, first, authorised(),
                    (i, now) -> b.banking().bankTransaction(i, now, (rr, customer) -> b.documents().currentParty(rr, customer,
                            ci -> cs.current(b.contacts(), ci)), true),
                    (t, now) -> editBankTransaction(r, t, now));
            case BANK_TRANSFERS -> ChangeDriver.change(cs, b.bankTransfers(), count, stride, r, first, authorised(),
                    (i, now) -> b.banking().bankTransfer(i, now, true), (t, now) -> editBankTransfer(r, t, now));
            case MANUAL_JOURNALS -> ChangeDriver.change(cs, b.manualJournals(), count, stride, r, first,
                    j -> List.of("DRAFT", "POSTED").contains(j.status()),
                    (i, now) -> b.banking().manualJournal(i, now, true), (j, now) -> editJournal(r, j, now));
            case PURCHASE_ORDERS -> ChangeDriver.change(cs, b.purchaseOrders(), count, stride, r, first,
                    o -> List.of("DRAFT", "SUBMITTED", "AUTHORISED").contains(o.status()),
                    (i, now) -> b.purchasing().purchaseOrder(i, now, party(cs, r, false)), (o, now) -> editOrder(r, o, now));
            case QUOTES -> ChangeDriver.change(cs, b.quotes(), count, stride, r, first,
                    q -> List.of("DRAFT", "SENT", "ACCEPTED").contains(q.status()),
                    (i, now) -> b.purchasing().quote(i, now, party(cs, r, true)), (q, now) -> editQuote(r, q, now));
            case RECEIPTS -> ChangeDriver.change(cs, b.receipts(), count, stride, r, first, t -> "DRAFT".equals(t.status()),
                    (i, now) -> newReceipt(cs, r, i, now, "DRAFT"), (t, now) -> editReceipt(r, t, now));
            case EXPENSE_CLAIMS -> ChangeDriver.change(cs, b.expenseClaims(), count, stride, r, first,
                    c -> List.of("SUBMITTED", "AUTHORISED").contains(c.status()),
                    (i, now) -> newClaim(cs, r, i, now), (c, now) -> editClaim(cs, r, c, now));
            default -> throw new IllegalArgumentException("The sandbox does not change " + collection.path);
        };
    }

    /** An invoice edit's payments: removed ones become DELETED payments, new ones new payments, stamped with the invoice. */
    void paymentsFollow(ChangeSet cs, Invoice before, Invoice after) {
        Set<String> kept = new HashSet<>();
        after.payments.forEach(p -> kept.add(p.id()));
        Set<String> had = new HashSet<>();
        for (Payment p : before.payments) {
            had.add(p.id());
            if (!kept.contains(p.id())) {
                OptionalLong at = b.payments().indexOf(p.id());
                if (at.isPresent()) {
                    JsonRecord current = cs.current(b.payments(), at.getAsLong());
                    cs.put(b.payments(), current.changed(after.updated, false, n -> n.put("Status", "DELETED")));
                }
            }
        }
        for (Payment p : after.payments) {
            if (!had.contains(p.id())) {
                cs.put(b.payments(), b.invoiceDocuments().payment(cs.nextIndex(b.payments()), after, p, "AUTHORISED", after.updated, false));
            }
        }
    }

    // ---- payments and batches

    private JsonRecord newPayment(ChangeSet cs, SplittableRandom r, long index, long now) {
        Invoice before = openInvoice(cs, r, i -> true);
        Invoice after = touched(before, now);
        BigDecimal due = after.amountDue();
        BigDecimal amount = r.nextDouble() < 0.7 ? due : XeroFormat.money(due.multiply(BigDecimal.valueOf(0.2 + r.nextDouble() * 0.6)))
                .max(XeroFormat.money(1)).min(due);
        b.invoiceFactory().pay(after, XeroFormat.day(now), amount, null);
        putInvoice(cs, before, after);
        return cs.current(b.payments(), index);
    }

    /** Deleting a payment (not one of a batch) reopens its invoice; otherwise it gets reconciled or its reference fixed. */
    private JsonRecord editPayment(ChangeSet cs, SplittableRandom r, JsonRecord payment, long now) {
        if (!payment.body().has("BatchPaymentID") && r.nextDouble() < 0.6) {
            OptionalLong at = b.invoices().indexOf(payment.body().path("Invoice").path("InvoiceID").asText());
            if (at.isPresent()) {
                Invoice before = cs.current(b.invoices(), at.getAsLong());
                if (before.payments.stream().anyMatch(p -> p.id().equals(payment.id()))) {
                    Invoice after = touched(before, now);
                    b.invoiceFactory().unpay(after, payment.id());
                    putInvoice(cs, before, after);
                    return cs.current(b.payments(), payment.index());
                }
            }
        }
        return payment.changed(now, false, p -> {
            if (!p.path("IsReconciled").asBoolean()) {
                p.put("IsReconciled", true);
            } else {
                p.put("Reference", (p.path("Reference").asText() + " remittance sent").trim());
            }
        });
    }

    /** Pays two to four open home-currency bills in full, together, today. */
    private JsonRecord newBatch(ChangeSet cs, SplittableRandom r, long index, long now) {
        String home = b.documents().home.currency;
        int wanted = 2 + r.nextInt(3);
        String batchId = b.ids().uuid(b.organisation(), SeededIds.BATCH_PAYMENT, InvoiceFactory.CREATED_KEYS + index).toString();
        LocalDate today = XeroFormat.day(now);
        List<InvoiceDocuments.Paid> paid = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int j = 0; j < wanted; j++) {
            Invoice before = openInvoice(cs, r, i -> "ACCPAY".equals(i.type) && home.equals(i.currency) && !taken.contains(i.id),
                    j > 0);
            if (before == null) {
                break;
            }
            taken.add(before.id);
            Invoice after = touched(before, now + 1 + j);
            Payment payment = b.invoiceFactory().pay(after, today, after.amountDue(), batchId);
            putInvoice(cs, before, after);
            paid.add(new InvoiceDocuments.Paid(after, payment));
        }
        return b.invoiceDocuments().batch(index, batchId, "PAYBATCH", today, paid, "AUTHORISED", now, false);
    }

    /** Reconciled (with its payments), or deleted: its payments are deleted and its invoices owe again. */
    private JsonRecord editBatch(ChangeSet cs, SplittableRandom r, JsonRecord batch, long now) {
        boolean delete = r.nextDouble() < 0.5;
        if (!delete && batch.body().path("IsReconciled").asBoolean()) {
            return batch.changed(now, false, n -> n.put("Reference", n.path("Reference").asText() + " (checked)"));
        }
        int j = 0;
        for (JsonNode entry : batch.body().path("Payments")) {
            String paymentId = entry.path("PaymentID").asText();
            long stamp = now + 1 + j++;
            if (delete) {
                OptionalLong at = b.invoices().indexOf(entry.path("Invoice").path("InvoiceID").asText());
                if (at.isEmpty()) {
                    continue;
                }
                Invoice before = cs.current(b.invoices(), at.getAsLong());
                if (before.payments.stream().anyMatch(p -> p.id().equals(paymentId))) {
                    Invoice after = touched(before, stamp);
                    b.invoiceFactory().unpay(after, paymentId);
                    putInvoice(cs, before, after);
                }
            } else {
                OptionalLong at = b.payments().indexOf(paymentId);
                if (at.isPresent()) {
                    JsonRecord payment = cs.current(b.payments(), at.getAsLong());
                    if ("AUTHORISED".equals(payment.status())) {
                        cs.put(b.payments(), payment.changed(stamp, false, p -> p.put("IsReconciled", true)));
                    }
                }
            }
        }
        return batch.changed(now, false, n -> {
            if (delete) {
                n.put("Status", "DELETED");
            } else {
                n.put("IsReconciled", true);
            }
        });
    }

    // ---- credit notes, prepayments, overpayments

    private List<String> credits(ChangeSet cs, CreditKind kind, RecordSeries<JsonRecord> series, int count,
                                 SplittableRandom r, long first) {
        return ChangeDriver.change(cs, series, count, 1, r, first,
                c -> List.of("DRAFT", "SUBMITTED", "AUTHORISED").contains(c.status()),
                (i, now) -> newCredit(cs, r, kind, i, now), (c, now) -> editCredit(r, kind, c, now));
    }

    /**
     * Mostly allocated at once to an open invoice (which then owes less, or nothing); otherwise
     * raised for a customer or supplier of an invoice and left unallocated (a draft credit note,
     * an unspent prepayment or overpayment).
     */
    private JsonRecord newCredit(ChangeSet cs, SplittableRandom r, CreditKind kind, long index, long now) {
        long key = InvoiceFactory.CREATED_KEYS + index;
        LocalDate today = XeroFormat.day(now);
        boolean allocate = r.nextDouble() < 0.6;
        Invoice before = allocate ? openInvoice(cs, r, i -> i.amountDue().compareTo(XeroFormat.money(200)) > 0, true) : null;
        if (before != null) {
            Invoice after = touched(before, now);
            Credit credit = datedToday(b.invoiceFactory().creditFor(after, kind, r, today, key, true), today);
            if (credit.isAllocated()) {
                b.invoiceFactory().allocate(after, credit);
                putInvoice(cs, before, after);
                return b.invoiceDocuments().credit(index, after, credit, after.brandingThemeId, now);
            }
        }
        Invoice basis = anyInvoice(cs, r, i -> List.of("AUTHORISED", "PAID", "DRAFT", "SUBMITTED").contains(i.status));
        Invoice draft = basis.copy();
        draft.status = "DRAFT";
        Credit credit = datedToday(b.invoiceFactory().creditFor(draft, kind, r, today, key, false), today);
        return b.invoiceDocuments().credit(index, draft, credit, draft.brandingThemeId, now);
    }

    /** A credit raised by a change is dated (and allocated) the day it was made. */
    private static Credit datedToday(Credit c, LocalDate today) {
        return new Credit(c.kind(), c.id(), c.number(), today, c.status(), c.lineAmountTypes(), c.lines(), c.reference(),
                c.allocated(), c.isAllocated() ? today : null, c.allocationId());
    }

    private JsonRecord editCredit(SplittableRandom r, CreditKind kind, JsonRecord credit, long now) {
        double what = r.nextDouble();
        String status = credit.status();
        boolean unallocated = credit.body().path("AppliedAmount").decimalValue().signum() == 0;
        return credit.changed(now, false, c -> {
            BigDecimal total = c.path("Total").decimalValue();
            if ("DRAFT".equals(status) || "SUBMITTED".equals(status)) {
                if (what < 0.5) {
                    c.put("Status", "AUTHORISED");
                    c.put("RemainingCredit", total);
                } else if (what < 0.8) {
                    c.put("Status", "DELETED");
                    c.put("RemainingCredit", XeroFormat.money(0));
                } else {
                    revise(c);
                }
            } else if (unallocated && what < 0.5) {
                c.put("Status", "VOIDED");
                c.put("RemainingCredit", XeroFormat.money(0));
            } else if (kind == CreditKind.PREPAYMENT) {
                c.put("HasAttachments", true);
            } else {
                revise(c);
            }
        });
    }

    private static void revise(ObjectNode c) {
        c.put("Reference", c.path("Reference").asText().replaceFirst(" \\(revised\\)$", "") + " (revised)");
    }

    // ---- simple documents

    private JsonRecord editBankTransaction(SplittableRandom r, JsonRecord t, long now) {
        double what = r.nextDouble();
        return t.changed(now, false, n -> {
            if (what < 0.15) {
                n.put("Status", "VOIDED");
                n.put("IsReconciled", false);
            } else if (what < 0.3) {
                n.put("Status", "DELETED");
                n.put("IsReconciled", false);
            } else if (what < 0.65 && !n.path("IsReconciled").asBoolean()) {
                n.put("IsReconciled", true);
            } else if (what < 0.8) {
                n.put("HasAttachments", true);
            } else {
                n.put("Reference", n.path("Reference").asText().replaceFirst(" - checked$", "") + " - checked");
            }
        });
    }

    /** Deleted transfers are hidden from listings without includeDeleted. */
    private JsonRecord editBankTransfer(SplittableRandom r, JsonRecord t, long now) {
        double what = r.nextDouble();
        boolean delete = what < 0.3;
        return t.changed(now, delete, n -> {
            if (delete) {
                n.put("Status", "DELETED");
            } else if (what < 0.7 && !n.path("FromIsReconciled").asBoolean()) {
                n.put("FromIsReconciled", true);
                n.put("ToIsReconciled", true);
            } else {
                n.put("Reference", n.path("Reference").asText().replaceFirst(" \\(confirmed\\)$", "") + " (confirmed)");
            }
        });
    }

    private JsonRecord editJournal(SplittableRandom r, JsonRecord j, long now) {
        double what = r.nextDouble();
        return j.changed(now, false, n -> {
            if ("DRAFT".equals(j.status()) && what < 0.6) {
                n.put("Status", "POSTED");
            } else if ("DRAFT".equals(j.status()) && what < 0.85) {
                n.put("Status", "DELETED");
            } else if ("POSTED".equals(j.status()) && what < 0.4) {
                n.put("Status", "VOIDED");
            } else if (what < 0.7) {
                n.put("Narration", n.path("Narration").asText().replaceFirst(" \\(reviewed\\)$", "") + " (reviewed)");
            } else {
                n.put("HasAttachments", true);
            }
        });
    }

    private JsonRecord editOrder(SplittableRandom r, JsonRecord o, long now) {
        double what = r.nextDouble();
        return o.changed(now, false, n -> {
            switch (o.status()) {
                case "DRAFT" -> n.put("Status", what < 0.3 ? "SUBMITTED" : what < 0.8 ? "AUTHORISED" : "DELETED");
                case "SUBMITTED" -> n.put("Status", what < 0.8 ? "AUTHORISED" : "DELETED");
                default -> {
                    if (what < 0.5) {
                        n.put("Status", "BILLED");
                    } else if (what < 0.6) {
                        n.put("Status", "DELETED");
                    } else {
                        n.put("SentToContact", true);
                        n.put("DeliveryInstructions", "Call on arrival");
                    }
                }
            }
        });
    }

    private JsonRecord editQuote(SplittableRandom r, JsonRecord q, long now) {
        double what = r.nextDouble();
        return q.changed(now, false, n -> n.put("Status", switch (q.status()) {
            case "DRAFT" -> what < 0.8 ? "SENT" : "DELETED";
            case "SENT" -> what < 0.6 ? "ACCEPTED" : "DECLINED";
            default -> "INVOICED";
        }));
    }

    // ---- receipts and expense claims

    private JsonRecord newReceipt(ChangeSet cs, SplittableRandom r, long index, long now, String status) {
        List<SettingsCatalogue.User> users = b.settings().users();
        SettingsCatalogue.User user = users.get(1 + r.nextInt(users.size() - 1));
        return b.expenses().receipt(index, now, status, user, party(cs, r, false), r, true);
    }

    /** Unclaimed draft receipts get voided or their reference fixed. */
    private JsonRecord editReceipt(SplittableRandom r, JsonRecord t, long now) {
        double what = r.nextDouble();
        return t.changed(now, false, n -> {
            if (what < 0.3) {
                n.put("Status", "VOIDED");
            } else {
                n.put("Reference", n.path("Reference").asText().replaceFirst(" \\(client\\)$", "") + " (client)");
            }
        });
    }

    /** One or two new receipts claimed at once by a staff member. */
    private JsonRecord newClaim(ChangeSet cs, SplittableRandom r, long index, long now) {
        List<SettingsCatalogue.User> users = b.settings().users();
        SettingsCatalogue.User user = users.get(1 + r.nextInt(users.size() - 1));
        List<JsonRecord> claimed = new ArrayList<>();
        int count = 1 + r.nextInt(2);
        for (int j = 0; j < count; j++) {
            JsonRecord receipt = b.expenses().receipt(cs.nextIndex(b.receipts()), now + 1 + j, "SUBMITTED", user,
                    party(cs, r, false), r, true);
            cs.put(b.receipts(), receipt);
            claimed.add(receipt);
        }
        String id = b.ids().uuid(b.organisation(), SeededIds.EXPENSE_CLAIM, index).toString();
        return b.expenses().claim(index, id, now, "SUBMITTED", user, claimed);
    }

    /** Submitted claims get approved or voided, approved ones paid or voided; the receipts follow. */
    private JsonRecord editClaim(ChangeSet cs, SplittableRandom r, JsonRecord claim, long now) {
        double what = r.nextDouble();
        String status = switch (claim.status()) {
            case "SUBMITTED" -> what < 0.7 ? "AUTHORISED" : "VOIDED";
            default -> what < 0.75 ? "PAID" : "VOIDED";
        };
        String receiptStatus = ExpenseFactory.receiptStatus(status);
        List<JsonRecord> claimed = new ArrayList<>();
        int j = 0;
        for (JsonNode summary : claim.body().path("Receipts")) {
            OptionalLong at = b.receipts().indexOf(summary.path("ReceiptID").asText());
            if (at.isEmpty()) {
                continue;
            }
            JsonRecord receipt = cs.current(b.receipts(), at.getAsLong());
            if (!receiptStatus.equals(receipt.status())) {
                receipt = receipt.changed(now + 1 + j++, false, n -> n.put("Status", receiptStatus));
                cs.put(b.receipts(), receipt);
            }
            claimed.add(receipt);
        }
        String userId = claim.body().path("User").path("UserID").asText();
        SettingsCatalogue.User user = b.settings().users().stream().filter(u -> u.id().equals(userId)).findFirst()
                .orElse(b.settings().users().get(1));
        return b.expenses().claim(claim.index(), claim.id(), now, status, user, claimed);
    }

    // ---- helpers

    private static Predicate<JsonRecord> authorised() {
        return t -> "AUTHORISED".equals(t.status());
    }

    private DocumentLines.Party party(ChangeSet cs, SplittableRandom r, boolean customer) {
        return b.documents().currentParty(r, customer, i -> cs.current(b.contacts(), i));
    }

    /** A copy to change, a revision later, stamped {@code now}. */
    private static Invoice touched(Invoice invoice, long now) {
        Invoice after = invoice.copy();
        after.revision++;
        after.updated = now;
        return after;
    }

    private void putInvoice(ChangeSet cs, Invoice before, Invoice after) {
        cs.put(b.invoices(), after);
        paymentsFollow(cs, before, after);
    }

    /** An approved invoice with something left to pay (and {@code also}); there always is one in a demo company. */
    private Invoice openInvoice(ChangeSet cs, SplittableRandom r, Predicate<Invoice> also) {
        Invoice found = openInvoice(cs, r, also, false);
        if (found == null) {
            throw new IllegalStateException("No approved invoice with an amount due to change");
        }
        return found;
    }

    private Invoice openInvoice(ChangeSet cs, SplittableRandom r, Predicate<Invoice> also, boolean mayFail) {
        return anyInvoiceOrNull(cs, r, i -> "AUTHORISED".equals(i.status) && i.amountDue().signum() > 0 && also.test(i), mayFail);
    }

    private Invoice anyInvoice(ChangeSet cs, SplittableRandom r, Predicate<Invoice> wanted) {
        Invoice found = anyInvoiceOrNull(cs, r, wanted, false);
        if (found == null) {
            throw new IllegalStateException("No invoice to base the change on");
        }
        return found;
    }

    /** Random picks first; then, unless a miss is fine, every invoice from a random start. */
    private Invoice anyInvoiceOrNull(ChangeSet cs, SplittableRandom r, Predicate<Invoice> wanted, boolean mayFail) {
        long size = b.invoices().size();
        if (size == 0) {
            return null;
        }
        LongFunction<Invoice> at = i -> cs.current(b.invoices(), i);
        for (int attempt = 0; attempt < 64; attempt++) {
            long pick = r.nextLong(size);
            if (!b.invoices().removed(pick) && wanted.test(at.apply(pick))) {
                return at.apply(pick);
            }
        }
        if (mayFail) {
            return null;
        }
        long start = r.nextLong(size);
        for (long k = 0; k < size; k++) {
            long pick = (start + k) % size;
            if (wanted.test(at.apply(pick))) {
                return at.apply(pick);
            }
        }
        return null;
    }
}
