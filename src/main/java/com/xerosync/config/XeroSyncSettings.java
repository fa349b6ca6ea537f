package com.xerosync.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The effective configuration: {@code application.properties} (the copy packaged in the jar, every key with its
 * default, under the working directory's one), overridden by environment variables ({@code db.url} ← {@code DB_URL}), overridden by system properties
 * ({@code -Ddb.url=…}). Secrets exist only in the environment and are never part of {@link #asProperties()}.
 */
public final class XeroSyncSettings {

    /** Keys whose values must come from the environment only, never from a file. */
    private static final Map<String, String> SECRET_ENV = Map.of(
            "db.password", "DB_PASSWORD",
            "xero.client-secret", "XERO_CLIENT_SECRET",
            "xero.refresh-token", "XERO_REFRESH_TOKEN",
            "xero.token-key", "XERO_SYNC_TOKEN_KEY",
            "admin.password", "ADMIN_PASSWORD");

    /** The namespaces of the service's own keys: a key in them that the service does not know stops the start. */
    public static final java.util.List<String> NAMESPACES = java.util.List.of("xero.", "sync.", "db.", "admin.",
            "sandbox.", "health.", "operate.", "cluster.");

    private final Map<String, String> values;
    private final Map<String, String> env;
    /** Secrets given as properties (file, -D): ignored, and named at start. */
    private final java.util.Set<String> ignoredSecrets;

    private XeroSyncSettings(Map<String, String> values, Map<String, String> env, java.util.Set<String> ignoredSecrets) {
        this.values = values;
        this.env = env;
        this.ignoredSecrets = ignoredSecrets;
    }

    /**
     * Loads the configuration the way the command line does: the packaged {@code application.properties} holds every
     * key with its default, and the working directory's one, when there is one, overrides what it sets.
     */
    public static XeroSyncSettings load(Map<String, String> overrides) {
        return load(Path.of("application.properties"), overrides);
    }

    /** As {@link #load(Map)}, with the working directory's file at {@code local}. */
    static XeroSyncSettings load(Path local, Map<String, String> overrides) {
        Properties file = new Properties();
        try {
            try (InputStream in = XeroSyncSettings.class.getResourceAsStream("/application.properties")) {
                if (in != null) {
                    file.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                }
            }
            if (Files.isRegularFile(local)) {
                try (Reader in = Files.newBufferedReader(local, StandardCharsets.UTF_8)) {
                    file.load(in);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read application.properties: " + e.getMessage(), e);
        }
        return of(file, System.getenv(), System.getProperties(), overrides);
    }

    /** Builds settings from explicit sources; later sources win. */
    public static XeroSyncSettings of(Properties file, Map<String, String> env, Properties system,
                                      Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>();
        file.stringPropertyNames().forEach(k -> values.put(k, file.getProperty(k).trim()));
        for (String key : values.keySet().toArray(String[]::new)) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        // the documented database variables work even when the key is commented out in the file
        for (String key : new String[] {"db.url", "db.user"}) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        for (String key : system.stringPropertyNames()) {
            // every key the file names, and the families of keys it may leave out (the JVM's own are not ours)
            if (file.containsKey(key) || key.startsWith("camel.") || NAMESPACES.stream().anyMatch(key::startsWith)) {
                values.put(key, system.getProperty(key));
            }
        }
        values.putAll(overrides);
        java.util.Set<String> ignoredSecrets = new java.util.TreeSet<>();
        for (String secret : SECRET_ENV.keySet()) {
            if (values.remove(secret) != null) {
                ignoredSecrets.add(secret);
            }
        }
        return new XeroSyncSettings(values, env, ignoredSecrets);
    }

    /** {@code db.url} → {@code DB_URL}, {@code xero.api-url} → {@code XERO_API_URL}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Optional<String> get(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalStateException(
                "Missing configuration '" + key + "': set it in application.properties, as -D" + key
                        + "=… or in the environment variable " + envName(key)));
    }

    public int getInt(String key, int defaultValue) {
        return get(key).map(v -> parse(key, v, Integer::parseInt)).orElse(defaultValue);
    }

    /** A whole number that must lie within {@code min..max}; outside, the start fails naming the key and the range. */
    public int getInt(String key, int defaultValue, int min, int max) {
        int value = getInt(key, defaultValue);
        if (value < min || value > max) {
            throw new IllegalStateException("Configuration '" + key + "' has an invalid value '" + value + "': allowed are "
                    + min + " to " + max);
        }
        return value;
    }

    public long getLong(String key, long defaultValue) {
        return get(key).map(v -> parse(key, v, Long::parseLong)).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        // only true or false: Boolean.parseBoolean would read a typo such as "ture" or "yes" as false without a word
        return get(key).map(v -> parse(key, v, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("allowed are true and false");
        })).orElse(defaultValue);
    }

    /** Durations as ISO-8601 ({@code PT30M}) or plain seconds. */
    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> parse(key, v,
                s -> s.startsWith("P") || s.startsWith("p") ? Duration.parse(s) : Duration.ofSeconds(Long.parseLong(s))))
                .orElse(defaultValue);
    }

    /** A secret, read from its environment variable only. */
    public Optional<String> secret(String key) {
        String name = SECRET_ENV.get(key);
        if (name == null) {
            throw new IllegalArgumentException(key + " is not a secret key");
        }
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public static String secretEnvName(String key) {
        return SECRET_ENV.get(key);
    }

    /** Every non-secret key, for Camel's property placeholders. */
    public Properties asProperties() {
        Properties properties = new Properties();
        values.forEach(properties::setProperty);
        return properties;
    }

    /** Every key set (secrets excluded), sorted. */
    public java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(values.keySet());
    }

    /** Secret keys given as properties rather than in the environment: ignored. */
    public java.util.Set<String> ignoredSecrets() {
        return ignoredSecrets;
    }

    /** A copy with some keys replaced. */
    public XeroSyncSettings with(Map<String, String> replaced) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.putAll(replaced);
        return new XeroSyncSettings(copy, env, ignoredSecrets);
    }

    private interface Parser<T> {
        T parse(String s);
    }

    private static <T> T parse(String key, String value, Parser<T> parser) {
        try {
            return parser.parse(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalStateException("Configuration '" + key + "' has an invalid value '" + value + "'"
                    + (e.getMessage() != null && e.getMessage().startsWith("allowed") ? ": " + e.getMessage() : ""), e);
        }
    }
}
