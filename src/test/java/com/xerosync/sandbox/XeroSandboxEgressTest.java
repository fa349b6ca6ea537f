package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.sandbox.XeroSandboxTest.Api;
import com.xerosync.sandbox.http.CompressingExchange;
import com.xerosync.sandbox.settings.SandboxSettings;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox answers gzip when asked, as Xero's gateway does, counts what it sends, and honours If-Modified-Since. */
class XeroSandboxEgressTest {

    private static final SandboxSettings SMALL = SandboxSettings.defaults().withContacts(10).withInvoices(40);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static XeroSandbox sandbox;
    private static String token;
    private static String tenant;

    @BeforeAll
    static void start() {
        sandbox = new XeroSandbox(SMALL).start(0);
        token = new Api(sandbox).authorizationCode().get("access_token").asText();
        tenant = sandbox.tenantIds().get(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void should_answer_gzip_only_when_asked_and_the_same_json_either_way() throws Exception {
        HttpResponse<byte[]> plain = get("/api.xro/2.0/Invoices?page=1", null);
        HttpResponse<byte[]> gzip = get("/api.xro/2.0/Invoices?page=1", "gzip, deflate");
        HttpResponse<byte[]> refused = get("/api.xro/2.0/Invoices?page=1", "gzip;q=0, identity");

        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        // the same answer but for the envelope's DateTimeUTC, the time it was sent
        assertThat(withoutSendingTime(gunzip(gzip.body()))).isEqualTo(withoutSendingTime(plain.body()));
        assertThat(gzip.body().length).as("compressed").isLessThan(plain.body().length / 4);
        // errors are compressed too
        HttpResponse<byte[]> missing = get("/api.xro/2.0/Invoices/00000000-0000-0000-0000-000000000000", "gzip");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(new String(gunzip(missing.body()), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("The resource you're looking for cannot be found");
    }

    @Test
    void should_count_the_bytes_it_sent_per_organisation_as_they_went_over_the_wire() throws Exception {
        String other = sandbox.tenantIds().get(1);
        long before = sandbox.bytesSent(tenant);
        long otherBefore = sandbox.bytesSent(other);
        long received = 0;
        for (String path : List.of("Invoices?page=1", "Accounts", "Contacts?page=1", "Nothing")) {
            received += get("/api.xro/2.0/" + path, "gzip").body().length;
        }
        received += get("/api.xro/2.0/Items", null).body().length;

        assertThat(sandbox.bytesSent(tenant) - before).isEqualTo(received);
        assertThat(sandbox.bytesSent(other)).isEqualTo(otherBefore);
    }

    @Test
    void should_return_only_what_changed_since_if_modified_since_on_accounts_items_users_and_bank_transfers() {
        Api api = new Api(sandbox);
        for (String collection : List.of("Accounts", "Items", "Users", "BankTransfers")) {
            String path = "/api.xro/2.0/" + collection + ("BankTransfers".equals(collection) ? "?includeDeleted=true" : "");
            JsonNode all = api.getOk(path, token, tenant).get(collection);
            assertThat(all).as(collection).isNotEmpty();
            // nothing changed since the sandbox started
            String now = XeroSandboxTest.ims(System.currentTimeMillis());
            assertThat(api.getOk(path, token, tenant, "If-Modified-Since", now).get(collection))
                    .as("unchanged " + collection).isEmpty();
        }
        // changes are stamped from the wall clock on
        String since = XeroSandboxTest.ims(System.currentTimeMillis() - 1);
        List<String> changed = sandbox.applyChanges(tenant, "BankTransfers", 2);
        JsonNode changes = api.getOk("/api.xro/2.0/BankTransfers?includeDeleted=true", token, tenant,
                "If-Modified-Since", since).get("BankTransfers");
        assertThat(changes).extracting(t -> t.get("BankTransferID").asText()).containsExactlyInAnyOrderElementsOf(changed);
    }

    @Test
    void should_read_accept_encoding_as_http_does() {
        assertThat(CompressingExchange.acceptsGzip("gzip")).isTrue();
        assertThat(CompressingExchange.acceptsGzip("deflate, GZIP;q=0.5")).isTrue();
        assertThat(CompressingExchange.acceptsGzip("*")).isTrue();
        assertThat(CompressingExchange.acceptsGzip(null)).isFalse();
        assertThat(CompressingExchange.acceptsGzip("identity")).isFalse();
        assertThat(CompressingExchange.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(CompressingExchange.acceptsGzip("gzip; q=0.0, deflate")).isFalse();
    }

    private static JsonNode withoutSendingTime(byte[] answer) throws java.io.IOException {
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer);
        json.remove("DateTimeUTC");
        return json;
    }

    private static HttpResponse<byte[]> get(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("xero-tenant-id", tenant);
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] gunzip(byte[] body) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
