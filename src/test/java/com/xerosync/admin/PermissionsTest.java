package com.xerosync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.config.ScopeSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The permission list (data, {@code xero-permissions.yaml}) and the routes' own scopes stay one picture: every route
 * is granted by a permission of each scope set, and every permission grants a route, so adding an API with a new
 * scope without listing it (or listing a scope no route uses) fails the build.
 */
class PermissionsTest {

    /** Each templatedRoute's scope alternatives, by route id; routes without a scope need none. */
    private static Map<String, Set<String>> routeScopes() throws IOException {
        Map<String, Set<String>> scopes = new HashMap<>();
        YAMLMapper yaml = new YAMLMapper();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                for (JsonNode entry : yaml.readTree(Files.readString(file))) {
                    JsonNode route = entry.get("templatedRoute");
                    if (route == null) {
                        continue;
                    }
                    String scope = null;
                    for (JsonNode parameter : route.path("parameters")) {
                        if ("scope".equals(parameter.path("name").asString())) {
                            scope = parameter.path("value").asString();
                        }
                    }
                    if (scope == null && "xero-report-sync".equals(route.path("routeTemplateRef").asString())) {
                        scope = "accounting.reports.read"; // the report template's default
                    }
                    if (scope != null && !scope.isBlank()) {
                        scopes.put(route.get("routeId").asString(), Set.of(scope.split("\\|")));
                    }
                }
            }
        }
        assertThat(scopes).hasSizeGreaterThanOrEqualTo(40);
        return scopes;
    }

    @Test
    void should_read_both_lists_from_the_data_file_with_settings_contacts_transactions_and_reports_ticked() {
        assertThat(Permissions.GRANULAR).hasSize(19);
        assertThat(Permissions.BROAD).hasSize(8);
        assertThat(Permissions.BROAD).filteredOn(Permissions.Permission::byDefault)
                .extracting(Permissions.Permission::scope).containsExactly("accounting.settings.read",
                        "accounting.contacts.read", "accounting.transactions.read", "accounting.reports.read");
        assertThat(Permissions.GRANULAR).filteredOn(p -> !p.byDefault()).extracting(Permissions.Permission::scope)
                .containsExactly("accounting.reports.budgetsummary.read", "accounting.journals.read",
                        "accounting.budgets.read", "payroll.employees.read", "projects.read");
        assertThat(Permissions.split(Permissions.defaults(ScopeSet.GRANULAR))).startsWith(Permissions.OFFLINE_ACCESS,
                "accounting.settings.read").contains("accounting.manualjournals.read")
                .doesNotContain("accounting.journals.read", "payroll.employees.read", "projects.read");
    }

    @Test
    void should_grant_every_route_by_a_permission_of_each_set() throws IOException {
        for (ScopeSet set : List.of(ScopeSet.GRANULAR, ScopeSet.BROAD)) {
            Set<String> listed = new HashSet<>();
            Permissions.of(set).forEach(p -> listed.add(p.scope()));
            routeScopes().forEach((route, scopes) -> assertThat(scopes).as(route + " in the " + set + " list")
                    .containsAnyElementsOf(listed));
        }
    }

    @Test
    void should_list_only_permissions_that_grant_a_route() throws IOException {
        Set<String> granting = new HashSet<>();
        routeScopes().values().forEach(granting::addAll);
        for (ScopeSet set : List.of(ScopeSet.GRANULAR, ScopeSet.BROAD)) {
            assertThat(Permissions.of(set)).extracting(Permissions.Permission::scope).as(set + " permissions")
                    .allSatisfy(scope -> assertThat(granting).contains(scope));
        }
    }
}
