package com.xerosync.sandbox.data;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
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
 * changed record is skipped at its generated position. Records may also be replaced where they
 * stand (a change Xero makes without restamping) or removed (a hard delete).
 *
 * <p>The overlay is copy-on-write: a request reads one immutable snapshot however long it streams.
 */
public final class RecordSeries<M extends SandboxRecord> {

    /** A window onto the series: what a list GET asks for. */
    public record Selection(long modifiedAfter, boolean includeHidden, boolean descending) {
        static final Selection ALL = new Selection(Long.MIN_VALUE, true, false);
    }

    /**
     * @param ordered  changed and created records, in stamp order, after the generated ones
     * @param byIndex  every overlay record, moved or replaced in place
     * @param replaced generated indexes whose record moved to {@code ordered}
     * @param idIndex  the index of every overlay record by id (created ones have no other way to be found)
     */
    private record Overlay<M>(List<M> ordered, Map<Long, M> byIndex, BitSet replaced, long created,
                              Map<String, Long> idIndex, Set<Long> removed) {
    }

    private final Stamps stamps;
    private final LongFunction<M> generator;
    private final LongPredicate hiddenAtGeneration;
    private final Function<String, OptionalLong> indexOfId;
    private volatile Overlay<M> overlay = new Overlay<>(List.of(), Map.of(), new BitSet(), 0, Map.of(), Set.of());

    /**
     * @param hiddenAtGeneration whether a generated record is hidden, answered without building it
     * @param indexOfId          the index a generated record's id was derived from, if it was
     */
    RecordSeries(Stamps stamps, LongFunction<M> generator, LongPredicate hiddenAtGeneration,
                 Function<String, OptionalLong> indexOfId) {
        this.stamps = stamps;
        this.generator = generator;
        this.hiddenAtGeneration = hiddenAtGeneration;
        this.indexOfId = indexOfId;
    }

    /** Generated plus created: the next created record gets this index. */
    long size() {
        return stamps.count() + overlay.created();
    }

    long generatedCount() {
        return stamps.count();
    }

    /** The record at {@code index} as it is now (removed ones included). */
    M current(long index) {
        M changed = overlay.byIndex().get(index);
        return changed != null ? changed : generator.apply(index);
    }

    boolean removed(long index) {
        return overlay.removed().contains(index);
    }

    /** The index of a record by id, if the series has (or had) it. */
    OptionalLong indexOf(String id) {
        Long known = overlay.idIndex().get(id);
        if (known == null && id != null) {
            known = overlay.idIndex().get(id.toLowerCase(Locale.ROOT));
        }
        if (known != null) {
            return OptionalLong.of(known);
        }
        OptionalLong index = indexOfId.apply(id);
        return index.isPresent() && index.getAsLong() < stamps.count() ? index : OptionalLong.empty();
    }

    Optional<M> find(String id) {
        OptionalLong index = indexOf(id);
        if (index.isEmpty() || removed(index.getAsLong())) {
            return Optional.empty();
        }
        return Optional.of(current(index.getAsLong()));
    }

    long count(Selection selection) {
        return positions(overlay, selection).count();
    }

    Stream<M> select(Selection selection, long skip, long limit) {
        Overlay<M> snapshot = overlay;
        long generated = stamps.count();
        return positions(snapshot, selection).skip(skip).limit(limit).mapToObj(p -> {
            if (p >= generated) {
                return snapshot.ordered().get((int) (p - generated));
            }
            M inPlace = snapshot.byIndex().get(p);
            return inPlace != null ? inPlace : generator.apply(p);
        });
    }

    /** Stores changed records; they take the place of their earlier versions and sort last, in the given order. */
    synchronized void putAll(List<M> changed) {
        if (changed.isEmpty()) {
            return;
        }
        Overlay<M> old = overlay;
        Map<Long, M> byIndex = new HashMap<>(old.byIndex());
        Map<String, Long> idIndex = new HashMap<>(old.idIndex());
        BitSet replaced = (BitSet) old.replaced().clone();
        long created = old.created();
        long generated = stamps.count();
        for (M record : changed) {
            byIndex.put(record.index(), record);
            idIndex.put(record.id().toLowerCase(Locale.ROOT), record.index());
            if (record.index() < generated) {
                replaced.set(Math.toIntExact(record.index()));
            } else {
                created = Math.max(created, record.index() - generated + 1);
            }
        }
        List<M> ordered = new ArrayList<>(old.ordered().size() + changed.size());
        Set<Long> moved = new HashSet<>();
        changed.forEach(r -> moved.add(r.index()));
        for (M record : old.ordered()) {
            if (!moved.contains(record.index())) {
                ordered.add(record);
            }
        }
        ordered.addAll(changed);
        overlay = new Overlay<>(List.copyOf(ordered), Map.copyOf(byIndex), replaced, created, Map.copyOf(idIndex), old.removed());
    }

    /** Replaces a record where it stands: same position, same stamp (Xero changed it without restamping). */
    synchronized void replaceInPlace(M record) {
        Overlay<M> old = overlay;
        Map<Long, M> byIndex = new HashMap<>(old.byIndex());
        byIndex.put(record.index(), record);
        List<M> ordered = old.ordered().stream().map(r -> r.index() == record.index() ? record : r).toList();
        overlay = new Overlay<>(ordered, Map.copyOf(byIndex), old.replaced(), old.created(), old.idIndex(), old.removed());
    }

    /** A hard delete: the record leaves every listing and can no longer be found. */
    synchronized boolean remove(long index) {
        Overlay<M> old = overlay;
        if (index >= size() || old.removed().contains(index)) {
            return false;
        }
        Set<Long> removed = new HashSet<>(old.removed());
        removed.add(index);
        List<M> ordered = old.ordered().stream().filter(r -> r.index() != index).toList();
        overlay = new Overlay<>(ordered, old.byIndex(), old.replaced(), old.created(), old.idIndex(), Set.copyOf(removed));
        return true;
    }

    /**
     * Positions in the requested order: below {@code generated} a generated index, above it an
     * offset into the overlay. Generated records come from a binary search on their timestamps,
     * so If-Modified-Since costs nothing for the records it excludes.
     */
    private LongStream positions(Overlay<M> snapshot, Selection selection) {
        long generated = stamps.count();
        long first = selection.modifiedAfter() == Long.MIN_VALUE ? 0 : stamps.firstAfter(selection.modifiedAfter());
        LongStream fromHistory = selection.descending()
                ? LongStream.range(first, generated).map(i -> generated - 1 - (i - first))
                : LongStream.range(first, generated);
        boolean anyRemoved = !snapshot.removed().isEmpty();
        fromHistory = fromHistory.filter(i -> !snapshot.replaced().get((int) i)
                && (!anyRemoved || !snapshot.removed().contains(i))
                && (selection.includeHidden() || !hiddenAt(snapshot, i)));

        int changed = snapshot.ordered().size();
        IntStream overlayOrder = selection.descending()
                ? IntStream.range(0, changed).map(k -> changed - 1 - k)
                : IntStream.range(0, changed);
        LongStream fromOverlay = overlayOrder.filter(k -> {
            M record = snapshot.ordered().get(k);
            return record.updated() > selection.modifiedAfter() && (selection.includeHidden() || !record.hidden());
        }).asLongStream().map(k -> generated + k);

        return selection.descending() ? LongStream.concat(fromOverlay, fromHistory) : LongStream.concat(fromHistory, fromOverlay);
    }

    private boolean hiddenAt(Overlay<M> snapshot, long index) {
        M inPlace = snapshot.byIndex().get(index);
        return inPlace != null ? inPlace.hidden() : hiddenAtGeneration.test(index);
    }
}
