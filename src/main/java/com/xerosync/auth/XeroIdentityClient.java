package com.xerosync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.config.ExternalText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.xerosync.config.ScopeSet;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Xero's identity side: the token endpoint ({@code {identity-url}/connect/token}), revocation
 * ({@code {identity-url}/connect/revocation}), the authorize endpoint ({@code {login-url}/identity/connect/authorize})
 * and {@code {api-url}/connections}. The same code talks to Xero, to the sandbox or to any server that speaks Xero's
 * API.
 */
public final class XeroIdentityClient {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(XeroIdentityClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** RFC 6750's b64token: what an Authorization header can carry. */
    private static final java.util.regex.Pattern BEARER_TOKEN = java.util.regex.Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private static final long XERO_TOKEN_LIFETIME = 1800;
    private static final long MIN_TOKEN_LIFETIME = 120;
    private static final long MAX_TOKEN_LIFETIME = 43_200;
    /** The sandbox's one user (XeroSandbox.DEMO_EMAIL and DEMO_PASSWORD), for {@link #authorizeWithoutBrowser}. */
    private static final String SANDBOX_EMAIL = "demo@xero-sandbox.local";
    private static final String SANDBOX_PASSWORD = "sandbox";
    /** Reading the sandbox's own pages (see {@link #authorizeWithoutBrowser}); not a general HTML parser. */
    private static final Pattern FORM_ACTION = Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)=\"([^\"]*)\"");
    private static final Pattern ERROR = Pattern.compile("<[a-z]+\\b[^>]*\\bid=\"error\"[^>]*>(.*?)</[a-z]+>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final HttpClient http;
    private final String identityUrl;
    private final String loginUrl;
    private final String apiUrl;
    private final String clientId;
    private final String clientSecret;
    private final Duration timeout;
    private final Clock clock;

    public XeroIdentityClient(String identityUrl, String loginUrl, String apiUrl, String clientId, String clientSecret,
                              Duration timeout, Clock clock) {
        this.identityUrl = trim(identityUrl);
        this.loginUrl = trim(loginUrl);
        this.apiUrl = trim(apiUrl);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public String clientId() {
        return clientId;
    }

    public TokenResponse refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /**
     * A custom connection's token, for these scopes (space-separated; offline_access is left out, a custom connection
     * has no refresh token); none named: all the connection was authorised for.
     */
    public TokenResponse clientCredentials(String scopes) {
        String asked = String.join(" ", ScopeSet.split(scopes).stream().filter(s -> !"offline_access".equals(s)).toList());
        return token(asked.isEmpty() ? Map.of("grant_type", "client_credentials")
                : Map.of("grant_type", "client_credentials", "scope", asked));
    }

    public TokenResponse exchangeCode(String code, String redirectUri) {
        return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri));
    }

    /** The URL an admin opens to grant access. */
    public String authorizeUrl(String redirectUri, String scopes, String state) {
        return loginUrl + "/identity/connect/authorize?" + form(Map.of("response_type", "code", "client_id", clientId,
                "redirect_uri", redirectUri, "scope", scopes, "state", state));
    }

    /**
     * Follows the sandbox's authorize step without a browser, as a person would, and returns the code it redirects
     * with: opens the authorize URL, logs in on the login page as the sandbox's demo user, and on the consent page
     * allows access to every organisation offered. The pages are read with regular expressions, which suits the
     * sandbox's own pages only: Xero's real pages are for people, in a browser ({@link #authorizeUrl}). An authorize
     * endpoint that redirects with a code at once is followed too.
     *
     * @throws XeroAuthException {@code access_denied} when the authorize endpoint did not approve (a page was not what
     *                           the sandbox shows, the login was refused, or it redirected with an error), saying why;
     *                           {@code invalid_state} when the redirect carried another state
     */
    public String authorizeWithoutBrowser(String redirectUri, String scopes, String state) {
        HttpResponse<String> authorize = send(HttpRequest.newBuilder(URI.create(authorizeUrl(redirectUri, scopes, state)))
                .timeout(timeout).GET().build(), "authorize");
        if (authorize.statusCode() / 100 == 3) {
            return codeFrom(authorize, state, scopes);
        }
        PageForm login = pageForm(authorize, "the authorize page");
        HttpResponse<String> consent = post(login.action(), List.of(Map.entry("request", login.request()),
                Map.entry("email", SANDBOX_EMAIL), Map.entry("password", SANDBOX_PASSWORD)));
        if (consent.statusCode() / 100 == 3) {
            return codeFrom(consent, state, scopes);
        }
        PageForm choice = pageForm(consent, "the login page");
        if (choice.tenants().isEmpty()) {
            String refused = pageError(consent);
            throw notApproved(refused.isEmpty() ? "after logging in as " + SANDBOX_EMAIL + " it offered no organisation"
                    + " to allow" : "logging in as " + SANDBOX_EMAIL + " was refused" + refused);
        }
        List<Map.Entry<String, String>> allow = new ArrayList<>(List.of(Map.entry("request", choice.request()),
                Map.entry("decision", "allow")));
        choice.tenants().forEach(tenant -> allow.add(Map.entry("tenant", tenant)));
        HttpResponse<String> redirect = post(choice.action(), allow);
        if (redirect.statusCode() / 100 != 3) {
            throw notApproved("Allow access answered HTTP " + redirect.statusCode() + " instead of a redirect"
                    + pageError(redirect));
        }
        return codeFrom(redirect, state, scopes);
    }

    /** The form of one of the sandbox's authorize pages: where it posts, its request id, and the organisations offered. */
    private record PageForm(URI action, String request, List<String> tenants) {
    }

    private PageForm pageForm(HttpResponse<String> page, String what) {
        String html = page.body() == null ? "" : page.body();
        Matcher action = FORM_ACTION.matcher(html);
        String request = null;
        List<String> tenants = new ArrayList<>();
        Matcher input = INPUT.matcher(html);
        while (input.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher attribute = ATTRIBUTE.matcher(input.group());
            while (attribute.find()) {
                attributes.putIfAbsent(attribute.group(1).toLowerCase(java.util.Locale.ROOT), unescape(attribute.group(2)));
            }
            if ("request".equals(attributes.get("name")) && request == null) {
                request = attributes.get("value");
            } else if ("tenant".equals(attributes.get("name")) && attributes.get("value") != null) {
                tenants.add(attributes.get("value"));
            }
        }
        if (page.statusCode() != 200 || !action.find() || request == null || request.isEmpty()) {
            throw notApproved(what + " answered HTTP " + page.statusCode() + " without the form the sandbox shows"
                    + pageError(page));
        }
        return new PageForm(page.request().uri().resolve(unescape(action.group(1))), request, tenants);
    }

    private HttpResponse<String> post(URI action, List<Map.Entry<String, String>> fields) {
        String body = fields.stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(action).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), "authorize");
    }

    /** The code of the redirect to the app, after checking its state; an error names the scopes Xero refused. */
    private String codeFrom(HttpResponse<String> redirect, String state, String scopes) {
        String location = redirect.headers().firstValue("Location").orElse("");
        Map<String, String> query = new LinkedHashMap<>();
        String rawQuery = location.isEmpty() ? null : URI.create(location).getRawQuery();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        if (query.containsKey("error")) {
            String error = query.get("error");
            throw new XeroAuthException(ScopeRefusal.refusesScopes(error) ? error : "access_denied", "The authorize "
                    + "endpoint at " + loginUrl + " did not approve: it redirected with error=" + error + ". "
                    + ScopeRefusal.explain(error, query.get("error_description"), scopes, "sandbox.scopes"));
        }
        if (query.get("code") == null || query.get("code").isEmpty()) {
            throw notApproved("it redirected (HTTP " + redirect.statusCode() + ") without a code");
        }
        if (!state.equals(query.get("state"))) {
            throw new XeroAuthException("invalid_state", "The authorize redirect carried a different state (CSRF check failed)");
        }
        return query.get("code");
    }

    private XeroAuthException notApproved(String why) {
        return new XeroAuthException("access_denied", "The authorize endpoint at " + loginUrl + " did not approve: " + why);
    }

    /** ": " and the page's error message (#error), if it shows one. */
    private static String pageError(HttpResponse<String> page) {
        Matcher error = ERROR.matcher(page.body() == null ? "" : page.body());
        if (!error.find()) {
            return "";
        }
        return ": " + unescape(error.group(1).replaceAll("<[^>]*>", "")).replaceAll("\\s+", " ").trim();
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    /**
     * Revokes a refresh token ({@code POST {identity-url}/connect/revocation}, RFC 7009): its grant ends at Xero, with
     * its tokens and the organisations it connected. A token Xero does not know is no error there.
     *
     * @throws XeroAuthException when the endpoint answers anything but 200 (e.g. invalid_client), or cannot be reached
     */
    public void revoke(String refreshToken) {
        if (refreshToken == null || refreshToken.isEmpty()) {
            throw new IllegalArgumentException("No refresh token to revoke");
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(identityUrl + "/connect/revocation"))
                .timeout(timeout)
                .header("Authorization", basicAuthorization())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", refreshToken)))).build(), "revocation");
        if (response.statusCode() != 200) {
            String error = "revocation_failed";
            try {
                error = JSON.readTree(response.body()).path("error").asText(error);
            } catch (IOException e) {
                // no JSON: the status says enough
            }
            throw new XeroAuthException(error, "The revocation endpoint at " + identityUrl + " did not revoke the refresh "
                    + "token: " + error + " (HTTP " + response.statusCode() + ")" + advice(error));
        }
    }

    /**
     * Disconnects one organisation ({@code DELETE {api-url}/connections/{connectionId}}, the {@code id} of
     * {@link #connections}); done when Xero answers 204 (or 200), and when the connection is gone already (404).
     *
     * @throws XeroAuthException {@code unauthorized} on 401, {@code disconnect_failed} on any other answer
     */
    public void deleteConnection(String accessToken, String connectionId) {
        String url = apiUrl + "/connections/" + URLEncoder.encode(connectionId, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout).header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json").DELETE().build(), "connections");
        int status = response.statusCode();
        if (status != 204 && status != 200 && status != 404) {
            throw new XeroAuthException(status == 401 ? "unauthorized" : "disconnect_failed",
                    "DELETE " + url + " answered HTTP " + status);
        }
    }

    /** The organisations an access token reaches. */
    public List<XeroTenant> connections(String accessToken) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(apiUrl + "/connections"))
                .timeout(timeout).header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json").GET().build(), "connections");
        if (response.statusCode() != 200) {
            throw new XeroAuthException(response.statusCode() == 401 ? "unauthorized" : "connections_failed",
                    "GET " + apiUrl + "/connections answered HTTP " + response.statusCode());
        }
        List<XeroTenant> tenants = new ArrayList<>();
        try {
            for (JsonNode c : JSON.readTree(response.body())) {
                tenants.add(new XeroTenant(c.path("id").asText(null), c.path("tenantId").asText(null),
                        c.path("tenantType").asText(null), c.path("tenantName").asText(null)));
            }
        } catch (IOException e) {
            throw new XeroAuthException("connections_failed", "GET /connections answered malformed JSON", e);
        }
        return tenants;
    }

    private TokenResponse token(Map<String, String> form) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(identityUrl + "/connect/token"))
                .timeout(timeout)
                .header("Authorization", basicAuthorization())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build(), "token");
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new XeroAuthException("unavailable", "The token endpoint answered HTTP " + response.statusCode()
                    + " without JSON", e);
        }
        if (response.statusCode() != 200 || !body.hasNonNull("access_token")) {
            String error = body.path("error").asText("unknown_error");
            if (ScopeRefusal.refusesScopes(error)) {
                throw new XeroAuthException(error, "The token endpoint refused grant " + form.get("grant_type") + " (HTTP "
                        + response.statusCode() + "). " + ScopeRefusal.explain(error,
                        body.path("error_description").asText(null), form.get("scope"), "xero.scopes"));
            }
            throw new XeroAuthException(error, "The token endpoint refused grant " + form.get("grant_type") + ": "
                    + error + " (HTTP " + response.statusCode() + ")" + advice(error));
        }
        String accessToken = body.get("access_token").asText();
        if (!BEARER_TOKEN.matcher(accessToken).matches()) {
            // not printed: it may be a real token with a stray character, and it would go into logs and sync_failure
            throw new XeroAuthException("unavailable", "The token endpoint answered grant " + form.get("grant_type")
                    + " with an access token that is not a bearer token (" + accessToken.length() + " characters, "
                    + "not all of them allowed in an Authorization header); it was not used");
        }
        return new TokenResponse(accessToken,
                body.hasNonNull("refresh_token") ? body.get("refresh_token").asText() : null,
                clock.instant().plusSeconds(lifetime(body.path("expires_in"))),
                body.path("scope").asText(null));
    }

    /**
     * The seconds an access token lives, as Xero says, within reason: Xero's live 30 minutes. Zero, a negative number or
     * nothing would refresh before every call, and a day or more would keep using a token long dead (a 401 refreshes it
     * anyway); both are taken as Xero's 30 minutes.
     */
    static long lifetime(JsonNode expiresIn) {
        long seconds = expiresIn.canConvertToLong() ? expiresIn.asLong() : -1;
        if (seconds < MIN_TOKEN_LIFETIME || seconds > MAX_TOKEN_LIFETIME) {
            LOG.warn("The token endpoint said the access token lives {} s; taken as Xero's {} s",
                    ExternalText.printable(expiresIn.asText()), XERO_TOKEN_LIFETIME);
            return XERO_TOKEN_LIFETIME;
        }
        return seconds;
    }

    /** HTTP Basic client authentication, as Xero's identity endpoints take it. */
    private String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    }

    private static String advice(String error) {
        return switch (error) {
            case "invalid_grant" -> ". The refresh token expired, was revoked or was already used: connect Xero again "
                    + "and give the new refresh token in XERO_REFRESH_TOKEN.";
            case "invalid_client" -> ". Check xero.client-id and XERO_CLIENT_SECRET.";
            default -> ".";
        };
    }

    private HttpResponse<String> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new XeroAuthException("unavailable", "Cannot reach Xero's " + what + " endpoint at "
                    + request.uri().getHost() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XeroAuthException("unavailable", "Interrupted while calling Xero's " + what + " endpoint", e);
        }
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
