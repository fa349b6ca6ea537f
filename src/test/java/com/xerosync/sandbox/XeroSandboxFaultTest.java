package com.xerosync.sandbox;

import com.xerosync.sandbox.XeroSandboxTest.Api;
import com.xerosync.sandbox.endpoints.ApiCollection;
import com.xerosync.sandbox.faults.FaultInjector;
import com.xerosync.sandbox.faults.SandboxFault;
import com.xerosync.sandbox.settings.SandboxSettings;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults injected by endpoint, by organisation and by rate, and their text form. */
class XeroSandboxFaultTest {

    private static final SandboxSettings SMALL = SandboxSettings.defaults().withContacts(10).withInvoices(20);

    private static XeroSandbox sandbox;
    private static Api api;
    private static String token;
    private static String first;
    private static String second;

    @BeforeAll
    static void start() {
        sandbox = new XeroSandbox(SMALL).start(0);
        api = new Api(sandbox);
        token = api.authorizationCode().get("access_token").asText();
        first = sandbox.tenantIds().get(0);
        second = sandbox.tenantIds().get(1);
    }

    @AfterEach
    void clear() {
        sandbox.clearFailures();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void should_read_and_write_the_text_form() {
        String tenant = "5a1f4e2b-9c3d-4e8f-a0b1-c2d3e4f5a6b7";
        assertThat(SandboxFault.parse("Invoices:503:10%")).isEqualTo(SandboxFault.error("Invoices", 503).withRate(0.1));
        assertThat(SandboxFault.parse("*@" + tenant + ":drop:x3")).isEqualTo(SandboxFault.drop("*").withTenant(tenant).withTimes(3));
        assertThat(SandboxFault.parse("Contacts:slow=5000")).isEqualTo(SandboxFault.slow("Contacts", Duration.ofSeconds(5)));
        assertThat(SandboxFault.parse(" *:500:5% ")).isEqualTo(SandboxFault.error("*", 500).withRate(0.05));
        assertThat(SandboxFault.parse("Invoices:DROP:X2")).isEqualTo(SandboxFault.drop("Invoices").withTimes(2));
        for (String text : List.of("Invoices:503:10%", "*@" + tenant + ":drop:x3", "Contacts:slow=5000", "*:500:5%",
                "PayrollEmployees:429:x1", "BankTransactions@" + tenant + ":500", "Organisation:502:12.5%", "*:slow=250:0.1%")) {
            SandboxFault fault = SandboxFault.parse(text);
            assertThat(fault.toString()).isEqualTo(text);
            assertThat(SandboxFault.parse(fault.toString())).isEqualTo(fault);
        }
        assertThat(SandboxFault.parseAll(" Invoices:503:10%, Contacts:slow=5000 ,")).containsExactly(
                SandboxFault.parse("Invoices:503:10%"), SandboxFault.parse("Contacts:slow=5000"));
        assertThat(SandboxFault.parseAll(" ")).isEmpty();
    }

    @Test
    void should_say_the_expected_format_when_the_text_is_not_a_fault() {
        for (String text : List.of("", "Invoices", "Invoices:503:10%:x2", "Timesheets:500", ":500", "@abc:500", "Invoices@:500",
                "Invoices:200", "Invoices:600", "Invoices:boom", "Invoices:slow=", "Invoices:slow=0", "Invoices:slow=fast",
                "Invoices:500:0%", "Invoices:500:150%", "Invoices:500:ten%", "Invoices:500:x0", "Invoices:500:xmany",
                "Invoices:500:often")) {
            assertThatThrownBy(() -> SandboxFault.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Invalid sandbox fault '" + text + "'")
                    .hasMessageContaining(SandboxFault.FORMAT);
        }
        assertThatThrownBy(() -> SandboxFault.parseAll("Invoices:503, Contacts:nope")).hasMessageContaining("Contacts:nope");
        assertThatThrownBy(() -> SandboxFault.error("Invoices", 500).withTimes(2).withRate(0.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.injectAll("Invoices:503,Contacts:nope")).isInstanceOf(IllegalArgumentException.class);
        assertThat(sandbox.activeFaults()).as("nothing injected from a list with a bad fault").isEmpty();
    }

    @Test
    void should_strike_one_organisation_and_leave_the_other_untouched() {
        sandbox.inject(SandboxFault.parse("*@" + first + ":503"));
        for (String path : List.of("/api.xro/2.0/Invoices?page=1", "/api.xro/2.0/Contacts", "/api.xro/2.0/Organisation",
                "/payroll.xro/1.0/Employees")) {
            HttpResponse<String> struck = api.get(path, token, first);
            assertThat(struck.statusCode()).as(path).isEqualTo(503);
            assertThat(struck.body()).startsWith("Organisation offline");
            assertThat(api.get(path, token, second).statusCode()).as(path).isNotEqualTo(503);
        }
        assertThat(api.get("/api.xro/2.0/Contacts", token, second).statusCode()).isEqualTo(200);
    }

    @Test
    void should_strike_a_share_of_requests_the_seed_repeats() throws Exception {
        // over HTTP, about the share asked for; not an exact count, since a client may repeat a request whose
        // connection closed under it, and each repeat is one more draw
        long struck = struckUnder(sandbox, "Organisation:500:10%", 400);
        assertThat(struck).isBetween(20L, 70L);

        // the draws themselves, request by request: the same seed strikes the same requests, another seed others
        SandboxFault fault = SandboxFault.parse("*:503:10%");
        assertThat(strikes(42, fault, 400)).isEqualTo(strikes(42, fault, 400)).isNotEqualTo(strikes(7, fault, 400));
    }

    @Test
    void should_clear_counted_faults_once_used_up_and_try_faults_in_order() {
        sandbox.inject(SandboxFault.parse("Invoices:500:x2"));
        sandbox.inject(SandboxFault.parse("*:429"));
        assertThat(sandbox.activeFaults()).hasSize(2);
        List<Integer> invoices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            invoices.add(api.get("/api.xro/2.0/Invoices", token, first).statusCode());
        }
        // the first matching fault that strikes wins; once used up, the next one matches
        assertThat(invoices).containsExactly(500, 500, 429, 429);
        assertThat(sandbox.activeFaults()).containsExactly(SandboxFault.parse("*:429"));
        assertThat(sandbox.rateLimitedCalls()).as("injected 429s are not rate limits").isZero();
        sandbox.clearFailures();
        assertThat(sandbox.activeFaults()).isEmpty();

        sandbox.failEndpoint("Contacts", 503, 1);
        assertThat(api.get("/api.xro/2.0/Contacts", token, first).statusCode()).isEqualTo(503);
        assertThat(api.get("/api.xro/2.0/Contacts", token, first).statusCode()).isEqualTo(200);
        // failEndpoint replaces the path's earlier fault, as it always has
        sandbox.failEndpoint("Contacts", 503);
        sandbox.failEndpoint("Contacts", 500);
        assertThat(api.get("/api.xro/2.0/Contacts", token, first).statusCode()).isEqualTo(500);
        assertThat(sandbox.activeFaults()).containsExactly(SandboxFault.error("Contacts", 500));
    }

    @Test
    void should_drop_connections_without_an_answer() throws Exception {
        sandbox.inject(SandboxFault.parse("Contacts@" + first + ":drop:x1"));
        // a raw socket, because HTTP clients may repeat a GET whose connection closed unanswered
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), sandbox.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api.xro/2.0/Contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token + "\r\nxero-tenant-id: " + first + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(socket.getInputStream().readAllBytes()).as("no answer at all").isEmpty();
        }
        assertThat(sandbox.activeFaults()).isEmpty();
        assertThat(api.get("/api.xro/2.0/Contacts", token, first).statusCode()).isEqualTo(200);
    }

    @Test
    void should_answer_late_so_client_timeouts_can_be_tried() throws Exception {
        sandbox.inject(SandboxFault.slow("Contacts", Duration.ofMillis(600)).withTenant(first));
        long started = System.nanoTime();
        HttpResponse<String> late = api.get("/api.xro/2.0/Contacts", token, first);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(api.json(late).get("Contacts")).hasSize(10);

        HttpClient impatient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> impatient.send(request("/api.xro/2.0/Contacts", first, Duration.ofMillis(200)),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);

        started = System.nanoTime();
        assertThat(api.get("/api.xro/2.0/Contacts", token, second).statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the other organisation is not slowed")
                .isLessThan(Duration.ofMillis(600));
    }

    /** How many of {@code count} Organisation GETs (eight at a time) one fault struck. */
    private static long struckUnder(XeroSandbox target, String fault, int count) throws Exception {
        Api targetApi = new Api(target);
        String targetToken = targetApi.authorizationCode().get("access_token").asText();
        String tenant = target.tenantIds().get(0);
        target.inject(SandboxFault.parse(fault));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                statuses.add(callers.submit(() -> targetApi.get("/api.xro/2.0/Organisation", targetToken, tenant).statusCode()));
            }
            long struck = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get(30, TimeUnit.SECONDS);
                assertThat(code).isIn(200, 500);
                struck += code == 500 ? 1 : 0;
            }
            return struck;
        } finally {
            callers.shutdownNow();
            target.clearFailures();
        }
    }

    /** Which of {@code count} requests a fault strikes, in a sandbox of that seed. */
    private static List<Boolean> strikes(long seed, SandboxFault fault, int count) {
        FaultInjector injector = new FaultInjector(seed);
        injector.inject(fault);
        List<Boolean> struck = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            struck.add(injector.strike(ApiCollection.INVOICES.name(), "any").isPresent());
        }
        return struck;
    }

    private static HttpRequest request(String path, String tenant, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("xero-tenant-id", tenant).GET().build();
    }
}
