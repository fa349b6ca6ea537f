package com.xerosync.sandbox;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * One collection of one organisation in UpdatedDateUTC order: the generated records (rebuilt from
 * their index on demand) followed by an overlay of records changed or created since start.
 * Changes are stamped later than anything generated, so the overlay always sorts last; a
 * changed record is skipped at its generated position.
 *
 * <p>The overlay is copy-on-write: a request reads one immutable snapshot however long it streams.
 */
final class RecordSeries<M extends SandboxRecord> {

    /** A window onto the series: what a list GET asks for. */
    record Selection(long modifiedAfter, boolean includeArchived, boolean descending) {
        static final Selection ALL = new Selection(Long.MIN_VALUE, true, false);
    }

    private record Overlay<M>(List<M> ordered, Map<Long, M> byIndex, BitSet replaced, long created) {
    }

    private final Timeline timeline;
    private final LongFunction<M> generator;
    private final LongPredicate archivedAtGeneration;
    private final Function<String, OptionalLong> indexOfId;
    private volatile Overlay<M> overlay = new Overlay<>(List.of(), Map.of(), new BitSet(), 0);

    /**
     * @param archivedAtGeneration whether a generated record is archived, answered without building it
     * @param indexOfId            the index a record id was derived from, if it was
     */
    RecordSeries(Timeline timeline, LongFunction<M> generator, LongPredicate archivedAtGeneration,
                 Function<String, OptionalLong> indexOfId) {
        this.timeline = timeline;
        this.generator = generator;
        this.archivedAtGeneration = archivedAtGeneration;
        this.indexOfId = indexOfId;
    }

    /** Generated plus created: the next created record gets this index. */
    long size() {
        return timeline.count() + overlay.created();
    }

    /** The record at {@code index} as it is now. */
    M current(long index) {
        M changed = overlay.byIndex().get(index);
        return changed != null ? changed : generator.apply(index);
    }

    Optional<M> find(String id) {
        OptionalLong index = indexOfId.apply(id);
        if (index.isEmpty() || index.getAsLong() >= size()) {
            return Optional.empty();
        }
        return Optional.of(current(index.getAsLong()));
    }

    long count(Selection selection) {
        return positions(overlay, selection).count();
    }

    Stream<M> select(Selection selection, long skip, long limit) {
        Overlay<M> snapshot = overlay;
        long generated = timeline.count();
        return positions(snapshot, selection).skip(skip).limit(limit)
                .mapToObj(p -> p < generated ? generator.apply(p) : snapshot.ordered().get((int) (p - generated)));
    }

    /** Stores changed records; they take the place of their earlier versions and sort last, in the given order. */
    synchronized void putAll(List<M> changed) {
        Overlay<M> old = overlay;
        Map<Long, M> byIndex = new HashMap<>(old.byIndex());
        BitSet replaced = (BitSet) old.replaced().clone();
        long created = old.created();
        for (M record : changed) {
            byIndex.put(record.index(), record);
            if (record.index() < timeline.count()) {
                replaced.set(Math.toIntExact(record.index()));
            } else {
                created = Math.max(created, record.index() - timeline.count() + 1);
            }
        }
        List<M> ordered = new ArrayList<>(old.ordered().size() + changed.size());
        for (M record : old.ordered()) {
            if (byIndex.get(record.index()) == record) {
                ordered.add(record);
            }
        }
        ordered.addAll(changed);
        overlay = new Overlay<>(List.copyOf(ordered), Map.copyOf(byIndex), replaced, created);
    }

    /**
     * Positions in the requested order: below {@code generated} a generated index, above it an
     * offset into the overlay. Generated records come from a binary search on their timestamps,
     * so If-Modified-Since costs nothing for the records it excludes.
     */
    private LongStream positions(Overlay<M> snapshot, Selection selection) {
        long generated = timeline.count();
        long first = selection.modifiedAfter() == Long.MIN_VALUE ? 0 : timeline.firstAfter(selection.modifiedAfter());
        LongStream fromHistory = selection.descending()
                ? LongStream.range(first, generated).map(i -> generated - 1 - (i - first))
                : LongStream.range(first, generated);
        fromHistory = fromHistory.filter(i -> !snapshot.replaced().get((int) i)
                && (selection.includeArchived() || !archivedAtGeneration.test(i)));

        int changed = snapshot.ordered().size();
        IntStream overlayOrder = selection.descending()
                ? IntStream.range(0, changed).map(k -> changed - 1 - k)
                : IntStream.range(0, changed);
        LongStream fromOverlay = overlayOrder.filter(k -> {
            M record = snapshot.ordered().get(k);
            return record.updated() > selection.modifiedAfter() && (selection.includeArchived() || !record.archived());
        }).asLongStream().map(k -> generated + k);

        return selection.descending() ? LongStream.concat(fromOverlay, fromHistory) : LongStream.concat(fromHistory, fromOverlay);
    }
}
