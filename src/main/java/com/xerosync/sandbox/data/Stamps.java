package com.xerosync.sandbox.data;

import java.util.function.Supplier;

/**
 * The UpdatedDateUTC (or CreatedDateUTC) of a collection's generated records by index: never
 * decreasing, so the default order is index order and If-Modified-Since is a binary search.
 */
interface Stamps {

    long count();

    long stamp(long index);

    /** The first index stamped strictly after {@code millis}; {@link #count()} when there is none. */
    default long firstAfter(long millis) {
        long low = 0;
        long high = count();
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (stamp(mid) > millis) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /** A fixed list of stamps, for small collections built up front. */
    static Stamps of(long[] stamps) {
        return new Stamps() {
            @Override
            public long count() {
                return stamps.length;
            }

            @Override
            public long stamp(long index) {
                return stamps[Math.toIntExact(index)];
            }
        };
    }

    /** The stamps of some records of {@code base}, by position: {@code indexes} ascending, looked up when first needed. */
    static Stamps subset(Stamps base, Supplier<int[]> indexes) {
        return new Stamps() {
            @Override
            public long count() {
                return indexes.get().length;
            }

            @Override
            public long stamp(long index) {
                return base.stamp(indexes.get()[Math.toIntExact(index)]);
            }
        };
    }

    /** Stamps worked out when first needed. */
    static Stamps lazy(Supplier<long[]> stamps) {
        return new Stamps() {
            @Override
            public long count() {
                return stamps.get().length;
            }

            @Override
            public long stamp(long index) {
                return stamps.get()[Math.toIntExact(index)];
            }
        };
    }
}
