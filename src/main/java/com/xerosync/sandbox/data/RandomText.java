package com.xerosync.sandbox.data;

import java.util.List;
import java.util.SplittableRandom;

/** Small draws the factories share: picks, digit strings, codes and weighted choices. */
final class RandomText {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private RandomText() {
    }

    static <T> T pick(SplittableRandom r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    static String digits(SplittableRandom r, int count) {
        StringBuilder s = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            s.append(r.nextInt(10));
        }
        return s.toString();
    }

    static String code(SplittableRandom r, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHANUMERIC.charAt(r.nextInt(ALPHANUMERIC.length())));
        }
        return s.toString();
    }

    /** The index of the chosen weight. */
    static int weighted(SplittableRandom r, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int draw = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable: weights sum to " + total);
    }
}
