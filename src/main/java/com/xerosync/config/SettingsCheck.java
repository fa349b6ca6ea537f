package com.xerosync.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.quartz.CronExpression;

/**
 * Checks the configuration before anything starts, and fails with every mistake at once, each naming its key and what
 * is allowed: keys of the service's namespaces it does not know (with the nearest known key), crons Quartz cannot
 * read, ports, pool sizes and thread counts out of range, values outside their choices, secrets given where they are
 * not read. A misspelt key would otherwise be ignored without a word, and {@code xero.clientid} would sync the sandbox
 * into a production database.
 *
 * <p>The known keys are those {@code application.properties} names, set or commented out: it documents every key.
 */
public final class SettingsCheck {

    /** A key line of application.properties, set ({@code key = value}) or shown commented out ({@code # key = value}). */
    private static final Pattern KEY_LINE = Pattern.compile("^#?\\s*([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+)\\s*=", Pattern.MULTILINE);
    /** Keys read although the file does not show them (for tests and special set-ups). */
    private static final Set<String> UNLISTED = Set.of("db.connect-timeout-ms", "sync.routes");
    private static final Set<String> PORTS = Set.of("camel.server.port", "camel.management.port", "sandbox.port",
            "db.embedded.port");
    /** Counts that must be at least 1, with their upper bound. */
    private static final Map<String, Integer> COUNTS = Map.of("db.pool-size", 1000, "sync.runs-at-once", 1000, "sync.threads", 10_000,
            "health.failures-in-a-row", 1_000_000, "xero.limits.concurrent", 1000, "xero.limits.per-minute", 1_000_000,
            "xero.limits.per-day", 100_000_000, "xero.limits.app-per-minute", 100_000_000, "sync.once-timeout", 31_536_000,
            "xero.retry.max-attempts", 100);
    /** Numbers with a range of their own: Xero's page sizes, the page's byte bound, the retries' delays (ms). */
    private static final Map<String, long[]> RANGES = Map.of(
            "sync.page-size", new long[] {1, 1000},
            "sync.day-budget.transactions-reserve", new long[] {0, 100},
            "sync.day-budget.settings-reserve", new long[] {0, 100},
            "sync.day-budget.reports-share", new long[] {0, 100},
            "sync.max-page-bytes", new long[] {10_000, 1_000_000_000},
            "xero.retry.initial-delay-ms", new long[] {0, 3_600_000},
            "xero.retry.max-delay-ms", new long[] {0, 86_400_000});
    private static final Map<String, List<String>> CHOICES = Map.of(
            "xero.auth-mode", List.of("refresh-token", "client-credentials"),
            "xero.scope-set", List.of("granular", "broad"));

    private final Set<String> known;

    public SettingsCheck(Set<String> known) {
        this.known = known;
    }

    /** The keys the packaged application.properties documents. */
    public static SettingsCheck ofPackagedFile() {
        try (InputStream in = SettingsCheck.class.getResourceAsStream("/application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is missing from the jar");
            }
            return new SettingsCheck(keysOf(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> keysOf(String propertiesFile) {
        Set<String> keys = new TreeSet<>(UNLISTED);
        Matcher line = KEY_LINE.matcher(propertiesFile);
        while (line.find()) {
            keys.add(line.group(1));
        }
        return keys;
    }

    /** Throws {@link IllegalStateException} listing every mistake, one per line. */
    public void check(XeroSyncSettings settings) {
        List<String> mistakes = new ArrayList<>();
        for (String key : settings.keys()) {
            if (XeroSyncSettings.NAMESPACES.stream().anyMatch(key::startsWith) && !known.contains(key)) {
                mistakes.add("'" + key + "' is not a key of xero-sync" + suggestion(key)
                        + " (application.properties lists every key)");
            }
        }
        for (String secret : settings.ignoredSecrets()) {
            mistakes.add("'" + secret + "' is a secret, read only from the environment variable "
                    + XeroSyncSettings.secretEnvName(secret) + ", never from a file or -D: set it there and remove it here");
        }
        for (String key : settings.keys()) {
            String value = settings.get(key).orElse(null);
            if (value == null) {
                continue;
            }
            if (key.startsWith("sync.") && key.endsWith(".cron") && !CronExpression.isValidExpression(value)) {
                mistakes.add("'" + key + "' = '" + value + "' is not a Quartz cron" + cronProblem(value) + ": six or seven "
                        + "fields, second minute hour day-of-month month day-of-week [year], e.g. 0 */5 * * * ?");
            }
            if (PORTS.contains(key)) {
                checkRange(mistakes, key, value, 0, 65_535, " (0 = any free port)");
            }
            if (COUNTS.containsKey(key)) {
                checkRange(mistakes, key, value, 1, COUNTS.get(key), "");
            }
            if (RANGES.containsKey(key)) {
                checkRange(mistakes, key, value, RANGES.get(key)[0], RANGES.get(key)[1], "");
            }
            if (CHOICES.containsKey(key) && !CHOICES.get(key).contains(value.trim().toLowerCase(Locale.ROOT))) {
                mistakes.add("'" + key + "' = '" + value + "': allowed are " + String.join(" and ", CHOICES.get(key)));
            }
        }
        if (!mistakes.isEmpty()) {
            throw new IllegalStateException("The configuration has " + (mistakes.size() == 1 ? "a mistake" : mistakes.size()
                    + " mistakes") + "; nothing was started:\n  - " + String.join("\n  - ", mistakes));
        }
    }

    private static void checkRange(List<String> mistakes, String key, String value, long min, long max, String note) {
        try {
            long number = Long.parseLong(value.trim());
            if (number < min || number > max) {
                mistakes.add("'" + key + "' = '" + value + "': allowed are " + min + " to " + max + note);
            }
        } catch (NumberFormatException e) {
            mistakes.add("'" + key + "' = '" + value + "' is not a whole number: allowed are " + min + " to " + max + note);
        }
    }

    private static String cronProblem(String cron) {
        try {
            CronExpression.validateExpression(cron);
            return "";
        } catch (java.text.ParseException e) {
            return " (" + e.getMessage() + ")";
        }
    }

    /** ", did you mean 'xero.client-id'?" for the nearest known key, when one is near enough to be the one meant. */
    private String suggestion(String key) {
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return known.stream().min(Comparator.comparingInt((String k) -> distance.apply(k, key)).thenComparing(k -> k))
                .filter(k -> distance.apply(k, key) <= Math.max(2, key.length() / 4))
                .map(k -> ": did you mean '" + k + "'?").orElse("");
    }
}
