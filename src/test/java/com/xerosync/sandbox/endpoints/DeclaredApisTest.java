package com.xerosync.sandbox.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sandbox's declaration of APIs: read as written, and refused where it does not hold together, saying where. */
class DeclaredApisTest {

    private static final String API = """
            apis:
              - name: Things
                basePath: things.xro/1.0
                spec: things.yaml
                scopes: [things.read]
                paging: {default: 10, max: 20}
                collections:
                  - name: Things
                    schema: Things
                    recordSchema: Thing
                    path: Things
                    idField: thingId
                    count: [1, 3]
                    fields:
                      thingId: uuid
                      size: %s
                  - name: Parts
                    schema: Parts
                    recordSchema: Part
                    path: Things/{thingId}/Parts
                    parent: %s
                    idField: partId
                    count: [0, 2]
                    fields:
                      partId: uuid
                      thingId: {parent: thingId}
            """;

    private static List<DeclaredApis.Api> read(String size, String parent) {
        return DeclaredApis.read(new ByteArrayInputStream(API.formatted(size, parent).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void should_read_an_api_its_collections_and_their_fields_in_order() {
        DeclaredApis.Api things = read("{int: [1, 9]}", "Things").get(0);
        assertThat(things.prefix()).isEqualTo("/things.xro/1.0/");
        assertThat(things.maxPageSize()).isEqualTo(20);
        DeclaredApis.Collection parts = things.collections().get(1);
        assertThat(parts.segments()).containsExactly("Things", "{thingId}", "Parts");
        assertThat(parts.fields().keySet()).containsExactly("partId", "thingId");
        assertThat(DeclaredApis.route(things, "Things/abc/Parts")).hasValueSatisfying(r -> {
            assertThat(r.collection()).isEqualTo(parts);
            assertThat(r.parentValues()).containsEntry("thingId", "abc");
            assertThat(r.id()).isNull();
        });
        assertThat(DeclaredApis.route(things, "things/abc/parts/p1")).hasValueSatisfying(r -> assertThat(r.id()).isEqualTo("p1"));
        assertThat(DeclaredApis.route(things, "Things/abc/Other")).isEmpty();
        assertThat(DeclaredApis.route(things, "Things//Parts")).isEmpty();
    }

    @Test
    void should_refuse_a_declaration_that_does_not_hold_together_and_say_where() {
        assertThatThrownBy(() -> read("{int: [9, 1]}", "Things")).hasMessageContaining("field size")
                .hasMessageContaining("[least, most]");
        assertThatThrownBy(() -> read("{colour: red}", "Things")).hasMessageContaining("field size")
                .hasMessageContaining("none of uuid");
        assertThatThrownBy(() -> read("{sum: minutes}", "Things")).hasMessageContaining("of: <collection>");
        assertThatThrownBy(() -> read("{int: [1, 9]}", "Parts")).hasMessageContaining("parent Parts must be declared before");
    }
}
