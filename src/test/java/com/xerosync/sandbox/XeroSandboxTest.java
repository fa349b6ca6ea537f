package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XeroSandboxTest {

    /** Small enough to run in seconds; the second organisation gets half. */
    static final SandboxSettings SMALL = SandboxSettings.defaults().withContacts(60).withInvoices(250);

    private static XeroSandbox sandbox;
    private static Api api;
    private static String everyOrgToken;
    private static String first;
    private static String second;

    @BeforeAll
    static void start() {
        sandbox = new XeroSandbox(SMALL).start(0);
        api = new Api(sandbox);
        everyOrgToken = api.authorizationCode().get("access_token").asText();
        first = sandbox.tenantIds().get(0);
        second = sandbox.tenantIds().get(1);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void should_answer_byte_for_byte_alike_when_seeded_alike() {
        try (XeroSandbox twin = new XeroSandbox(SMALL).start(0);
             XeroSandbox other = new XeroSandbox(SMALL.withSeed(7))) {
            Api twinApi = new Api(twin);
            String twinToken = twinApi.authorizationCode().get("access_token").asText();
            assertThat(twin.tenantIds()).isEqualTo(sandbox.tenantIds());
            String invoiceId = sandbox.records(first, "Invoices").findFirst().orElseThrow().get("InvoiceID").asText();
            String contactId = sandbox.records(second, "Contacts").findFirst().orElseThrow().get("ContactID").asText();
            for (String tenant : List.of(first, second)) {
                for (String path : List.of("Organisation", "Accounts", "Contacts", "Contacts?page=1&includeArchived=true",
                        "Invoices", "Invoices?page=2&pageSize=50", "Invoices/" + invoiceId, "Contacts/" + contactId)) {
                    HttpResponse<byte[]> ours = api.getBytes("/api.xro/2.0/" + path, everyOrgToken, tenant);
                    HttpResponse<byte[]> theirs = twinApi.getBytes("/api.xro/2.0/" + path, twinToken, tenant);
                    assertThat(theirs.statusCode()).as(path).isEqualTo(ours.statusCode());
                    assertThat(theirs.body()).as(tenant + " " + path).isEqualTo(ours.body());
                }
            }
            assertThat(other.tenantIds()).doesNotContainAnyElementsOf(sandbox.tenantIds());
        }
    }

    @Test
    void should_page_invoices_with_xero_paging_math() {
        List<ObjectNode> all = sandbox.records(first, "Invoices").toList();
        assertThat(all).hasSize(250);

        List<JsonNode> paged = new ArrayList<>();
        for (int page = 1; page <= 4; page++) {
            JsonNode body = api.json(api.get("/api.xro/2.0/Invoices?page=" + page + "&pageSize=70", everyOrgToken, first));
            JsonNode pagination = body.get("pagination");
            assertThat(pagination.get("page").asInt()).isEqualTo(page);
            assertThat(pagination.get("pageSize").asInt()).isEqualTo(70);
            assertThat(pagination.get("pageCount").asInt()).isEqualTo(4);
            assertThat(pagination.get("itemCount").asInt()).isEqualTo(250);
            assertThat(body.get("Invoices")).hasSize(page < 4 ? 70 : 40);
            body.get("Invoices").forEach(paged::add);
        }
        assertThat(paged).isEqualTo(all);
        assertThat(paged).allSatisfy(invoice -> assertThat(invoice.has("LineItems")).isTrue());

        JsonNode pastTheEnd = api.json(api.get("/api.xro/2.0/Invoices?page=5&pageSize=70", everyOrgToken, first));
        assertThat(pastTheEnd.get("Invoices")).isEmpty();
        assertThat(pastTheEnd.get("pagination").get("itemCount").asInt()).isEqualTo(250);

        JsonNode defaults = api.json(api.get("/api.xro/2.0/Invoices?page=1", everyOrgToken, first));
        assertThat(defaults.get("pagination").get("pageSize").asInt()).isEqualTo(100);
        assertThat(defaults.get("Invoices")).hasSize(100);

        JsonNode clamped = api.json(api.get("/api.xro/2.0/Invoices?page=1&pageSize=5000", everyOrgToken, first));
        assertThat(clamped.get("pagination").get("pageSize").asInt()).isEqualTo(1000);
        assertThat(clamped.get("pagination").get("pageCount").asInt()).isEqualTo(1);
        assertThat(clamped.get("Invoices")).hasSize(250);

        JsonNode unpaged = api.json(api.get("/api.xro/2.0/Invoices", everyOrgToken, first));
        assertThat(unpaged.has("pagination")).isFalse();
        assertThat(ids(unpaged.get("Invoices"), "InvoiceID")).isEqualTo(ids(all, "InvoiceID"));
        assertThat(unpaged.get("Invoices")).allSatisfy(invoice -> assertThat(invoice.has("LineItems")).isFalse());
    }

    @Test
    void should_order_by_updated_date_and_refuse_other_orders() {
        List<String> ascending = ids(api.json(api.get("/api.xro/2.0/Contacts?order=UpdatedDateUTC%20ASC", everyOrgToken, second)).get("Contacts"), "ContactID");
        List<String> descending = ids(api.json(api.get("/api.xro/2.0/Contacts?order=UpdatedDateUTC%20DESC", everyOrgToken, second)).get("Contacts"), "ContactID");
        assertThat(descending).containsExactlyElementsOf(reversed(ascending));

        List<Long> stamps = sandbox.records(second, "Contacts").map(c -> millis(c.get("UpdatedDateUTC").asText())).toList();
        assertThat(stamps).isSorted().doesNotHaveDuplicates();

        HttpResponse<String> refused = api.get("/api.xro/2.0/Contacts?order=Name%20ASC", everyOrgToken, second);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(api.json(refused).get("Type").asText()).isEqualTo("ValidationException");
    }

    @Test
    void should_hide_archived_contacts_unless_asked() {
        List<ObjectNode> all = sandbox.records(first, "Contacts").toList();
        Set<String> archived = all.stream().filter(c -> c.get("ContactStatus").asText().equals("ARCHIVED"))
                .map(c -> c.get("ContactID").asText()).collect(Collectors.toSet());
        assertThat(archived).isNotEmpty();

        JsonNode visible = api.json(api.get("/api.xro/2.0/Contacts?page=1", everyOrgToken, first));
        assertThat(visible.get("pagination").get("itemCount").asInt()).isEqualTo(all.size() - archived.size());
        assertThat(ids(visible.get("Contacts"), "ContactID")).doesNotContainAnyElementsOf(archived);

        JsonNode everything = api.json(api.get("/api.xro/2.0/Contacts?page=1&includeArchived=true", everyOrgToken, first));
        assertThat(ids(everything.get("Contacts"), "ContactID")).containsAll(archived).hasSize(all.size());
    }

    @Test
    void should_return_exactly_the_changed_records_since_if_modified_since() {
        try (XeroSandbox changing = new XeroSandbox(SMALL).start(0)) {
            Api changingApi = new Api(changing);
            String token = changingApi.authorizationCode().get("access_token").asText();
            String tenant = changing.tenantIds().get(0);
            JsonNode before = changingApi.json(changingApi.get("/api.xro/2.0/Invoices?page=1", token, tenant));
            String cursor = ims(millis(before.get("DateTimeUTC").asText()));
            long latestBefore = List.of("Accounts", "Contacts", "Invoices").stream()
                    .flatMap(c -> changing.records(tenant, c))
                    .mapToLong(r -> millis(r.get("UpdatedDateUTC").asText())).max().orElseThrow();

            List<String> invoiceChanges = changing.applyChanges(tenant, "Invoices", 12);
            List<String> contactChanges = changing.applyChanges(tenant, "Contacts", 9);
            assertThat(invoiceChanges).hasSize(12).doesNotHaveDuplicates();
            assertThat(contactChanges).hasSize(9).doesNotHaveDuplicates();

            JsonNode invoices = changingApi.json(changingApi.get("/api.xro/2.0/Invoices?page=1", token, tenant, "If-Modified-Since", cursor));
            assertThat(ids(invoices.get("Invoices"), "InvoiceID")).containsExactlyElementsOf(invoiceChanges);
            assertThat(invoices.get("pagination").get("itemCount").asInt()).isEqualTo(12);
            JsonNode contacts = changingApi.json(changingApi.get("/api.xro/2.0/Contacts?includeArchived=true", token, tenant, "If-Modified-Since", cursor));
            assertThat(ids(contacts.get("Contacts"), "ContactID")).containsExactlyElementsOf(contactChanges);
            JsonNode accounts = changingApi.json(changingApi.get("/api.xro/2.0/Accounts", token, tenant, "If-Modified-Since", cursor));
            assertThat(accounts.get("Accounts")).isEmpty();

            List<Long> changedStamps = invoiceChanges.stream()
                    .map(id -> millis(changing.record(tenant, "Invoices", id).orElseThrow().get("UpdatedDateUTC").asText())).toList();
            assertThat(changedStamps).isSorted().doesNotHaveDuplicates().allSatisfy(stamp -> assertThat(stamp).isGreaterThan(latestBefore));
            List<ObjectNode> all = changing.records(tenant, "Invoices").toList();
            assertThat(all.size()).isGreaterThanOrEqualTo(250);
            assertThat(ids(all.subList(all.size() - 12, all.size()), "InvoiceID")).containsExactlyElementsOf(invoiceChanges);
            assertThat(all.stream().map(i -> i.get("InvoiceID").asText())).doesNotHaveDuplicates();

            String after = ims(millis(invoices.get("DateTimeUTC").asText()));
            JsonNode nothingNew = changingApi.json(changingApi.get("/api.xro/2.0/Invoices?page=1", token, tenant, "If-Modified-Since", after));
            assertThat(nothingNew.get("Invoices")).isEmpty();

            JsonNode rfc1123 = changingApi.json(changingApi.get("/api.xro/2.0/Invoices", token, tenant, "If-Modified-Since",
                    "Tue, 30 Jun 2026 23:59:59 GMT"));
            assertThat(ids(rfc1123.get("Invoices"), "InvoiceID")).containsExactlyElementsOf(invoiceChanges);
        }
    }

    @Test
    void should_change_the_same_way_when_seeded_alike() {
        try (XeroSandbox a = new XeroSandbox(SMALL); XeroSandbox b = new XeroSandbox(SMALL)) {
            String tenant = a.tenantIds().get(1);
            assertThat(a.applyChanges(tenant, "Invoices", 20)).isEqualTo(b.applyChanges(tenant, "Invoices", 20));
            assertThat(a.applyChanges(tenant, "Contacts", 20)).isEqualTo(b.applyChanges(tenant, "Contacts", 20));
            List<String> statusesA = a.records(tenant, "Invoices").map(i -> i.get("Status").asText() + i.get("Total")).toList();
            List<String> statusesB = b.records(tenant, "Invoices").map(i -> i.get("Status").asText() + i.get("Total")).toList();
            assertThat(statusesA).isEqualTo(statusesB);
            assertThatThrownBy(() -> a.applyChanges(tenant, "Accounts", 1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_generate_consistent_invoices_for_existing_contacts_and_accounts() {
        for (String tenant : sandbox.tenantIds()) {
            Set<String> contactIds = sandbox.records(tenant, "Contacts").map(c -> c.get("ContactID").asText()).collect(Collectors.toSet());
            Map<String, String> accountIds = new LinkedHashMap<>();
            sandbox.records(tenant, "Accounts").forEach(a -> accountIds.put(a.get("Code").asText(), a.get("AccountID").asText()));
            assertThat(accountIds.size()).isBetween(60, 80);
            Set<String> statuses = new HashSet<>();
            sandbox.records(tenant, "Invoices").forEach(invoice -> {
                statuses.add(invoice.get("Status").asText());
                assertThat(contactIds).contains(invoice.get("Contact").get("ContactID").asText());
                BigDecimal lines = BigDecimal.ZERO;
                BigDecimal tax = BigDecimal.ZERO;
                for (JsonNode line : invoice.get("LineItems")) {
                    assertThat(accountIds.get(line.get("AccountCode").asText())).isEqualTo(line.get("AccountID").asText());
                    assertThat(line.get("LineAmount").decimalValue())
                            .isEqualByComparingTo(line.get("Quantity").decimalValue().multiply(line.get("UnitAmount").decimalValue()).setScale(2, RoundingMode.HALF_UP));
                    lines = lines.add(line.get("LineAmount").decimalValue());
                    tax = tax.add(line.get("TaxAmount").decimalValue());
                }
                boolean inclusive = invoice.get("LineAmountTypes").asText().equals("Inclusive");
                assertThat(invoice.get("TotalTax").decimalValue()).isEqualByComparingTo(tax);
                assertThat(invoice.get("SubTotal").decimalValue()).isEqualByComparingTo(inclusive ? lines.subtract(tax) : lines);
                assertThat(invoice.get("Total").decimalValue()).isEqualByComparingTo(invoice.get("SubTotal").decimalValue().add(tax));
                String status = invoice.get("Status").asText();
                if (!status.equals("VOIDED") && !status.equals("DELETED")) {
                    assertThat(invoice.get("AmountDue").decimalValue().add(invoice.get("AmountPaid").decimalValue()))
                            .isEqualByComparingTo(invoice.get("Total").decimalValue());
                }
                assertThat(invoice.has("FullyPaidOnDate")).isEqualTo(status.equals("PAID"));
            });
            assertThat(statuses).contains("DRAFT", "AUTHORISED", "PAID", "VOIDED", "DELETED");
        }
    }

    @Test
    void should_serve_single_records_as_listed() {
        ObjectNode invoice = sandbox.records(second, "Invoices").skip(17).findFirst().orElseThrow();
        String id = invoice.get("InvoiceID").asText();
        JsonNode single = api.json(api.get("/api.xro/2.0/Invoices/" + id, everyOrgToken, second));
        assertThat(single.get("Invoices")).containsExactly(invoice);
        assertThat(sandbox.record(second, "Invoices", id)).contains(invoice);

        ObjectNode account = sandbox.records(second, "Accounts").findFirst().orElseThrow();
        JsonNode singleAccount = api.json(api.get("/api.xro/2.0/Accounts/" + account.get("AccountID").asText(), everyOrgToken, second));
        assertThat(singleAccount.get("Accounts")).containsExactly(account);

        HttpResponse<String> missing = api.get("/api.xro/2.0/Invoices/00000000-0000-4000-8000-000000000000", everyOrgToken, second);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(api.get("/api.xro/2.0/Invoices/" + id, everyOrgToken, first).statusCode()).isEqualTo(404);
        assertThat(sandbox.record(first, "Invoices", "not-a-uuid")).isEmpty();
    }

    @Test
    void should_answer_401_once_access_tokens_are_expired() {
        try (XeroSandbox expiring = new XeroSandbox(SMALL).start(0)) {
            Api expiringApi = new Api(expiring);
            String token = expiringApi.clientCredentials().get("access_token").asText();
            String tenant = expiring.tenantIds().get(0);
            assertThat(expiringApi.get("/api.xro/2.0/Organisation", token, tenant).statusCode()).isEqualTo(200);

            expiring.expireAccessTokens();
            HttpResponse<String> expired = expiringApi.get("/api.xro/2.0/Organisation", token, tenant);
            assertThat(expired.statusCode()).isEqualTo(401);
            JsonNode problem = expiringApi.json(expired);
            assertThat(problem.get("Type").isNull()).isTrue();
            assertThat(problem.get("Title").asText()).isEqualTo("Unauthorized");
            assertThat(problem.get("Status").asInt()).isEqualTo(401);
            assertThat(problem.get("Detail").asText()).matches("TokenExpired: token expired at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(problem.get("Instance").asText()).matches("[0-9a-f-]{36}");
            assertThat(expiringApi.get("/connections", token, null).statusCode()).isEqualTo(401);

            HttpResponse<String> unknown = expiringApi.get("/api.xro/2.0/Organisation", "not-a-token", tenant);
            assertThat(unknown.statusCode()).isEqualTo(401);
            assertThat(expiringApi.json(unknown).get("Detail").asText()).isEqualTo("AuthenticationUnsuccessful");
            assertThat(expiringApi.get("/api.xro/2.0/Organisation", null, tenant).statusCode()).isEqualTo(401);

            expiring.setAccessTokenTtl(Duration.ofMinutes(5));
            JsonNode fresh = expiringApi.clientCredentials();
            assertThat(fresh.get("expires_in").asLong()).isEqualTo(300);
            assertThat(expiringApi.get("/api.xro/2.0/Organisation", fresh.get("access_token").asText(), tenant).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void should_answer_403_for_an_organisation_the_grant_does_not_cover() {
        String customToken = api.clientCredentials().get("access_token").asText();
        HttpResponse<String> forbidden = api.get("/api.xro/2.0/Contacts", customToken, second);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        JsonNode problem = api.json(forbidden);
        assertThat(problem.get("Title").asText()).isEqualTo("Forbidden");
        assertThat(problem.get("Status").asInt()).isEqualTo(403);
        assertThat(problem.get("Detail").asText()).isEqualTo("AuthenticationUnsuccessful");
        assertThat(problem.get("Type").isNull()).isTrue();

        assertThat(api.get("/api.xro/2.0/Contacts", everyOrgToken, "00000000-0000-4000-8000-000000000000").statusCode()).isEqualTo(403);
        assertThat(api.get("/api.xro/2.0/Contacts", everyOrgToken, null).statusCode()).isEqualTo(403);
    }

    @Test
    void should_rotate_refresh_tokens_and_honour_the_grace_period() {
        JsonNode issued = api.authorizationCode();
        String original = issued.get("refresh_token").asText();
        JsonNode firstRefresh = api.refresh(original);
        String rotated = firstRefresh.get("refresh_token").asText();
        assertThat(rotated).isNotEqualTo(original);
        assertThat(firstRefresh.get("access_token").asText()).isNotEqualTo(issued.get("access_token").asText());
        assertThat(sandbox.isRefreshTokenValid(original)).isTrue();

        JsonNode retried = api.refresh(original);
        assertThat(retried.get("refresh_token").asText()).isNotIn(original, rotated);
        assertThat(api.get("/api.xro/2.0/Organisation", retried.get("access_token").asText(), second).statusCode()).isEqualTo(200);

        try (XeroSandbox strict = new XeroSandbox(SMALL.withRefreshTokenGrace(Duration.ZERO)).start(0)) {
            Api strictApi = new Api(strict);
            String once = strictApi.authorizationCode().get("refresh_token").asText();
            String next = strictApi.refresh(once).get("refresh_token").asText();
            assertThat(strict.isRefreshTokenValid(once)).isFalse();
            assertThat(strict.isRefreshTokenValid(next)).isTrue();
            HttpResponse<String> reused = strictApi.postToken(Map.of("grant_type", "refresh_token", "refresh_token", once));
            assertThat(reused.statusCode()).isEqualTo(400);
            assertThat(strictApi.json(reused).get("error").asText()).isEqualTo("invalid_grant");
            assertThat(strictApi.refresh(next).get("refresh_token").asText()).isNotEqualTo(next);
        }
    }

    @Test
    void should_connect_only_the_first_organisation_with_client_credentials() {
        JsonNode tokens = api.clientCredentials();
        assertThat(tokens.has("refresh_token")).isFalse();
        assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
        String token = tokens.get("access_token").asText();
        JsonNode connections = api.json(api.get("/connections", token, null));
        assertThat(connections).hasSize(1);
        assertThat(connections.get(0).get("tenantId").asText()).isEqualTo(first);
        assertThat(connections.get(0).get("tenantName").asText()).isEqualTo(sandbox.tenantName(first)).isEqualTo("Demo Company (AU)");

        JsonNode organisation = api.json(api.get("/api.xro/2.0/Organisation", token, null));
        assertThat(organisation.get("Organisations").get(0).get("OrganisationID").asText()).isEqualTo(first);
        assertThat(api.get("/api.xro/2.0/Organisation", token, second).statusCode()).isEqualTo(403);
    }

    @Test
    void should_grant_every_organisation_through_the_authorize_redirect() {
        HttpResponse<String> redirect = api.authorize(SMALL.clientId(), "http://localhost/callback?x=1", "xyz", "offline_access accounting.transactions");
        assertThat(redirect.statusCode()).isEqualTo(302);
        Map<String, String> query = Api.query(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(query).containsEntry("state", "xyz").containsEntry("x", "1").containsKey("code");

        HttpResponse<String> wrongRedirect = api.postToken(Map.of("grant_type", "authorization_code", "code", query.get("code"),
                "redirect_uri", "http://elsewhere/"));
        assertThat(wrongRedirect.statusCode()).isEqualTo(400);

        HttpResponse<String> redirect2 = api.authorize(SMALL.clientId(), "http://localhost/callback", "s2", "offline_access accounting.transactions");
        String code = Api.query(redirect2.headers().firstValue("Location").orElseThrow()).get("code");
        Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", "http://localhost/callback");
        JsonNode tokens = api.json(api.postToken(exchange));
        assertThat(tokens.get("scope").asText()).isEqualTo("offline_access accounting.transactions");
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(1800);
        assertThat(tokens.hasNonNull("refresh_token")).isTrue();
        HttpResponse<String> reused = api.postToken(exchange);
        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(api.json(reused).get("error").asText()).isEqualTo("invalid_grant");

        JsonNode connections = api.json(api.get("/connections", tokens.get("access_token").asText(), null));
        assertThat(ids(connections, "tenantId")).containsExactlyElementsOf(sandbox.tenantIds());
        assertThat(connections.get(0).get("authEventId").asText()).isEqualTo(connections.get(1).get("authEventId").asText());

        HttpResponse<String> noOffline = api.authorize(SMALL.clientId(), "http://localhost/cb", "s3", "accounting.contacts");
        String code3 = Api.query(noOffline.headers().firstValue("Location").orElseThrow()).get("code");
        JsonNode withoutRefresh = api.json(api.postToken(Map.of("grant_type", "authorization_code", "code", code3, "redirect_uri", "http://localhost/cb")));
        assertThat(withoutRefresh.has("refresh_token")).isFalse();

        assertThat(api.authorize("someone-else", "http://localhost/callback", "s", "").statusCode()).isEqualTo(400);
        HttpResponse<String> badSecret = api.postToken("sandbox-client", "wrong", Map.of("grant_type", "client_credentials"));
        assertThat(badSecret.statusCode()).isEqualTo(401);
        assertThat(api.json(badSecret).get("error").asText()).isEqualTo("invalid_client");
        HttpResponse<String> formCredentials = api.postToken(null, null, Map.of("grant_type", "client_credentials",
                "client_id", SMALL.clientId(), "client_secret", SMALL.clientSecret()));
        assertThat(formCredentials.statusCode()).isEqualTo(200);
        HttpResponse<String> unsupported = api.postToken(Map.of("grant_type", "password"));
        assertThat(unsupported.statusCode()).isEqualTo(400);
        assertThat(api.json(unsupported).get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void should_forbid_an_organisation_once_its_connection_is_deleted() {
        JsonNode tokens = api.authorizationCode();
        String token = tokens.get("access_token").asText();
        JsonNode connections = api.json(api.get("/connections", token, null));
        String secondConnection = connections.get(1).get("id").asText();

        assertThat(api.delete("/connections/" + secondConnection, token).statusCode()).isEqualTo(204);
        assertThat(api.delete("/connections/" + secondConnection, token).statusCode()).isEqualTo(404);
        assertThat(ids(api.json(api.get("/connections", token, null)), "tenantId")).containsExactly(first);
        assertThat(api.get("/api.xro/2.0/Organisation", token, second).statusCode()).isEqualTo(403);
        assertThat(api.get("/api.xro/2.0/Organisation", token, first).statusCode()).isEqualTo(200);
        assertThat(api.get("/api.xro/2.0/Organisation", everyOrgToken, second).statusCode()).isEqualTo(200);

        api.delete("/connections/" + connections.get(0).get("id").asText(), token);
        assertThat(sandbox.isRefreshTokenValid(tokens.get("refresh_token").asText())).isFalse();
    }

    @Test
    void should_inject_faults_and_count_calls_per_tenant_and_collection() {
        try (XeroSandbox faulty = new XeroSandbox(SMALL).start(0)) {
            Api faultyApi = new Api(faulty);
            String token = faultyApi.authorizationCode().get("access_token").asText();
            String tenant = faulty.tenantIds().get(0);
            faulty.failEndpoint("Invoices", 503);
            HttpResponse<String> failed = faultyApi.get("/api.xro/2.0/Invoices?page=1", token, tenant);
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(faultyApi.json(failed).get("Message").asText()).isEqualTo("Sandbox fault injected for Invoices");
            assertThat(faultyApi.get("/api.xro/2.0/Invoices/" + faulty.records(tenant, "Invoices").findFirst().orElseThrow()
                    .get("InvoiceID").asText(), token, tenant).statusCode()).isEqualTo(503);
            assertThat(faultyApi.get("/api.xro/2.0/Contacts", token, tenant).statusCode()).isEqualTo(200);

            faulty.failEndpoint("Organisation", 429);
            HttpResponse<String> limited = faultyApi.get("/api.xro/2.0/Organisation", token, tenant);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();

            faulty.clearFailures();
            HttpResponse<String> recovered = faultyApi.get("/api.xro/2.0/Invoices?page=1", token, tenant);
            assertThat(recovered.statusCode()).isEqualTo(200);
            // five requests so far; a window may have rolled over in between, hence ranges
            assertThat(remaining(recovered, "X-DayLimit-Remaining")).isBetween(4995L, 4999L);
            assertThat(remaining(recovered, "X-MinLimit-Remaining")).isBetween(55L, 59L);
            assertThat(remaining(recovered, "X-AppMinLimit-Remaining")).isBetween(9995L, 9999L);

            assertThat(faulty.apiCalls(tenant, "Invoices")).isEqualTo(3);
            assertThat(faulty.apiCalls(tenant, "Contacts")).isEqualTo(1);
            assertThat(faulty.apiCalls(tenant, "Organisations")).isEqualTo(1);
            assertThat(faulty.apiCalls(faulty.tenantIds().get(1), "Invoices")).isZero();
            assertThat(faulty.apiCalls()).isEqualTo(5);
            faulty.resetCounters();
            assertThat(faulty.apiCalls()).isZero();
            assertThatThrownBy(() -> faulty.failEndpoint("Payments", 500)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void should_answer_unknown_paths_with_json_404() {
        HttpResponse<String> unknown = api.get("/api.xro/2.0/Payments", everyOrgToken, first);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.json(unknown).get("ErrorNumber").asInt()).isEqualTo(404);
        assertThat(api.get("/nowhere", null, null).statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    }

    private static long remaining(HttpResponse<?> response, String header) {
        return Long.parseLong(response.headers().firstValue(header).orElseThrow());
    }

    static List<String> ids(Iterable<? extends JsonNode> records, String field) {
        return StreamSupport.stream(records.spliterator(), false).map(r -> r.get(field).asText()).toList();
    }

    static long millis(String msDate) {
        Matcher m = Pattern.compile("/Date\\((\\d+)(\\+0000)?\\)/").matcher(msDate);
        assertThat(m.matches()).as(msDate).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    /** The If-Modified-Since form a sync sends: UTC, milliseconds, no zone. */
    static String ims(long millis) {
        return Instant.ofEpochMilli(millis).toString().replace("Z", "");
    }

    /** A small client for the sandbox's HTTP surface, shared by the sandbox tests. */
    static final class Api {
        static final ObjectMapper JSON = JsonMapper.builder()
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        private final XeroSandbox sandbox;

        Api(XeroSandbox sandbox) {
            this.sandbox = sandbox;
        }

        HttpResponse<String> get(String path, String token, String tenant, String... headers) {
            return send(request(path, token, tenant, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<byte[]> getBytes(String path, String token, String tenant) {
            return send(request(path, token, tenant).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        HttpResponse<String> delete(String path, String token) {
            return send(request(path, token, null).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> authorize(String clientId, String redirectUri, String state, String scope) {
            return get("/identity/connect/authorize?response_type=code&client_id=" + encode(clientId)
                    + "&redirect_uri=" + encode(redirectUri) + "&scope=" + encode(scope) + "&state=" + encode(state), null, null);
        }

        HttpResponse<String> postToken(Map<String, String> form) {
            return postToken("sandbox-client", "sandbox-secret", form);
        }

        HttpResponse<String> postToken(String clientId, String clientSecret, Map<String, String> form) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"))));
            if (clientId != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)));
            }
            return send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Authorize (auto-approved) and exchange the code: a grant for every organisation. */
        JsonNode authorizationCode() {
            HttpResponse<String> redirect = authorize("sandbox-client", "http://localhost/callback", "state",
                    "openid offline_access accounting.settings accounting.contacts accounting.transactions");
            String code = query(redirect.headers().firstValue("Location").orElseThrow()).get("code");
            return ok(postToken(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", "http://localhost/callback")));
        }

        JsonNode clientCredentials() {
            return ok(postToken(Map.of("grant_type", "client_credentials")));
        }

        JsonNode refresh(String refreshToken) {
            return ok(postToken(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)));
        }

        JsonNode json(HttpResponse<String> response) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Map<String, String> query(String location) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String pair : URI.create(location).getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                values.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            return values;
        }

        private JsonNode ok(HttpResponse<String> response) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return json(response);
        }

        private HttpRequest.Builder request(String path, String token, String tenant, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(20));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (tenant != null) {
                request.header("xero-tenant-id", tenant);
            }
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return request;
        }

        private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            try {
                return HTTP.send(request, handler);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
