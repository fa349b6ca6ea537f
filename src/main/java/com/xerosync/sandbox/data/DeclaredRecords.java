package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.endpoints.DeclaredApis;
import com.xerosync.sandbox.endpoints.DeclaredApis.Collection;
import com.xerosync.sandbox.endpoints.DeclaredApis.Field;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * One organisation's records of every {@link DeclaredApis declared API}, made up once from the declaration: parents
 * before their children, each field as its kind says, then the sums over the records below. The same seed, the same
 * organisation and the same declaration make the same records.
 */
public final class DeclaredRecords {

    /** A record, the collection it belongs to and the parent record it was made for (null: the organisation's). */
    private record Made(Collection collection, ObjectNode json, Made parent) {

        boolean below(Made ancestor) {
            for (Made p = parent; p != null; p = p.parent) {
                if (p == ancestor) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Ids of the declared collections' records: a kind of its own per collection, apart from the hand-made ones. */
    private static final int FIRST_KIND = 1_000;

    private final Map<String, List<Made>> byCollection = new LinkedHashMap<>();

    /**
     * @param accountingIds the ids of the organisation's records of an accounting collection, for {@code ref} fields
     */
    DeclaredRecords(SeededIds ids, int organisation, ObjectNode organisationJson, HistoryWindow history,
                    JsonNodeFactory json, Function<String, List<String>> accountingIds) {
        Map<String, List<String>> refs = new LinkedHashMap<>();
        Map<Integer, String> kinds = new HashMap<>();
        for (DeclaredApis.Api api : DeclaredApis.ALL) {
            for (Collection c : api.collections()) {
                int kind = FIRST_KIND + (c.name().hashCode() & 0x7FFF);
                String same = kinds.putIfAbsent(kind, c.name());
                if (same != null) {
                    // their ids would be drawn from one sequence
                    throw new IllegalStateException(DeclaredApis.RESOURCE + ": collections " + same + " and " + c.name()
                            + " would share their ids; rename one");
                }
                SplittableRandom random = ids.random(organisation, kind);
                List<Made> parents = c.parent() == null ? Collections.singletonList(null) : byCollection.get(c.parent());
                List<Made> made = new ArrayList<>();
                for (Made parent : parents) {
                    int count = c.least() + random.nextInt(c.most() - c.least() + 1);
                    for (int i = 0; i < count; i++) {
                        ObjectNode record = json.objectNode();
                        long position = made.size();
                        c.fields().forEach((name, field) -> put(record, name, field, new Context(ids, organisation, kind,
                                position, random, parent, organisationJson, history, json,
                                collection -> refs.computeIfAbsent(collection, accountingIds))));
                        made.add(new Made(c, record, parent));
                    }
                }
                byCollection.put(c.name(), made);
            }
        }
        fillSums();
    }

    private record Context(SeededIds ids, int organisation, int kind, long position, SplittableRandom random, Made parent,
                           ObjectNode organisationJson, HistoryWindow history, JsonNodeFactory json,
                           Function<String, List<String>> refs) {
    }

    /** Fields are made in the order declared; a sum is filled once every collection is made. */
    private static void put(ObjectNode record, String name, Field field, Context at) {
        List<Object> v = field.values();
        switch (field.kind()) {
            case "uuid" -> record.put(name, at.ids().uuid(at.organisation(), at.kind(), at.position()).toString());
            case "pick" -> record.put(name, v.get(at.random().nextInt(v.size())).toString());
            case "int" -> record.put(name, between(at.random(), v));
            case "amount" -> {
                ObjectNode amount = record.putObject(name);
                amount.put("currency", at.organisationJson().path("BaseCurrency").asText());
                amount.put("value", BigDecimal.valueOf(between(at.random(), v) * 100L + at.random().nextInt(100), 2));
            }
            case "dateTime" -> {
                long from = at.history().todayStart() + ((Integer) v.get(0)) * XeroFormat.DAY_MILLIS;
                long to = at.history().todayStart() + ((Integer) v.get(1)) * XeroFormat.DAY_MILLIS;
                record.put(name, instant(from + (long) (at.random().nextDouble() * (to - from))));
            }
            case "after" -> {
                JsonNode earlier = record.get(v.get(0).toString());
                if (earlier == null) {
                    throw new IllegalStateException(DeclaredApis.RESOURCE + ": field " + name + " is after "
                            + v.get(0) + ", which must be declared before it");
                }
                long minutes = between(at.random(), v.subList(1, 3));
                record.put(name, instant(Instant.parse(earlier.asText()).toEpochMilli() + minutes * 60_000));
            }
            case "parent" -> {
                if (at.parent() == null || at.parent().json().get(v.get(0).toString()) == null) {
                    throw new IllegalStateException(DeclaredApis.RESOURCE + ": field " + name + " takes its parent's "
                            + v.get(0) + ", which the parent has not");
                }
                record.set(name, at.parent().json().get(v.get(0).toString()).deepCopy());
            }
            case "ref" -> {
                List<String> candidates = at.refs().apply(v.get(0).toString());
                if (candidates.isEmpty()) {
                    record.putNull(name);
                } else {
                    record.put(name, candidates.get(at.random().nextInt(candidates.size())));
                }
            }
            case "organisation" -> record.set(name, at.organisationJson().path(v.get(0).toString()).deepCopy());
            // a place held in the field order, filled by fillSums
            case "sum" -> record.put(name, 0);
            default -> throw new IllegalStateException("Unknown field kind " + field.kind());
        }
    }

    private void fillSums() {
        for (List<Made> records : byCollection.values()) {
            for (Made record : records) {
                record.collection().fields().forEach((name, field) -> {
                    if (!field.kind().equals("sum")) {
                        return;
                    }
                    List<Made> over = byCollection.get(field.of());
                    if (over == null) {
                        throw new IllegalStateException(DeclaredApis.RESOURCE + ": field " + name + " sums over "
                                + field.of() + ", which is not a declared collection");
                    }
                    String summed = field.values().get(0).toString();
                    long sum = over.stream().filter(m -> m.below(record)).mapToLong(m -> m.json().path(summed).asLong()).sum();
                    record.json().put(name, sum);
                });
            }
        }
    }

    private static int between(SplittableRandom random, List<Object> range) {
        int least = (Integer) range.get(0);
        int most = (Integer) range.get(1);
        return least + random.nextInt(most - least + 1);
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Every record of the collection, in the order they were made; fresh trees. */
    public Stream<ObjectNode> records(Collection collection) {
        return byCollection.get(collection.name()).stream().map(m -> m.json().deepCopy());
    }

    /** The records a listing holds: those whose fields equal the values of the path's {@code {field}} segments. */
    public List<ObjectNode> list(Collection collection, Map<String, String> parentValues) {
        return byCollection.get(collection.name()).stream()
                .filter(m -> parentValues.entrySet().stream().allMatch(e -> e.getValue().equalsIgnoreCase(
                        m.json().path(e.getKey()).asText())))
                .map(m -> m.json().deepCopy()).toList();
    }

    public Optional<ObjectNode> find(Collection collection, String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return byCollection.get(collection.name()).stream()
                .filter(m -> m.json().path(collection.idField()).asText().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst().map(m -> m.json().deepCopy());
    }

    /** Whether a record of the API has this id in a collection identified by {@code field} (a path's parent). */
    public boolean exists(DeclaredApis.Api api, String field, String id) {
        return api.collections().stream().filter(c -> c.idField().equals(field)).anyMatch(c -> find(c, id).isPresent());
    }
}
