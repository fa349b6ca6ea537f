package com.xerosync.sandbox.data;

import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic randomness and identifiers derived from (seed, organisation, kind, index), so any
 * record can be rebuilt on demand instead of being held in memory.
 *
 * <p>A record's UUID is random-looking (version 4 layout), but its low 62 bits are an invertible
 * affine map of the index: a GET by id finds the record by arithmetic, with no id→index table.
 */
public final class SeededIds {

    /** Streams of randomness; each kind of thing draws from its own, so adding a field to one never shifts another. */
    static final int ORGANISATION = 1;
    static final int ACCOUNT = 2;
    static final int CONTACT = 3;
    static final int CONTACT_DETAIL = 4;
    static final int INVOICE = 5;
    static final int LINE_ITEM = 6;
    static final int PAYMENT = 7;
    static final int TRACKING = 8;
    static final int TIMESTAMP = 9;
    static final int CHANGE = 10;
    public static final int ENVELOPE = 11;
    static final int SETTINGS = 12;
    static final int ITEM = 13;
    static final int USER = 14;
    static final int CONTACT_GROUP = 15;
    static final int BRANDING_THEME = 16;
    static final int BANK_TRANSACTION = 17;
    static final int BANK_TRANSFER = 18;
    static final int CREDIT_NOTE = 19;
    static final int PREPAYMENT = 20;
    static final int OVERPAYMENT = 21;
    static final int CREDIT_LINK = 22;
    static final int ALLOCATION = 23;
    static final int BATCH_PAYMENT = 24;
    static final int EXPENSE_CLAIM = 25;
    static final int RECEIPT = 26;
    static final int LINKED_TRANSACTION = 27;
    static final int MANUAL_JOURNAL = 28;
    static final int QUOTE = 29;
    static final int PURCHASE_ORDER = 30;
    static final int REPEATING_INVOICE = 31;
    static final int DOCUMENT_LINE = 32;
    static final int BANK_LINK = 33;
    static final int ACCOUNT_CHANGE = 34;
    /** Line-level tracking drawn apart from the invoice stream, so adding it shifted no earlier draw. */
    static final int LINE_TRACKING = 35;
    /** The general ledger: journal ids by JournalNumber (accrual and cash basis), their lines, posting times. */
    static final int JOURNAL = 36;
    static final int CASH_JOURNAL = 37;
    static final int JOURNAL_LINE = 38;
    static final int CASH_JOURNAL_LINE = 39;
    static final int JOURNAL_TIME = 40;
    static final int BUDGET = 41;
    static final int TAX_REPORT = 42;
    /** AU payroll: employees, leave applications, and the payroll settings they refer to (leave types, calendars). */
    static final int PAYROLL_EMPLOYEE = 43;
    static final int LEAVE_APPLICATION = 44;
    static final int PAYROLL_SETTINGS = 45;

    private static final long LOW_62 = (1L << 62) - 1;
    private static final long MULTIPLIER = 0x9E3779B97F4A7C15L; // odd, so invertible modulo 2^62
    private static final long INVERSE = inverseOf(MULTIPLIER);

    private final long seed;

    public SeededIds(long seed) {
        this.seed = seed;
    }

    long seed() {
        return seed;
    }

    SplittableRandom random(long... parts) {
        return new SplittableRandom(mix(parts));
    }

    public long mix(long... parts) {
        long h = mix64(seed ^ 0x243F6A8885A308D3L);
        for (long part : parts) {
            h = mix64(h ^ mix64(part + 0x9E3779B97F4A7C15L));
        }
        return h;
    }

    public UUID uuid(int organisation, int kind, long index) {
        long high = (mix(organisation, kind, index, 1) & ~0xF000L) | 0x4000L;
        long low = ((index * MULTIPLIER + salt(organisation, kind)) & LOW_62) | (1L << 63);
        return new UUID(high, low);
    }

    /** The index whose {@link #uuid} is {@code id}, if any. */
    OptionalLong indexOf(int organisation, int kind, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return OptionalLong.empty();
        }
        long index = (((uuid.getLeastSignificantBits() & LOW_62) - salt(organisation, kind)) * INVERSE) & LOW_62;
        return uuid.equals(uuid(organisation, kind, index)) ? OptionalLong.of(index) : OptionalLong.empty();
    }

    private long salt(int organisation, int kind) {
        return mix(organisation, kind, 2);
    }

    /** SplitMix64's finaliser: a bijection on 64 bits with good avalanche. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Newton's iteration for the inverse of an odd number modulo 2^64 (each step doubles the correct bits). */
    private static long inverseOf(long odd) {
        long x = odd;
        for (int i = 0; i < 6; i++) {
            x *= 2 - odd * x;
        }
        return x;
    }
}
