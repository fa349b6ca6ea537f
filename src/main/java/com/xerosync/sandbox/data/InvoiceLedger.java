package com.xerosync.sandbox.data;

import com.xerosync.sandbox.http.XeroFormat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the generated invoices add up to, worked out once from all of them (a few bytes per
 * invoice): which have a payment, a credit note, a prepayment or an overpayment, so those
 * endpoints can serve exactly the invoices' payments and credits by position; which paid
 * bills and sales were paid together in batch payments; and which contact each is addressed to.
 *
 * <p>Batches: runs of 2–4 consecutive fully paid, home-currency, uncredited invoices of one type
 * start with a draw per invoice (bills more often than sales). They are paid on one date, the
 * latest of their invoice dates, which must not be after the first of them was last updated;
 * otherwise the run is shortened or dropped.
 */
final class InvoiceLedger {

    /** A batch payment: its invoices (by index) were paid together on {@code date}; stamped when its last one was. */
    record Batch(String id, String type, LocalDate date, int[] invoices, long stamp) {
    }

    private static final double BILL_BATCH_SHARE = 0.35;
    private static final double SALE_BATCH_SHARE = 0.12;

    /** Invoice indexes, ascending: those with a payment as generated, and those with each kind of credit. */
    final int[] paying;
    final int[] creditNotes;
    final int[] prepayments;
    final int[] overpayments;
    /** In stamp order. */
    final List<Batch> batches;
    /** By invoice index: the index of the contact it is addressed to (what aged reports look invoices up by). */
    final int[] contacts;
    private final Map<Integer, Batch> batchOfInvoice;

    private InvoiceLedger(int[] paying, int[] creditNotes, int[] prepayments, int[] overpayments, List<Batch> batches,
                          int[] contacts) {
        this.contacts = contacts;
        this.paying = paying;
        this.creditNotes = creditNotes;
        this.prepayments = prepayments;
        this.overpayments = overpayments;
        this.batches = batches;
        this.batchOfInvoice = new HashMap<>();
        for (Batch b : batches) {
            for (int i : b.invoices()) {
                batchOfInvoice.put(i, b);
            }
        }
    }

    Batch batchOf(long invoiceIndex) {
        return batchOfInvoice.get((int) invoiceIndex);
    }

    /** Where an invoice index sits in one of the index arrays, or -1. */
    static int position(int[] indexes, long invoiceIndex) {
        if (invoiceIndex < 0 || invoiceIndex > Integer.MAX_VALUE) {
            return -1;
        }
        int at = Arrays.binarySearch(indexes, (int) invoiceIndex);
        return at < 0 ? -1 : at;
    }

    /** A batch candidate: what the run rules need to know of a paid invoice. */
    private record Candidate(int index, long date, long stampDay, long stamp) {
    }

    static InvoiceLedger build(InvoiceFactory factory, SeededIds ids, int organisation, String homeCurrency, long count) {
        IntList paying = new IntList();
        IntList creditNotes = new IntList();
        IntList prepayments = new IntList();
        IntList overpayments = new IntList();
        Map<String, List<Candidate>> candidates = Map.of("ACCPAY", new ArrayList<>(), "ACCREC", new ArrayList<>());
        int[] contacts = new int[Math.toIntExact(count)];
        for (int i = 0; i < count; i++) {
            Invoice invoice = factory.raw(i);
            contacts[i] = (int) ids.indexOf(organisation, SeededIds.CONTACT, invoice.contactId).orElse(-1);
            if (!invoice.payments.isEmpty()) {
                paying.add(i);
            }
            for (Invoice.Credit credit : invoice.credits) {
                (switch (credit.kind()) {
                    case CREDIT_NOTE -> creditNotes;
                    case PREPAYMENT -> prepayments;
                    case OVERPAYMENT -> overpayments;
                }).add(i);
            }
            if ("PAID".equals(invoice.status) && invoice.payments.size() == 1 && invoice.credits.isEmpty()
                    && homeCurrency.equals(invoice.currency)) {
                candidates.get(invoice.type).add(new Candidate(i, invoice.date.toEpochDay(),
                        XeroFormat.day(invoice.updated).toEpochDay(), invoice.updated));
            }
        }
        List<Batch> batches = new ArrayList<>();
        for (String type : List.of("ACCPAY", "ACCREC")) {
            runs(ids, organisation, type, candidates.get(type), type.equals("ACCPAY") ? BILL_BATCH_SHARE : SALE_BATCH_SHARE, batches);
        }
        batches.sort(Comparator.comparingLong(Batch::stamp));
        List<Batch> numbered = new ArrayList<>(batches.size());
        for (int b = 0; b < batches.size(); b++) {
            Batch batch = batches.get(b);
            numbered.add(new Batch(ids.uuid(organisation, SeededIds.BATCH_PAYMENT, b).toString(), batch.type(), batch.date(),
                    batch.invoices(), batch.stamp()));
        }
        return new InvoiceLedger(paying.toArray(), creditNotes.toArray(), prepayments.toArray(), overpayments.toArray(),
                List.copyOf(numbered), contacts);
    }

    private static void runs(SeededIds ids, int organisation, String type, List<Candidate> candidates, double share,
                             List<Batch> batches) {
        int j = 0;
        while (j < candidates.size()) {
            SplittableRandom r = ids.random(organisation, SeededIds.BATCH_PAYMENT, candidates.get(j).index());
            if (r.nextDouble() >= share) {
                j++;
                continue;
            }
            int wanted = Math.min(2 + r.nextInt(3), candidates.size() - j);
            int size = wanted;
            long date = 0;
            for (; size >= 2; size--) {
                date = candidates.subList(j, j + size).stream().mapToLong(Candidate::date).max().orElseThrow();
                if (date <= candidates.get(j).stampDay()) {
                    break;
                }
            }
            if (size < 2) {
                j++;
                continue;
            }
            int[] members = candidates.subList(j, j + size).stream().mapToInt(Candidate::index).toArray();
            batches.add(new Batch(null, type, LocalDate.ofEpochDay(date), members, candidates.get(j + size - 1).stamp()));
            j += size;
        }
    }

    /** A growable int array: the ledger keeps ints, not boxed lists, whatever the invoice count. */
    private static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
