package com.xerosync.sandbox.endpoints;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The APIs the sandbox serves from a declaration ({@code src/main/resources/sandbox-apis.yaml}) rather than from code
 * of their own: collections, paging, scopes and how the demo organisations' records are made up. Read once; a
 * declaration that does not hold together stops the sandbox's start, saying where.
 */
public final class DeclaredApis {

    public static final String RESOURCE = "/sandbox-apis.yaml";

    /** A declared API under {@code /<basePath>/}. */
    public record Api(String name, String basePath, String spec, List<String> scopes, int defaultPageSize,
                      int maxPageSize, List<Collection> collections) {

        public String prefix() {
            return "/" + basePath + "/";
        }
    }

    /**
     * One collection of a declared API.
     *
     * @param segments the path split at {@code /}; a segment {@code {field}} names a parent record by that field
     * @param parent   the collection whose every record has {@code least..most} of these; null: per organisation
     * @param schema   the name of the spec's schema of a listing's answer; {@code recordSchema}: of one record
     */
    public record Collection(String name, String path, List<String> segments, String idField, String parent,
                             int least, int most, Map<String, Field> fields, String schema, String recordSchema) {

        /** The field a {@code {field}} segment of the path names, or null for a literal segment. */
        public static String placeholder(String segment) {
            return segment.startsWith("{") && segment.endsWith("}") ? segment.substring(1, segment.length() - 1) : null;
        }
    }

    /** How a field's value is made up; see the resource's header for the kinds. */
    public record Field(String kind, List<Object> values, String of) {
    }

    /** A request's collection, the values its {@code {field}} segments took, and a record's id if one was named. */
    public record Request(Collection collection, Map<String, String> parentValues, String id) {
    }

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z][A-Za-z0-9]*|\\{[a-z][A-Za-z0-9]*}");
    private static final List<String> KINDS = List.of("pick", "int", "amount", "dateTime", "after", "parent", "ref",
            "organisation", "sum");

    /** Read after the patterns above, which reading needs. */
    public static final List<Api> ALL = load();

    private DeclaredApis() {
    }

    /** The collection named by its name or path, in any case. */
    public static Optional<Collection> find(String name) {
        for (Api api : ALL) {
            for (Collection c : api.collections()) {
                if (c.name().equalsIgnoreCase(name) || c.path().equalsIgnoreCase(name)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /** The declared API a request path is under, or null. */
    public static Api apiOf(String path) {
        for (Api api : ALL) {
            if (path.regionMatches(true, 0, api.prefix(), 0, api.prefix().length())) {
                return api;
            }
        }
        return null;
    }

    /**
     * What {@code rest} (the path under the API's base) asks for: a collection's listing, or one record when one
     * segment more names its id. Literal segments match in any case, as Xero's paths do.
     */
    public static Optional<Request> route(Api api, String rest) {
        String[] parts = rest.split("/", -1);
        for (Collection c : api.collections()) {
            List<String> segments = c.segments();
            if (parts.length != segments.size() && parts.length != segments.size() + 1) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            boolean matches = true;
            for (int i = 0; i < segments.size() && matches; i++) {
                String field = Collection.placeholder(segments.get(i));
                if (field != null) {
                    matches = !parts[i].isEmpty();
                    values.put(field, parts[i]);
                } else {
                    matches = segments.get(i).equalsIgnoreCase(parts[i]);
                }
            }
            if (matches && (parts.length == segments.size() || !parts[segments.size()].isEmpty())) {
                return Optional.of(new Request(c, values, parts.length > segments.size() ? parts[segments.size()] : null));
            }
        }
        return Optional.empty();
    }

    private static List<Api> load() {
        try (InputStream in = DeclaredApis.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /**
     * Reads a declaration in the form of {@link #RESOURCE} (the sandbox reads that one; tests read others).
     *
     * @throws IllegalStateException saying where the declaration does not hold together
     */
    public static List<Api> read(InputStream in) {
        Object document = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        List<Api> apis = new ArrayList<>();
        for (Object api : list(map(document, "the document").get("apis"), "apis")) {
            apis.add(api(map(api, "an API")));
        }
        return List.copyOf(apis);
    }

    private static Api api(Map<?, ?> declared) {
        String name = text(declared, "name", "an API");
        String where = "API " + name;
        Map<?, ?> paging = map(declared.get("paging"), where + "'s paging");
        List<Collection> collections = new ArrayList<>();
        for (Object collection : list(declared.get("collections"), where + "'s collections")) {
            collections.add(collection(name, map(collection, "a collection of " + where), collections));
        }
        return new Api(name, text(declared, "basePath", where), text(declared, "spec", where), strings(declared.get("scopes"), where + "'s scopes"),
                number(paging, "default", where + "'s paging"), number(paging, "max", where + "'s paging"),
                List.copyOf(collections));
    }

    private static Collection collection(String apiName, Map<?, ?> declared, List<Collection> before) {
        String name = text(declared, "name", "a collection of API " + apiName);
        String where = "collection " + name + " of " + RESOURCE;
        String path = text(declared, "path", where);
        List<String> segments = List.of(path.split("/"));
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalStateException(where + ": path segment '" + segment + "' is neither a name nor {field}");
            }
        }
        String parent = declared.get("parent") == null ? null : text(declared, "parent", where);
        if (parent != null && before.stream().noneMatch(c -> c.name().equals(parent))) {
            throw new IllegalStateException(where + ": its parent " + parent + " must be declared before it");
        }
        List<Object> count = list(declared.get("count"), where + "'s count");
        if (count.size() != 2 || !(count.get(0) instanceof Integer least) || !(count.get(1) instanceof Integer most)
                || least < 0 || most < least) {
            throw new IllegalStateException(where + ": count must be [least, most], not " + count);
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        map(declared.get("fields"), where + "'s fields").forEach((field, spec) ->
                fields.put(field.toString(), field(spec, where + ", field " + field)));
        String idField = text(declared, "idField", where);
        if (fields.get(idField) == null || !fields.get(idField).kind().equals("uuid")) {
            throw new IllegalStateException(where + ": its idField " + idField + " must be a uuid field");
        }
        for (String segment : segments) {
            String field = Collection.placeholder(segment);
            if (field != null && !fields.containsKey(field)) {
                throw new IllegalStateException(where + ": its path names {" + field + "}, which is not one of its fields");
            }
        }
        return new Collection(name, path, segments, idField, parent, least, most, Collections.unmodifiableMap(fields),
                text(declared, "schema", where), text(declared, "recordSchema", where));
    }

    private static Field field(Object spec, String where) {
        if ("uuid".equals(spec)) {
            return new Field("uuid", List.of(), null);
        }
        Map<?, ?> declared = map(spec, where);
        for (String kind : KINDS) {
            Object value = declared.get(kind);
            if (value == null) {
                continue;
            }
            List<Object> values = value instanceof List<?> l ? List.copyOf(l) : List.of(value);
            Object of = declared.get(kind.equals("after") ? "minutes" : "of");
            if (kind.equals("after")) {
                List<Object> minutes = list(of, where + "'s minutes");
                if (!(value instanceof String) || minutes.size() != 2 || !(minutes.get(0) instanceof Integer least)
                        || !(minutes.get(1) instanceof Integer most) || most < least) {
                    throw new IllegalStateException(where + ": after takes a field and minutes: [least, most]");
                }
                return new Field(kind, List.of(value, minutes.get(0), minutes.get(1)), null);
            }
            if (kind.equals("sum") && !(of instanceof String)) {
                throw new IllegalStateException(where + ": a sum names the collection it sums over (of: <collection>)");
            }
            boolean range = kind.equals("int") || kind.equals("amount") || kind.equals("dateTime");
            if (range && (values.size() != 2 || !(values.get(0) instanceof Integer least)
                    || !(values.get(1) instanceof Integer most) || most < least)) {
                throw new IllegalStateException(where + ": " + kind + " takes [least, most], whole numbers, not " + value);
            }
            if (!range && !kind.equals("pick") && (values.size() != 1 || !(values.get(0) instanceof String))) {
                throw new IllegalStateException(where + ": " + kind + " takes one name, not " + value);
            }
            return new Field(kind, values, of == null ? null : of.toString());
        }
        throw new IllegalStateException(where + ": '" + spec + "' is none of uuid, " + KINDS);
    }

    private static Map<?, ?> map(Object value, String what) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalStateException(RESOURCE + ": " + what + " must be a mapping, not " + value);
        }
        return map;
    }

    private static List<Object> list(Object value, String what) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException(RESOURCE + ": " + what + " must be a non-empty list, not " + value);
        }
        return List.copyOf(list);
    }

    private static List<String> strings(Object value, String what) {
        return list(value, what).stream().map(Object::toString).toList();
    }

    private static String text(Map<?, ?> map, String key, String what) {
        if (!(map.get(key) instanceof String text) || text.isBlank()) {
            throw new IllegalStateException(RESOURCE + ": " + what + " needs " + key);
        }
        return text;
    }

    private static int number(Map<?, ?> map, String key, String what) {
        if (!(map.get(key) instanceof Integer number) || number < 1) {
            throw new IllegalStateException(RESOURCE + ": " + what + " needs " + key + ", a positive whole number");
        }
        return number;
    }
}
