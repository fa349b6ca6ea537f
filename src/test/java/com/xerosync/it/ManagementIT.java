package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The management server: health and metrics for operators, and Jolokia for Hawtio, read-only. */
class ManagementIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private XeroSyncHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void should_serve_health_metrics_and_a_read_only_jolokia() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("management")));
        harness.sync(List.of("xero-invoices"));

        HttpResponse<String> health = get(harness, "/observe/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        assertThat(get(harness, "/observe/metrics").body()).contains("camel_exchanges_total");

        JsonNode routes = json(jolokia(harness, "{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}"));
        String invoices = null;
        for (JsonNode name : routes.path("value")) {
            if (name.asText().contains("\"xero-invoices\"")) {
                invoices = name.asText();
            }
        }
        assertThat(invoices).as("the route's MBean, among %s", routes).isNotNull();
        JsonNode completed = json(jolokia(harness, "{\"type\":\"read\",\"mbean\":" + quote(invoices)
                + ",\"attribute\":\"ExchangesCompleted\"}"));
        assertThat(completed.path("status").asInt()).isEqualTo(200);
        assertThat(completed.path("value").asLong()).isPositive();

        // nothing changes state through Jolokia: no operation, no attribute written, not even by POST
        JsonNode stop = json(jolokia(harness, "{\"type\":\"exec\",\"mbean\":" + quote(invoices) + ",\"operation\":\"stop()\"}"));
        assertThat(stop.path("status").asInt()).isEqualTo(403);
        JsonNode write = json(jolokia(harness, "{\"type\":\"write\",\"mbean\":" + quote(invoices)
                + ",\"attribute\":\"Tracing\",\"value\":true}"));
        assertThat(write.path("status").asInt()).isEqualTo(403);
        assertThat(harness.runtime().camelContext().getRouteController().getRouteStatus("xero-invoices"))
                .isEqualTo(ServiceStatus.Started);
        JsonNode properties = json(jolokia(harness, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\","
                + "\"attribute\":\"SystemProperties\"}"));
        assertThat(properties.path("status").asInt()).isEqualTo(403);

        // no notification clients either: each registration is kept until it is unregistered, so an open
        // "notification" command lets anyone fill the heap; refused by POST, in a bulk request and by GET
        for (String request : new String[] {"{\"type\":\"notification\",\"command\":\"register\"}",
                "[{\"type\":\"version\"},{\"type\":\"NOTIFICATION\",\"command\":\"register\"}]"}) {
            String answer = jolokia(harness, request);
            assertThat(answer).as(request).doesNotContain("\"id\"");
            assertThat(json(answer).path("status").asInt()).as(answer).isEqualTo(403);
        }
        for (String path : new String[] {"/observe/jolokia/notification/register", "/observe/jolokia/?p=/notification/register",
                "/observe/jolokia//Notification/register"}) {
            HttpResponse<String> viaGet = get(harness, path);
            assertThat(viaGet.body()).as(path).doesNotContain("\"id\"");
            assertThat(json(viaGet.body()).path("status").asInt()).as(path + ": " + viaGet.body()).isEqualTo(403);
        }
        // and what Hawtio needs still answers
        assertThat(json(jolokia(harness, "{\"type\":\"version\"}")).path("status").asInt()).isEqualTo(200);
    }

    static HttpResponse<String> get(XeroSyncHarness harness, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(harness.managementUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts one Jolokia request; Jolokia answers its own status inside the JSON. */
    static String jolokia(XeroSyncHarness harness, String request) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(harness.managementUrl() + "/observe/jolokia"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private static JsonNode json(String text) throws Exception {
        return XeroSyncHarness.JSON.readTree(text);
    }

    private static String quote(String text) {
        return XeroSyncHarness.JSON.valueToTree(text).toString();
    }
}
