package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crafted requests against both HTTP servers, written byte for byte (an HTTP client would not send a forged Host): DNS
 * rebinding (a foreign Host), a write from a foreign Origin, credentials and organisations smuggled in query or form
 * parameters, the headers every admin answer carries, and an organisation name that would break out of a script.
 */
class HttpGuardIT {

    private static final String PASSWORD = "correct horse";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static XeroSyncHarness harness;
    private static String first;
    private static String second;

    @BeforeAll
    static void start() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("http-guard")),
                Map.of("ADMIN_PASSWORD", PASSWORD));
        harness.sync(List.of("xero-organisation"));
        first = harness.sandbox().tenantIds().get(0);
        second = harness.sandbox().tenantIds().get(1);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** One request as raw bytes; the whole answer as text. */
    private static String raw(String baseUrl, String method, String target, Map<String, String> headers, String body)
            throws Exception {
        URI uri = URI.create(baseUrl);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            request.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    private static String get(String target, String host, String authorization) throws Exception {
        return raw(harness.serverUrl(), "GET", target, authorization == null ? Map.of("Host", host)
                : Map.of("Host", host, "Authorization", authorization), null);
    }

    private static String status(String answer) {
        return answer.substring(0, answer.indexOf("\r\n"));
    }

    private static String csrf() throws Exception {
        Matcher m = CSRF.matcher(get("/admin", "localhost", basic(PASSWORD)));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String tenantStatus(String tenantId) throws Exception {
        return (String) harness.query("SELECT status FROM xero_sync.tenants WHERE tenant_id = ?", tenantId).get(0).get("status");
    }

    @Test
    void should_answer_only_requests_naming_a_host_this_service_is_reached_by() throws Exception {
        assertThat(status(get("/admin", "localhost", basic(PASSWORD)))).endsWith("200 OK");
        assertThat(status(get("/admin", "127.0.0.1:" + URI.create(harness.serverUrl()).getPort(), basic(PASSWORD))))
                .endsWith("200 OK");
        // a page on attacker.example rebinding its name to 127.0.0.1: the browser sends its own name
        String rebound = get("/admin", "attacker.example", basic(PASSWORD));
        assertThat(status(rebound)).contains("403");
        assertThat(rebound).contains("Host 'attacker.example' is not how this xero-sync is reached", "admin.allowed-hosts");
        String disconnect = raw(harness.serverUrl(), "POST", "/admin/organisations/" + first + "/disconnect",
                Map.of("Host", "attacker.example", "Authorization", basic(PASSWORD),
                        "Content-Type", "application/x-www-form-urlencoded"), "confirm=yes&purge=on&csrf=" + csrf());
        assertThat(status(disconnect)).contains("403");
        assertThat(tenantStatus(first)).isEqualTo("active");
        // the management server too
        String health = raw(harness.managementUrl(), "GET", "/observe/health", Map.of("Host", "attacker.example"), null);
        assertThat(status(health)).contains("403");
        assertThat(status(raw(harness.managementUrl(), "GET", "/observe/health", Map.of("Host", "127.0.0.1"), null)))
                .endsWith("200 OK");
    }

    @Test
    void should_refuse_a_write_from_a_foreign_origin() throws Exception {
        String answer = raw(harness.serverUrl(), "POST", "/admin/organisations/" + first + "/disconnect",
                Map.of("Host", "localhost", "Origin", "http://attacker.example", "Authorization", basic(PASSWORD),
                        "Content-Type", "application/x-www-form-urlencoded"), "confirm=yes&csrf=" + csrf());
        assertThat(status(answer)).contains("403");
        assertThat(answer).contains("a form from 'http://attacker.example' may not write here");
        assertThat(tenantStatus(first)).isEqualTo("active");
    }

    @Test
    void should_take_credentials_and_organisations_only_from_where_they_belong() throws Exception {
        String query = get("/admin?Authorization=" + java.net.URLEncoder.encode(basic(PASSWORD), StandardCharsets.UTF_8),
                "localhost", null);
        assertThat(status(query)).contains("400");
        assertThat(query).contains("the query parameter 'Authorization' is not accepted");
        assertThat(status(get("/admin/organisations/" + first + "?tenantId=" + second, "localhost", basic(PASSWORD))))
                .contains("400");
        // a form field named like the path parameter: the organisation is the one in the path
        String confirm = csrf();
        String answer = raw(harness.serverUrl(), "POST", "/admin/organisations/" + second + "/disconnect",
                Map.of("Host", "localhost", "Authorization", basic(PASSWORD), "Content-Type",
                        "application/x-www-form-urlencoded"), "confirm=yes&tenantId=" + first + "&csrf=" + confirm);
        assertThat(status(answer)).contains("303");
        assertThat(tenantStatus(second)).isEqualTo("disconnected");
        assertThat(tenantStatus(first)).isEqualTo("active");
        // and the credentials: a form field Authorization does not log in
        String smuggled = raw(harness.serverUrl(), "POST", "/admin/organisations/" + first + "/disconnect",
                Map.of("Host", "localhost", "Content-Type", "application/x-www-form-urlencoded"),
                "confirm=yes&csrf=" + confirm + "&Authorization=" + java.net.URLEncoder.encode(basic(PASSWORD),
                        StandardCharsets.UTF_8));
        assertThat(status(smuggled)).contains("401");
        assertThat(tenantStatus(first)).isEqualTo("active");
    }

    @Test
    void should_send_no_store_nosniff_and_a_policy_allowing_no_script_with_every_admin_answer() throws Exception {
        for (String answer : List.of(get("/admin", "localhost", basic(PASSWORD)), get("/admin", "localhost", null),
                get("/admin/organisations/" + first, "localhost", basic(PASSWORD)))) {
            String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            assertThat(head).contains("cache-control: no-store", "x-content-type-options: nosniff",
                    "content-security-policy: default-src 'none'", "frame-ancestors 'none'").doesNotContain("script-src");
        }
    }

    @Test
    void should_refuse_malformed_callbacks_briefly_without_asking_the_database() throws Exception {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logged);
        try {
            for (String state : List.of("%00", "a%00b", "x".repeat(1000), "%E2%80%A8%0Aforged%20line", "'%3Bdrop")) {
                String answer = get("/admin/callback?code=c&state=" + state, "localhost", null);
                assertThat(status(answer)).as(state).contains("400");
                assertThat(answer).as(state).contains("could not be verified").doesNotContainIgnoringCase("psql")
                        .doesNotContain("Exception");
            }
        } finally {
            root.detachAppender(logged);
        }
        // one line each, none with a stack trace or a raw newline from the request
        assertThat(logged.list).hasSize(5).allSatisfy(e -> {
            assertThat(e.getThrowableProxy()).isNull();
            assertThat(e.getFormattedMessage()).doesNotContain("\n");
        });
    }

    @Test
    void should_keep_an_organisation_name_out_of_every_script() throws Exception {
        String evil = "Evil');\nfetch('/x');//<script>alert(1)</script>";
        String name = (String) harness.query("SELECT tenant_name FROM xero_sync.tenants WHERE tenant_id = ?", first).get(0)
                .get("tenant_name");
        harness.query("UPDATE xero_sync.tenants SET tenant_name = ? WHERE tenant_id = ? RETURNING tenant_id", evil, first);
        try {
            String home = get("/admin", "localhost", basic(PASSWORD));
            assertThat(home).doesNotContain("<script", "onsubmit", "confirm(");
            assertThat(home).contains("Evil&#39;);");
            String asked = raw(harness.serverUrl(), "POST", "/admin/organisations/" + first + "/disconnect",
                    Map.of("Host", "localhost", "Authorization", basic(PASSWORD), "Content-Type",
                            "application/x-www-form-urlencoded"), "csrf=" + csrf());
            assertThat(status(asked)).endsWith("200 OK");
            assertThat(asked).contains("Disconnect Evil&#39;);").doesNotContain("<script>alert");
            assertThat(tenantStatus(first)).as("asked, not done").isEqualTo("active");
        } finally {
            harness.query("UPDATE xero_sync.tenants SET tenant_name = ? WHERE tenant_id = ? RETURNING tenant_id", name,
                    first);
        }
    }
}
