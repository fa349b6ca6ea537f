package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import com.xerosync.sandbox.XeroSandboxTest.Api;
import com.xerosync.sandbox.endpoints.DeclaredApis;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.dataformat.yaml.YAMLMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The APIs the sandbox serves from its declaration ({@code sandbox-apis.yaml}), over HTTP: every listing and record
 * valid against the API's own OpenAPI document (its schema, and no field the schema does not declare), paging as the
 * declaration says, parents in the path, sums over the records below, scopes and errors.
 */
class XeroSandboxDeclaredApisTest {

    private static final Path SPEC_DIR = Path.of(System.getProperty("openapi.dir", "src/test/resources/xero-openapi"));

    private static XeroSandbox sandbox;
    private static Api api;
    private static String everything;
    private static String tenant;

    @BeforeAll
    static void start() {
        sandbox = new XeroSandbox(XeroSandboxTest.SMALL).start(0);
        api = new Api(sandbox);
        everything = XeroSandboxTest.tokenFor(api, "");
        tenant = sandbox.tenantIds().get(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void should_serve_every_declared_collection_as_its_spec_says_and_as_records_holds_it() throws IOException {
        assertThat(DeclaredApis.ALL).isNotEmpty();
        for (DeclaredApis.Api declared : DeclaredApis.ALL) {
            Path specFile = SPEC_DIR.resolve(declared.spec()).toAbsolutePath().normalize();
            String specIri = specFile.toUri().toString();
            String yaml = Files.readString(specFile);
            SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(),
                    builder -> builder.schemas(Map.of(specIri, yaml)));
            JsonNode spec = Api.JSON.readTree(new YAMLMapper().readTree(yaml).toString());
            for (DeclaredApis.Collection collection : declared.collections()) {
                for (String tenantId : sandbox.tenantIds()) {
                    List<JsonNode> records = served(tenantId, collection.name());
                    assertThat(records).as(collection.name()).isNotEmpty();
                    // every listing a record is in: its path with the record's own parent fields
                    Set<String> listings = new LinkedHashSet<>();
                    records.forEach(r -> listings.add(listingPath(declared, collection, r)));
                    List<JsonNode> served = new ArrayList<>();
                    for (String listing : listings) {
                        JsonNode body = valid(registry, specIri, spec, listing + "?page=1&pageSize=" + declared.maxPageSize(),
                                collection.schema(), tenantId);
                        assertThat(body.get("pagination").get("itemCount").asInt()).isEqualTo(body.get("items").size());
                        body.get("items").forEach(served::add);
                    }
                    assertThat(served).as(collection.name()).containsExactlyInAnyOrderElementsOf(records);
                    JsonNode first = records.get(0);
                    JsonNode single = valid(registry, specIri, spec, listingPath(declared, collection, first) + "/"
                            + first.get(collection.idField()).asText(), collection.recordSchema(), tenantId);
                    assertThat(single).isEqualTo(first);
                }
            }
        }
    }

    @Test
    void should_page_by_page_and_page_size_within_the_declared_maximum() {
        DeclaredApis.Api projects = DeclaredApis.apiOf("/projects.xro/2.0/");
        List<JsonNode> all = served(tenant, "Projects");
        assertThat(all.size()).isGreaterThan(1);
        List<JsonNode> paged = new ArrayList<>();
        for (int page = 1; page <= all.size(); page++) {
            JsonNode body = api.json(api.get("/projects.xro/2.0/Projects?page=" + page + "&pageSize=1", everything, tenant));
            assertThat(body.get("pagination").get("pageCount").asInt()).isEqualTo(all.size());
            assertThat(body.get("pagination").get("itemCount").asInt()).isEqualTo(all.size());
            body.get("items").forEach(paged::add);
        }
        assertThat(paged).containsExactlyElementsOf(all);
        JsonNode defaults = api.json(api.get("/projects.xro/2.0/Projects", everything, tenant));
        assertThat(defaults.get("pagination").get("pageSize").asInt()).isEqualTo(projects.defaultPageSize());
        HttpResponse<String> tooBig = api.get("/projects.xro/2.0/Projects?pageSize=" + (projects.maxPageSize() + 1),
                everything, tenant);
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(api.json(tooBig).get("message").asText()).contains("between 1 and " + projects.maxPageSize());
    }

    @Test
    void should_sum_the_minutes_of_the_time_entries_below_a_project_and_a_task() {
        for (ObjectNode project : sandbox.records(tenant, "Projects").toList()) {
            String id = project.get("projectId").asText();
            long minutes = sandbox.records(tenant, "ProjectTime").filter(t -> t.get("projectId").asText().equals(id))
                    .mapToLong(t -> t.get("duration").asLong()).sum();
            assertThat(project.get("minutesLogged").asLong()).as(id).isEqualTo(minutes);
            assertThat(project.get("currencyCode").asText()).isEqualTo("AUD");
        }
        ObjectNode task = sandbox.records(tenant, "ProjectTasks").findFirst().orElseThrow();
        long taskMinutes = sandbox.records(tenant, "ProjectTime")
                .filter(t -> t.get("taskId").asText().equals(task.get("taskId").asText()))
                .mapToLong(t -> t.get("duration").asLong()).sum();
        assertThat(task.get("totalMinutes").asLong()).isEqualTo(taskMinutes);
        assertThat(sandbox.records(tenant, "ProjectTime")).allSatisfy(t -> assertThat(
                t.get("dateEnteredUtc").asText()).isGreaterThan(t.get("dateUtc").asText()));
    }

    @Test
    void should_answer_401_without_a_projects_scope_and_404_for_an_unknown_project() {
        String accountingOnly = XeroSandboxTest.tokenFor(api, "accounting.settings.read");
        assertThat(api.get("/projects.xro/2.0/Projects", accountingOnly, tenant).statusCode()).isEqualTo(401);
        String projectsOnly = XeroSandboxTest.tokenFor(api, "projects.read");
        assertThat(api.get("/projects.xro/2.0/Projects", projectsOnly, tenant).statusCode()).isEqualTo(200);
        HttpResponse<String> unknown = api.get("/projects.xro/2.0/Projects/00000000-0000-4000-8000-000000000000/Tasks",
                everything, tenant);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.json(unknown).get("message").asText()).contains("projectId");
        assertThat(api.get("/projects.xro/2.0/Nothing", everything, tenant).statusCode()).isEqualTo(404);
    }

    @Test
    void should_strike_a_declared_collection_with_a_fault_named_after_it_and_count_its_calls() {
        sandbox.resetCounters();
        sandbox.failEndpoint("ProjectTasks", 503);
        try {
            String project = sandbox.records(tenant, "Projects").findFirst().orElseThrow().get("projectId").asText();
            assertThat(api.get("/projects.xro/2.0/Projects/" + project + "/Tasks", everything, tenant).statusCode())
                    .isEqualTo(503);
            assertThat(api.get("/projects.xro/2.0/Projects", everything, tenant).statusCode()).isEqualTo(200);
            assertThat(sandbox.apiCalls(tenant, "ProjectTasks")).isEqualTo(1);
            assertThat(sandbox.apiCalls(tenant, "Projects/{projectId}/Tasks")).isEqualTo(1);
        } finally {
            sandbox.clearFailures();
        }
    }

    /** A collection's records as the sandbox holds them, read as a client reads them (through text). */
    private static List<JsonNode> served(String tenantId, String collection) {
        return sandbox.records(tenantId, collection).map(r -> {
            try {
                return Api.JSON.readTree(r.toString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
    }

    /** The collection's path with the record's own values in its {@code {field}} segments. */
    private static String listingPath(DeclaredApis.Api declared, DeclaredApis.Collection collection, JsonNode record) {
        StringBuilder path = new StringBuilder(declared.prefix());
        for (String segment : collection.segments()) {
            String field = DeclaredApis.Collection.placeholder(segment);
            path.append(field == null ? segment : record.get(field).asText()).append('/');
        }
        return path.substring(0, path.length() - 1);
    }

    private static JsonNode valid(SchemaRegistry registry, String specIri, JsonNode spec, String path, String schema,
                                  String tenantId) {
        HttpResponse<String> response = api.get(path, everything, tenantId);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(registry.getSchema(SchemaLocation.of(specIri + "#/components/schemas/" + schema))
                .validate(response.body(), InputFormat.JSON)).as(path).isEmpty();
        JsonNode body = api.json(response);
        List<String> undeclared = new ArrayList<>();
        undeclared(spec, body, spec.at("/components/schemas/" + schema), "", undeclared);
        assertThat(undeclared).as(path).isEmpty();
        return body;
    }

    /** Fields the schema does not declare (OpenAPI 3.0 schemas allow any): each one's path. */
    private static void undeclared(JsonNode spec, JsonNode value, JsonNode schema, String path, List<String> problems) {
        JsonNode resolved = schema;
        while (resolved.has("$ref")) {
            resolved = spec.at(resolved.get("$ref").asText().substring(1));
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                undeclared(spec, value.get(i), resolved.path("items"), path + "/" + i, problems);
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); value.isObject() && fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode property = resolved.path("properties").get(field.getKey());
            if (property == null) {
                problems.add(path + "/" + field.getKey() + " is not declared in the schema");
            } else {
                undeclared(spec, field.getValue(), property, path + "/" + field.getKey(), problems);
            }
        }
    }
}
