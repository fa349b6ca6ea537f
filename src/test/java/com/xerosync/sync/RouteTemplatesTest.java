package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routes in {@code routes/} as a contract, checked in the build rather than when a route starts: every file is
 * valid Camel YAML DSL (Camel's own schema, shipped in camel-yaml-dsl), each template declares exactly what
 * {@link SyncApi} reads with a description for each, and every templatedRoute names only declared parameters, gives
 * the required ones and reads as a valid API.
 */
class RouteTemplatesTest {

    private static final Path ROUTES = Path.of("routes");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]+)}}");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static Schema camelYamlDsl;
    private static Map<Path, String> files;
    private static Properties settings;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream schema = RouteTemplatesTest.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            assertThat(schema).as("camel-yaml-dsl ships its schema").isNotNull();
            camelYamlDsl = SchemaRegistry.withDialect(Dialects.getDraft4()).getSchema(schema, InputFormat.JSON);
        }
        files = new LinkedHashMap<>();
        try (Stream<Path> paths = Files.list(ROUTES)) {
            for (Path path : paths.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                files.put(path, Files.readString(path));
            }
        }
        settings = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("application.properties"))) {
            settings.load(reader);
        }
    }

    @Test
    void should_find_every_route_file_valid_camel_yaml_dsl() {
        assertThat(files).hasSizeGreaterThanOrEqualTo(10);
        files.forEach((path, yaml) -> assertThat(problems(yaml)).as(path.toString()).isEmpty());
    }

    /**
     * What Camel's schema finds wrong, but for a whole {@code {{placeholder}}} where it types a boolean or a number:
     * Camel resolves those before it reads the value ({@code autoStartup: "{{enabled}}"}).
     */
    private static List<Error> problems(String yaml) {
        return camelYamlDsl.validate(yaml, InputFormat.YAML).stream()
                .filter(e -> !("type".equals(e.getKeyword()) && e.getInstanceNode() != null && e.getInstanceNode().isString()
                        && PLACEHOLDER.matcher(e.getInstanceNode().asString()).matches()))
                .toList();
    }

    @Test
    void should_refuse_a_misspelt_step_or_option() {
        String misspeltStep = "- route:\n    from:\n      uri: direct:a\n      steps:\n        - tooo: direct:b\n";
        String unknownOption = "- route:\n    from:\n      uri: direct:a\n      steps:\n        - to:\n            uri: direct:b\n"
                + "            retries: 3\n";
        String valid = "- route:\n    from:\n      uri: direct:a\n      steps:\n        - to: direct:b\n";
        String placeholder = "- route:\n    autoStartup: \"{{enabled}}\"\n    from:\n      uri: direct:a\n      steps:\n"
                + "        - to: direct:b\n";
        String notBoolean = placeholder.replace("{{enabled}}", "sometimes");
        assertThat(problems(valid)).isEmpty();
        assertThat(problems(placeholder)).isEmpty();
        assertThat(problems(notBoolean)).isNotEmpty();
        assertThat(problems(misspeltStep)).isNotEmpty();
        assertThat(problems(unknownOption)).isNotEmpty();
    }

    @Test
    void should_declare_in_each_template_exactly_what_the_java_reads_each_with_a_description() throws IOException {
        Map<String, Map<String, JsonNode>> templates = templates();
        assertThat(templates.get("xero-api-sync").keySet())
                .containsExactlyInAnyOrderElementsOf(union(SyncApi.LISTING_PARAMETERS, SyncApi.ROUTE_PARAMETERS));
        assertThat(templates.get("xero-report-sync").keySet())
                .containsExactlyInAnyOrderElementsOf(union(SyncApi.REPORT_PARAMETERS, SyncApi.ROUTE_PARAMETERS));
        templates.forEach((id, parameters) -> parameters.forEach((name, parameter) ->
                assertThat(parameter.path("description").asString("")).as(id + " parameter " + name + "'s description")
                        .isNotBlank()));
    }

    @Test
    void should_use_in_a_template_body_only_its_declared_parameters_or_settings() throws IOException {
        for (JsonNode entry : entries()) {
            JsonNode template = entry.get("routeTemplate");
            if (template == null) {
                continue;
            }
            Set<String> declared = new HashSet<>();
            template.path("parameters").forEach(p -> declared.add(p.get("name").asString()));
            Matcher used = PLACEHOLDER.matcher(template.get("route").toString());
            while (used.find()) {
                String name = used.group(1);
                assertThat(declared.contains(name) || settings.containsKey(name))
                        .as(template.get("id").asString() + " uses {{" + name + "}}").isTrue();
            }
        }
    }

    @Test
    void should_find_every_templated_route_a_valid_api_of_its_template() throws IOException {
        Map<String, Map<String, JsonNode>> templates = templates();
        int apis = 0;
        for (JsonNode entry : entries()) {
            JsonNode route = entry.get("templatedRoute");
            if (route == null) {
                continue;
            }
            String routeId = route.get("routeId").asString();
            Map<String, JsonNode> declared = templates.get(route.get("routeTemplateRef").asString());
            assertThat(declared).as(routeId + "'s template").isNotNull();
            Map<String, Object> parameters = new HashMap<>();
            declared.forEach((name, p) -> {
                if (p.has("defaultValue")) {
                    parameters.put(name, p.get("defaultValue").asString());
                }
            });
            for (JsonNode given : route.path("parameters")) {
                String name = given.get("name").asString();
                assertThat(declared).as(routeId + " gives " + name).containsKey(name);
                parameters.put(name, resolve(given.get("value").asString()));
            }
            declared.forEach((name, p) -> assertThat(p.has("defaultValue") || parameters.containsKey(name))
                    .as(routeId + " gives the required " + name).isTrue());
            SyncApi api = SyncApi.fromTemplateParameters(parameters);
            assertThat(api.routeId()).isEqualTo(routeId);
            apis++;
        }
        assertThat(apis).as("templated routes").isGreaterThanOrEqualTo(40);
    }

    @Test
    void should_refuse_a_parameter_the_template_does_not_declare() {
        Map<String, Object> parameters = new HashMap<>(Map.of("api", "invoices", "endpoint", "Invoices",
                "collection", "Invoices", "table", "invoices", "idField", "InvoiceID", "offsetFeild", "InvoiceNumber"));
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(parameters)).hasMessageContaining("offsetFeild")
                .hasMessageContaining("xero-api-sync");
        Map<String, Object> report = new HashMap<>(Map.of("api", "profit-and-loss", "endpoint", "Reports/ProfitAndLoss",
                "table", "profit_and_loss"));
        assertThatThrownBy(() -> SyncApi.fromTemplateParameters(report)).hasMessageContaining("'table'")
                .hasMessageContaining("xero-report-sync");
    }

    /** A value as the route reads it: {{setting}} placeholders from application.properties. */
    private static String resolve(String value) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String setting = settings.getProperty(placeholder.group(1));
            assertThat(setting).as("setting " + placeholder.group(1)).isNotNull();
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(setting));
        }
        return placeholder.appendTail(resolved).toString();
    }

    private static List<JsonNode> entries() throws IOException {
        List<JsonNode> entries = new java.util.ArrayList<>();
        for (String yaml : files.values()) {
            YAML.readTree(yaml).forEach(entries::add);
        }
        return entries;
    }

    /** Each template's declared parameters by name. */
    private static Map<String, Map<String, JsonNode>> templates() throws IOException {
        Map<String, Map<String, JsonNode>> templates = new HashMap<>();
        for (JsonNode entry : entries()) {
            JsonNode template = entry.get("routeTemplate");
            if (template != null) {
                Map<String, JsonNode> parameters = new LinkedHashMap<>();
                template.path("parameters").forEach(p -> parameters.put(p.get("name").asString(), p));
                templates.put(template.get("id").asString(), parameters);
            }
        }
        assertThat(templates).containsKeys("xero-api-sync", "xero-report-sync");
        return templates;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        return union;
    }
}
