package com.xerosync.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;

class XeroIdentityClientTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Test
    void should_keep_a_token_lifetime_xero_could_mean_and_take_its_30_minutes_for_any_other() {
        assertThat(XeroIdentityClient.lifetime(JSON.numberNode(1800))).isEqualTo(1800);
        assertThat(XeroIdentityClient.lifetime(JSON.numberNode(600))).isEqualTo(600);
        // a lifetime of 0 or less would refresh before every call; a year would use a dead token
        for (var nonsense : new com.fasterxml.jackson.databind.JsonNode[] {JSON.numberNode(0), JSON.numberNode(-5),
                JSON.numberNode(31_536_000), JSON.textNode("soon"), MissingNode.getInstance()}) {
            assertThat(XeroIdentityClient.lifetime(nonsense)).as(nonsense.toString()).isEqualTo(1800);
        }
    }
}
