package com.xerosync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
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
import java.util.stream.Collectors;

/**
 * Xero's identity side: the token endpoint ({@code {identity-url}/connect/token}), the authorize endpoint
 * ({@code {login-url}/identity/connect/authorize}) and {@code {api-url}/connections}. The same code talks to Xero, to
 * the sandbox or to any server that speaks Xero's API.
 */
public final class XeroIdentityClient {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    public TokenResponse clientCredentials() {
        return token(Map.of("grant_type", "client_credentials"));
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
     * Follows the authorize step without a browser and returns the code it redirects with. Only an authorize endpoint
     * that approves by itself (the sandbox) answers this way; Xero itself shows a login page.
     */
    public String authorizeWithoutBrowser(String redirectUri, String scopes, String state) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(authorizeUrl(redirectUri, scopes, state)))
                .timeout(timeout).GET().build(), "authorize");
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() / 100 != 3 || !location.contains("code=")) {
            throw new XeroAuthException("access_denied", "The authorize endpoint at " + loginUrl
                    + " did not approve by itself (HTTP " + response.statusCode() + ")");
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        if (!state.equals(query.get("state"))) {
            throw new XeroAuthException("invalid_state", "The authorize redirect carried a different state (CSRF check failed)");
        }
        return query.get("code");
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
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(identityUrl + "/connect/token"))
                .timeout(timeout)
                .header("Authorization", "Basic " + basic)
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
            throw new XeroAuthException(error, "The token endpoint refused grant " + form.get("grant_type") + ": "
                    + error + " (HTTP " + response.statusCode() + ")" + advice(error));
        }
        return new TokenResponse(body.get("access_token").asText(),
                body.hasNonNull("refresh_token") ? body.get("refresh_token").asText() : null,
                clock.instant().plusSeconds(body.path("expires_in").asLong(1800)),
                body.path("scope").asText(null));
    }

    private static String advice(String error) {
        return switch (error) {
            case "invalid_grant" -> ". The refresh token expired, was revoked or was already used: connect Xero again "
                    + "and give the new refresh token in XERO_REFRESH_TOKEN.";
            case "invalid_client" -> ". Check xero.client-id and XERO_CLIENT_SECRET.";
            case "unauthorized_client", "invalid_scope" -> ". The app is not allowed these scopes or this grant type.";
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
