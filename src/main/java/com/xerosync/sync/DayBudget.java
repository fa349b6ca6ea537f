package com.xerosync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spends each organisation's day of Xero calls by priority, so that a journal backfill or the aged reports cannot take
 * the calls the invoices on a dashboard need. Transactions and contacts ({@link Priority#TRANSACTIONS}) may spend the
 * whole day, and a reserve of it is kept for them all day; settings come next, with a smaller reserve; reports may
 * take at most their share of the day (which is kept for them against backfills); a backfill (the first full sync
 * of an API with history: invoices, journals…) takes what the reserves leave. A call the budget does not allow is not
 * made: the run stops at its last stored page ({@link Deferred}) and resumes from there at a run after the oldest
 * hour of its spending has left the day.
 *
 * <p>The day is Xero's: the last 24 hours, counted here in hourly buckets (a bucket leaves the day whole). Xero's own
 * day limit is kept exactly by {@link XeroRateGovernor}; this only decides who gets it. Counted per node: in a cluster
 * each node budgets the runs it makes.
 *
 * @see <a href="https://developer.xero.com/documentation/guides/oauth2/limits/">Xero API rate limits</a>
 */
public final class DayBudget {

    private static final int HOURS = 24;
    private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();

    /** What a call ranks as in an organisation's day, highest first. */
    public enum Priority {
        TRANSACTIONS, SETTINGS, REPORTS, BACKFILL;

        /** A route's {@code priority} parameter: transactions (also when empty), settings or reports. */
        public static Priority ofRoute(String text) {
            String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
            return switch (value) {
                case "", "transactions" -> TRANSACTIONS;
                case "settings" -> SETTINGS;
                case "reports" -> REPORTS;
                default -> throw new IllegalArgumentException("Route template parameter 'priority' must be "
                        + "transactions, settings or reports, not '" + text + "' (a backfill is any first full sync)");
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The shares of the day, in percent of the day limit.
     *
     * @param transactionsReserve kept all day for transactions and contacts
     * @param settingsReserve     kept all day for settings
     * @param reportsShare        the most reports may take, and kept for them against backfills
     */
    public record Shares(int transactionsReserve, int settingsReserve, int reportsShare) {
        public Shares {
            if (transactionsReserve < 0 || settingsReserve < 0 || reportsShare < 0
                    || transactionsReserve + settingsReserve + reportsShare > 100) {
                throw new IllegalArgumentException("The day budget's shares (sync.day-budget.*) must be at least 0 and "
                        + "add up to at most 100%, not " + transactionsReserve + "% + " + settingsReserve + "% + "
                        + reportsShare + "%");
            }
        }

        /** The share of the day kept for {@code priority} against lower ones, in percent. */
        int reserve(Priority priority) {
            return switch (priority) {
                case TRANSACTIONS -> transactionsReserve;
                case SETTINGS -> settingsReserve;
                case REPORTS -> reportsShare;
                case BACKFILL -> 0;
            };
        }
    }

    /** A call the day budget does not allow now: the run stops at its last stored page; not a failure. */
    public static final class Deferred extends RuntimeException {
        private final Instant until;

        Deferred(Instant until, String message) {
            super(message);
            this.until = until;
        }

        /** When the day has room again at the earliest (the oldest hour of spending leaves it). */
        public Instant until() {
            return until;
        }
    }

    private final Shares shares;
    private final Clock clock;
    private final Map<String, Day> days = new ConcurrentHashMap<>();

    public DayBudget(Shares shares, Clock clock) {
        this.shares = shares;
        this.clock = clock;
    }

    /**
     * Counts one call of {@code priority} for the organisation when its day allows it.
     *
     * @param limit the organisation's calls a day (its plan's day limit)
     * @throws Deferred when the call would spend what the day keeps for higher priorities, or more than the reports'
     *                  share
     */
    public void spend(String tenantId, String what, Priority priority, int limit) {
        long hour = clock.millis() / HOUR_MILLIS;
        Day day = days.computeIfAbsent(tenantId, id -> new Day());
        synchronized (day) {
            int[] spent = day.spent(hour);
            int total = 0;
            for (int s : spent) {
                total += s;
            }
            // what higher priorities have not spent of their reserves stays theirs
            long kept = 0;
            for (Priority higher : Priority.values()) {
                if (higher.ordinal() >= priority.ordinal()) {
                    break;
                }
                kept += Math.max(0, (long) shares.reserve(higher) * limit / 100 - spent[higher.ordinal()]);
            }
            long allowed = limit - kept;
            String refusal = null;
            if (total + 1 > allowed) {
                refusal = "the rest of the day is kept for higher priorities";
            } else if (priority == Priority.REPORTS && spent[priority.ordinal()] + 1 > (long) shares.reportsShare() * limit / 100) {
                refusal = "reports may take at most " + shares.reportsShare() + "% of the day";
            }
            if (refusal != null) {
                Instant until = Instant.ofEpochMilli((day.oldestHour(hour) + HOURS) * HOUR_MILLIS);
                throw new Deferred(until, "deferred by the day budget: " + what + " is a " + priority.label()
                        + " call, and " + refusal + " (" + limit + " calls a day; spent in the last 24 hours: "
                        + describe(spent) + "); it resumes from its last stored page at its first run after " + until);
            }
            day.count(hour, priority);
        }
    }

    private static String describe(int[] spent) {
        StringBuilder text = new StringBuilder();
        for (Priority p : Priority.values()) {
            text.append(text.isEmpty() ? "" : ", ").append(p.label()).append(' ').append(spent[p.ordinal()]);
        }
        return text.toString();
    }

    /** One organisation's hourly buckets: the hour (since the epoch) each holds, and its calls per priority. */
    private static final class Day {
        final long[] hours = new long[HOURS];
        final int[][] counts = new int[Priority.values().length][HOURS];

        Day() {
            java.util.Arrays.fill(hours, Long.MIN_VALUE);
        }

        /** The calls per priority of the 24 hours up to {@code hour}. */
        int[] spent(long hour) {
            int[] spent = new int[Priority.values().length];
            for (int bucket = 0; bucket < HOURS; bucket++) {
                if (hours[bucket] > hour - HOURS) {
                    for (Priority p : Priority.values()) {
                        spent[p.ordinal()] += counts[p.ordinal()][bucket];
                    }
                }
            }
            return spent;
        }

        /** The oldest hour of the day that holds calls (the current hour when none does). */
        long oldestHour(long hour) {
            long oldest = hour;
            for (int bucket = 0; bucket < HOURS; bucket++) {
                if (hours[bucket] > hour - HOURS && hours[bucket] < oldest) {
                    oldest = hours[bucket];
                }
            }
            return oldest;
        }

        void count(long hour, Priority priority) {
            int bucket = (int) Math.floorMod(hour, HOURS);
            if (hours[bucket] != hour) {
                hours[bucket] = hour;
                for (int[] c : counts) {
                    c[bucket] = 0;
                }
            }
            counts[priority.ordinal()][bucket]++;
        }
    }
}
