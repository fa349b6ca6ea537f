package com.xerosync.sandbox.data;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records one {@code applyChanges} call changes, per collection, kept until they are all
 * made: a change may touch several collections (a payment changes its invoice too), and a
 * record changed twice keeps only its last version. Records reach each collection in the order
 * they were put, which is stamp order.
 */
final class ChangeSet {

    /** A record as this change set leaves it, and as its collection has it now (null for a record it creates). */
    record Change(RecordSeries<?> series, SandboxRecord before, SandboxRecord after) {
    }

    private final Map<RecordSeries<?>, LinkedHashMap<Long, SandboxRecord>> pending = new IdentityHashMap<>();
    private final List<RecordSeries<?>> order = new ArrayList<>();

    /** The record as this change set left it, or as the collection has it. */
    @SuppressWarnings("unchecked")
    <M extends SandboxRecord> M current(RecordSeries<M> series, long index) {
        LinkedHashMap<Long, SandboxRecord> changed = pending.get(series);
        SandboxRecord record = changed == null ? null : changed.get(index);
        return record != null ? (M) record : series.current(index);
    }

    <M extends SandboxRecord> void put(RecordSeries<M> series, M record) {
        LinkedHashMap<Long, SandboxRecord> changed = pending.computeIfAbsent(series, s -> {
            order.add(s);
            return new LinkedHashMap<>();
        });
        changed.remove(record.index());
        changed.put(record.index(), record);
    }

    /** The index the next record created in {@code series} gets. */
    long nextIndex(RecordSeries<?> series) {
        long size = series.size();
        LinkedHashMap<Long, SandboxRecord> changed = pending.get(series);
        return changed == null ? size : size + changed.keySet().stream().filter(i -> i >= size).count();
    }

    /** Every change not yet committed, collection by collection in the order they were first touched. */
    List<Change> changes() {
        List<Change> changes = new ArrayList<>();
        for (RecordSeries<?> series : order) {
            long size = series.size();
            for (SandboxRecord after : pending.get(series).values()) {
                SandboxRecord before = after.index() < size ? series.current(after.index()) : null;
                changes.add(new Change(series, before, after));
            }
        }
        return changes;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    void commit() {
        for (RecordSeries<?> series : order) {
            ((RecordSeries) series).putAll(List.copyOf(pending.get(series).values()));
        }
    }
}
