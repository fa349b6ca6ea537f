package com.xerosync.sandbox.data;

import com.xerosync.sandbox.data.Invoice.Tracking;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One journal of the general ledger before it is numbered: what a document posted, when
 * ({@code created}, the CreatedDateUTC) and for which day ({@code date}, the JournalDate). Amounts
 * are cents of the home currency, debits positive and credits negative; the entries always sum
 * to zero.
 */
record JournalDraft(LocalDate date, long created, String sourceId, String sourceType, String reference,
                    List<Entry> entries) {

    /**
     * A journal line: {@code net} on the account, {@code tax} the tax the source line carried (its
     * GST is posted to the GST account by an entry of its own); {@code taxType} only on lines that
     * came from a document line.
     */
    record Entry(String accountCode, String description, long net, long tax, String taxType, List<Tracking> tracking) {

        long gross() {
            return net + tax;
        }

        Entry negated() {
            return new Entry(accountCode, description, -net, -tax, taxType, tracking);
        }
    }

    JournalDraft {
        long sum = 0;
        for (Entry e : entries) {
            sum += e.net();
        }
        if (sum != 0) {
            throw new IllegalStateException("Journal for " + sourceType + " " + sourceId + " does not balance: " + sum + " cents");
        }
        entries = List.copyOf(entries);
    }

    /** The same journal, posted at {@code when}. */
    JournalDraft at(long when) {
        return new JournalDraft(date, when, sourceId, sourceType, reference, entries);
    }

    /** What Xero posts when a posted document is voided or deleted: every line negated, same JournalDate. */
    JournalDraft reversed(long when) {
        List<Entry> negated = new ArrayList<>(entries.size());
        entries.forEach(e -> negated.add(e.negated()));
        return new JournalDraft(date, when, sourceId, sourceType, reference, negated);
    }
}
