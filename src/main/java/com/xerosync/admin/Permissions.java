package com.xerosync.admin;

import com.xerosync.config.ScopeSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The permission list the admin picks from when connecting, in Xero's two scope sets ({@link ScopeSet}): the granular
 * scopes, the only ones an app created on or after 2 March 2026 is offered (the default), and the broad scopes of older
 * apps. In both, settings, contacts, transactions and reports are ticked by default; journals, budgets (with the budget
 * summary report) and AU payroll are optional and not ticked, since an app must be allowed them. {@code offline_access}
 * is always asked for: without it there is no refresh token and the sync would stop after 30 minutes. The lists are
 * data ({@code src/main/resources/xero-permissions.yaml}); each route names the scopes that grant it, broad or granular.
 */
public final class Permissions {

    public static final String OFFLINE_ACCESS = "offline_access";

    /** One scope on the list: what it lets xero-sync read, and whether it is ticked until the admin chooses. */
    public record Permission(String scope, String reads, boolean byDefault) {
    }

    /** Where the lists are: data, so that a new scope is a line there, not code. */
    static final String RESOURCE = "/xero-permissions.yaml";

    public static final List<Permission> GRANULAR = load("granular");
    public static final List<Permission> BROAD = load("broad");

    private Permissions() {
    }

    /** One set's list from {@link #RESOURCE}; a list that cannot be read stops the start, saying which. */
    private static List<Permission> load(String set) {
        try (InputStream in = Permissions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            Object document = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
            if (!(document instanceof Map<?, ?> sets) || !(sets.get(set) instanceof List<?> items) || items.isEmpty()) {
                throw new IllegalStateException(RESOURCE + " has no list '" + set + "'");
            }
            List<Permission> permissions = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof Map<?, ?> p) || !(p.get("scope") instanceof String scope) || scope.isBlank()
                        || !(p.get("reads") instanceof String reads) || !(p.get("default") instanceof Boolean byDefault)) {
                    throw new IllegalStateException(RESOURCE + ": each permission of '" + set + "' needs a scope, what "
                            + "it reads and whether it is ticked by default (default: true or false); " + item + " has not");
                }
                permissions.add(new Permission(scope, reads, byDefault));
            }
            return List.copyOf(permissions);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** The permission list of a scope set. */
    public static List<Permission> of(ScopeSet set) {
        return set == ScopeSet.GRANULAR ? GRANULAR : BROAD;
    }

    /** The scopes ticked until the admin chooses: the set's default permissions, with offline_access. */
    public static String defaults(ScopeSet set) {
        return scopes(of(set).stream().filter(Permission::byDefault).map(Permission::scope).toList(), set);
    }

    /** Every permission of the set, the optional ones included (the demo's, so it syncs every API). */
    public static String everything(ScopeSet set) {
        return scopes(of(set).stream().map(Permission::scope).toList(), set);
    }

    /**
     * The scopes to ask for: the chosen ones that are on the set's list, with offline_access, space-separated, in list
     * order. A scope of the other set is left out, so a connect never asks a new app for a broad scope.
     */
    public static String scopes(List<String> chosen, ScopeSet set) {
        Set<String> known = new LinkedHashSet<>();
        known.add(OFFLINE_ACCESS);
        of(set).stream().map(Permission::scope).filter(chosen::contains).forEach(known::add);
        return String.join(" ", known);
    }

    /** The permissions of a set the scope string names, in words, for messages: "accounting.invoices.read (invoices…)". */
    public static String named(String scope, ScopeSet set) {
        return of(set).stream().filter(p -> p.scope().equals(scope)).findFirst()
                .map(p -> scope + " (" + p.reads() + ")").orElse(scope);
    }

    /** Whether a granted scope string covers every chosen scope. */
    public static boolean covers(String granted, String chosen) {
        Set<String> have = split(granted);
        return have.containsAll(split(chosen));
    }

    public static Set<String> split(String scopes) {
        return scopes == null || scopes.isBlank() ? Set.of()
                : Arrays.stream(scopes.trim().split("\\s+")).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
