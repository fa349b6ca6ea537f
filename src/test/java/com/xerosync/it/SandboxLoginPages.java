package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.xerosync.auth.XeroIdentityClient;
import com.xerosync.sandbox.DemoLogin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sandbox's Xero login and consent pages, walked as a browser would, for tests without one. */
public final class SandboxLoginPages {

    public static final String EMAIL = "demo@xero-sandbox.local";
    public static final String PASSWORD = "sandbox";

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern REQUEST = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");
    private static final Pattern TENANT = Pattern.compile("name=\"tenant\" value=\"([^\"]+)\"");

    private SandboxLoginPages() {
    }

    /** The code an admin gets by connecting in the browser: the sandbox's demo user allows every organisation. */
    public static String demoCode(XeroIdentityClient client, String redirect, String scopes, String state) {
        String location = new DemoLogin(Duration.ofSeconds(10)).redirectAfterConsent(client.authorizeUrl(redirect, scopes,
                state));
        return client.codeFromRedirect(location, state, scopes, "sandbox.scopes");
    }

    /** Opens the authorize URL, logs in, ticks these organisations and allows access; returns where Xero redirects. */
    public static String allow(String sandboxUrl, String authorizeUrl, List<String> tenantIds) throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET());
        assertThat(login.statusCode()).as("the login page").isEqualTo(200);
        String base = sandboxUrl + "/identity/connect/authorize";
        HttpResponse<String> consent = post(base + "/login", List.of("request", request(login.body()), "email", EMAIL,
                "password", PASSWORD));
        assertThat(consent.statusCode()).as("the consent page").isEqualTo(200);
        List<String> offered = new ArrayList<>();
        for (Matcher m = TENANT.matcher(consent.body()); m.find(); ) {
            offered.add(m.group(1));
        }
        assertThat(offered).containsAll(tenantIds);
        List<String> form = new ArrayList<>(List.of("request", request(consent.body()), "decision", "allow"));
        tenantIds.forEach(t -> form.addAll(List.of("tenant", t)));
        HttpResponse<String> allowed = post(base + "/consent", form);
        assertThat(allowed.statusCode()).as("Allow access redirects").isEqualTo(302);
        return allowed.headers().firstValue("Location").orElseThrow();
    }

    private static String request(String html) {
        Matcher m = REQUEST.matcher(html);
        if (!m.find()) {
            throw new AssertionError("No pending request id in " + html);
        }
        return m.group(1);
    }

    /** Posts a form given as name, value, name, value… */
    private static HttpResponse<String> post(String url, List<String> nameValues) throws Exception {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < nameValues.size(); i += 2) {
            pairs.add(URLEncoder.encode(nameValues.get(i), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(nameValues.get(i + 1), StandardCharsets.UTF_8));
        }
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
