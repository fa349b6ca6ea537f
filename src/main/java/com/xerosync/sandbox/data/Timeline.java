package com.xerosync.sandbox.data;

/**
 * UpdatedDateUTC of generated records: strictly increasing with the index, spread evenly (with
 * per-record jitter) over a fixed window, so ordering is index order and If-Modified-Since is a
 * binary search rather than a scan.
 */
final class Timeline implements Stamps {

    private final SeededIds ids;
    private final int organisation;
    private final int kind;
    private final long count;
    private final long from;
    private final long step;

    Timeline(SeededIds ids, int organisation, int kind, long count, long fromMillis, long toMillis) {
        this.ids = ids;
        this.organisation = organisation;
        this.kind = kind;
        this.count = count;
        this.from = fromMillis;
        this.step = Math.max(2, (toMillis - fromMillis) / Math.max(1, count));
    }

    /** Jitter stays below half a step, so stamp(i + 1) - stamp(i) is always more than half a step. */
    @Override
    public long stamp(long index) {
        return from + index * step + ids.random(organisation, SeededIds.TIMESTAMP, kind, index).nextLong(step / 2);
    }

    @Override
    public long count() {
        return count;
    }
}
