package com.xerosync.sandbox.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Makes {@code count} changes to one collection: about one in ten creates a record, the rest
 * edit distinct existing records the collection allows to be edited (a deleted bank transaction
 * cannot be); when none can be found, a record is created instead. Change {@code n} is stamped
 * {@code first + n × stride}; a change touching several records of another collection stamps
 * them with the milliseconds in between.
 */
final class ChangeDriver {

    /** Builds a new record with the next index, as of a timestamp. */
    interface Creation<M> {
        M create(long index, long now);
    }

    /** Changes a record as of a timestamp. */
    interface Edit<M> {
        M edit(M current, long now);
    }

    private ChangeDriver() {
    }

    static <M extends SandboxRecord> List<String> change(ChangeSet changes, RecordSeries<M> series, int count, int stride,
                                                         SplittableRandom r, long firstStamp, Predicate<M> editable,
                                                         Creation<M> create, Edit<M> edit) {
        long existing = series.size();
        Set<Long> picked = new HashSet<>();
        List<String> changed = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            long now = firstStamp + (long) n * stride;
            M record = null;
            if (!(r.nextDouble() < 0.1 || picked.size() >= existing)) {
                for (int attempt = 0; attempt < 64 && record == null && picked.size() < existing; attempt++) {
                    long pick = r.nextLong(existing);
                    while (!picked.add(pick)) {
                        pick = r.nextLong(existing);
                    }
                    M current = changes.current(series, pick);
                    if (!series.removed(pick) && editable.test(current)) {
                        record = edit.edit(current, now);
                    }
                }
            }
            if (record == null) {
                record = create.create(changes.nextIndex(series), now);
            }
            changes.put(series, record);
            changed.add(record.id());
        }
        return changed;
    }
}
