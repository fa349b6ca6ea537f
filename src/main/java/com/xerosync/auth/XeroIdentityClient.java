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
     * The code of Xero's redirect back to the app ({@code Location} of the last authorize page), after checking its
     * state; an error names the scopes Xero refused.
     *
     * @param scopesKey the setting the scopes asked for came from, named in what to do about a refusal
     * @throws XeroAuthException {@code access_denied} or the scope error when it did not approve, saying why;
     *                           {@code invalid_state} when the redirect carried another state
     */
    public String codeFromRedirect(String location, String state, String scopes, String scopesKey) {
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
                    + ScopeRefusal.explain(error, query.get("error_description"), scopes, scopesKey));
        }
        if (query.get("code") == null || query.get("code").isEmpty()) {
            throw notApproved(location.isEmpty() ? "it did not redirect back" : "it redirected without a code");
        }
        if (!state.equals(query.get("state"))) {
            throw new XeroAuthException("invalid_state", "The authorize redirect carried a different state (CSRF check failed)");
        }
        return query.get("code");
    }

    /** That the authorize endpoint did not approve, and why. */
    public XeroAuthException notApproved(String why) {
        return new XeroAuthException("access_denied", "The authorize endpoint at " + loginUrl + " did not approve: " + why);
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
