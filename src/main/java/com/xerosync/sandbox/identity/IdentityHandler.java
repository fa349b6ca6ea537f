package com.xerosync.sandbox.identity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.xerosync.config.XeroPlan;
import com.xerosync.sandbox.http.HttpExchanges;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.http.XeroJson;
import com.xerosync.sandbox.identity.AuthorizationServer.Authentication;
import com.xerosync.sandbox.identity.AuthorizationServer.Connection;
import com.xerosync.sandbox.identity.AuthorizationServer.OAuthException;
import com.xerosync.sandbox.identity.AuthorizationServer.PendingAuthorization;
import com.xerosync.sandbox.identity.AuthorizationServer.Tokens;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Xero's identity endpoints, all on the sandbox's one base URL: the authorize step as login.xero.com
 * shows it to people ({@code GET /identity/connect/authorize} validates the request and shows the
 * login page, {@code POST /identity/connect/authorize/login} the consent page, and
 * {@code POST /identity/connect/authorize/consent} redirects with a code or an error; see
 * {@link AuthorizePages}), {@code POST /connect/token} and {@code POST /connect/revocation}
 * (identity.xero.com), and {@code GET|DELETE /connections} (api.xero.com).
 */
public final class IdentityHandler {

    private final AuthorizationServer authority;

    public IdentityHandler(AuthorizationServer authority) {
        this.authority = authority;
    }

    /** Whether {@code path} is one of these endpoints. */
    public static boolean serves(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.equals("/identity/connect/authorize") || p.equals(AuthorizePages.LOGIN_PATH)
                || p.equals(AuthorizePages.CONSENT_PATH) || p.equals("/connect/token") || p.equals("/connect/revocation")
                || p.equals("/connections") || p.startsWith("/connections/");
    }

    public void handle(HttpExchange exchange, String path) throws IOException {
        String p = path.toLowerCase(Locale.ROOT);
        String method = exchange.getRequestMethod();
        if (p.equals("/identity/connect/authorize") && method.equals("GET")) {
            authorize(exchange);
        } else if (p.equals(AuthorizePages.LOGIN_PATH) && method.equals("POST")) {
            login(exchange);
        } else if (p.equals(AuthorizePages.CONSENT_PATH) && method.equals("POST")) {
            consent(exchange);
        } else if (p.equals("/connect/token") && method.equals("POST")) {
            token(exchange);
        } else if (p.equals("/connect/revocation") && method.equals("POST")) {
            revoke(exchange);
        } else if (p.equals("/connections") && method.equals("GET")) {
            connections(exchange);
        } else if (p.startsWith("/connections/") && method.equals("DELETE")) {
            disconnect(exchange, path.substring("/connections/".length()));
        } else {
            HttpExchanges.sendJson(exchange, 405, XeroJson.error(405, "MethodNotAllowed", method + " " + path + " is not supported"));
        }
    }

    /**
     * Validates the request as Xero does (an unknown client or no redirect_uri: 400, as there is nowhere safe to send
     * the user; a bad response_type, an unknown scope or one not offered to this app: redirected with the error), then
     * shows the login page for it.
     */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = HttpExchanges.query(exchange);
        String redirectUri = query.get("redirect_uri");
        if (!authority.knowsClient(query.get("client_id"))) {
            HttpExchanges.sendJson(exchange, 400, XeroJson.oauthError("invalid_client"));
            return;
        }
        if (redirectUri == null || redirectUri.isBlank()) {
            HttpExchanges.sendJson(exchange, 400, XeroJson.oauthError("invalid_request"));
            return;
        }
        if (!registered(redirectUri)) {
            // as Xero: a redirect URI the app did not register is answered here, never redirected to (it would send
            // the code to whoever wrote the link)
            HttpExchanges.sendJson(exchange, 400, XeroJson.oauthError("invalid_request"));
            return;
        }
        String state = query.get("state");
        if (!"code".equals(query.get("response_type"))) {
            HttpExchanges.redirect(exchange, redirection(redirectUri, "error=unsupported_response_type", state));
        } else if (AuthorizationServer.unknownScope(query.get("scope")).isPresent()) {
            HttpExchanges.redirect(exchange, redirection(redirectUri, "error=invalid_scope", state));
        } else if (authority.refusal(query.get("scope")).isPresent()) {
            // as Xero: a new app asking for a broad scope, or any app for a scope it is not allowed
            HttpExchanges.redirect(exchange, redirection(redirectUri, "error=" + authority.refusal(query.get("scope")).get(),
                    state));
        } else {
            String request = authority.startAuthorization(query.get("client_id"), redirectUri, query.get("scope"), state);
            HttpExchanges.sendHtml(exchange, 200, AuthorizePages.login(request, "", null));
        }
    }

    /**
     * The sandbox's app has registered the redirect URIs on this machine only: http on localhost, 127.0.0.1 or [::1],
     * any port and path (the service's callback, the demo's and the tests'), with no user info or fragment.
     */
    static boolean registered(String redirectUri) {
        try {
            java.net.URI uri = new java.net.URI(redirectUri);
            String host = uri.getHost();
            return "http".equals(uri.getScheme()) && uri.getRawUserInfo() == null && uri.getRawFragment() == null
                    && host != null && java.util.Set.of("localhost", "127.0.0.1", "[::1]").contains(host.toLowerCase(
                    java.util.Locale.ROOT));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** The login form: the demo user's credentials lead to the consent page; others to the login page with an error. */
    private void login(HttpExchange exchange) throws IOException {
        Map<String, String> form = HttpExchanges.form(exchange);
        String request = form.get("request");
        Optional<PendingAuthorization> pending = authority.pendingAuthorization(request);
        if (pending.isEmpty()) {
            HttpExchanges.sendHtml(exchange, 400, AuthorizePages.startAgain());
        } else if (!AuthorizationServer.validCredentials(form.get("email"), form.get("password"))) {
            HttpExchanges.sendHtml(exchange, 200, AuthorizePages.login(request, form.getOrDefault("email", ""),
                    "Incorrect email or password"));
        } else {
            authority.logIn(request);
            Map<String, String> organisations = authority.tenantNames();
            HttpExchanges.sendHtml(exchange, 200, AuthorizePages.consent(request, authority.appName(), pending.get().clientId(),
                    pending.get().scope(), organisations, organisations.keySet(), null, planNote()));
        }
    }

    /**
     * The consent form, answered once per request: Allow access with at least one organisation redirects with a code
     * for those organisations; Cancel redirects with {@code error=access_denied}; Allow with none shows the page again.
     * Allow access beyond the connection cap of the app's plan redirects with {@code error=access_denied} and an
     * {@code error_description} saying so, and connects nothing.
     */
    private void consent(HttpExchange exchange) throws IOException {
        Map<String, List<String>> form = HttpExchanges.formValues(exchange);
        String request = first(form, "request");
        Optional<PendingAuthorization> pending = authority.pendingAuthorization(request);
        if (pending.isEmpty() || !pending.get().loggedIn()) {
            HttpExchanges.sendHtml(exchange, 400, AuthorizePages.startAgain());
            return;
        }
        String decision = first(form, "decision");
        List<String> chosen = form.getOrDefault("tenant", List.of()).stream()
                .filter(t -> authority.tenantNames().keySet().stream().anyMatch(t::equalsIgnoreCase)).toList();
        if ("allow".equals(decision) && chosen.isEmpty() || !"allow".equals(decision) && !"deny".equals(decision)) {
            HttpExchanges.sendHtml(exchange, 200, AuthorizePages.consent(request, authority.appName(), pending.get().clientId(),
                    pending.get().scope(), authority.tenantNames(), chosen, "allow".equals(decision)
                            ? "Choose at least one organisation to allow access to" : "Choose Allow access or Cancel",
                    planNote()));
            return;
        }
        Optional<PendingAuthorization> decided = authority.decide(request);
        if (decided.isEmpty()) {
            HttpExchanges.sendHtml(exchange, 400, AuthorizePages.startAgain());
            return;
        }
        PendingAuthorization granted = decided.get();
        if ("deny".equals(decision)) {
            HttpExchanges.redirect(exchange, redirection(granted.redirectUri(), "error=access_denied", granted.state()));
            return;
        }
        Optional<String> beyondCap = authority.beyondConnectionCap(chosen);
        if (beyondCap.isPresent()) {
            HttpExchanges.redirect(exchange, redirection(granted.redirectUri(), "error=access_denied&error_description="
                    + encode(beyondCap.get()), granted.state()));
            return;
        }
        String code = authority.authorize(granted.redirectUri(), granted.scope(), chosen);
        HttpExchanges.redirect(exchange, redirection(granted.redirectUri(),
                "code=" + encode(code) + "&scope=" + encode(granted.scope()), granted.state()));
    }

    /** What the consent page says of the app's plan and its connections, e.g. "Starter plan: 3 of 5 organisations connected". */
    private String planNote() {
        XeroPlan plan = authority.plan();
        int connected = authority.connectedTenants().size();
        return plan.title() + " plan: " + connected + (plan.capsConnections() ? " of " + plan.connections() : "")
                + " organisation" + (connected == 1 && !plan.capsConnections() ? "" : "s") + " connected";
    }

    /** {@code redirect_uri} with these parameters and the state (when the request had one) added to its query. */
    private static String redirection(String redirectUri, String parameters, String state) {
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
                .append(parameters);
        if (state != null) {
            location.append("&state=").append(encode(state));
        }
        return location.toString();
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null ? null : values.get(0);
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = HttpExchanges.form(exchange);
        try {
            String[] client = clientCredentials(exchange.getRequestHeaders().getFirst("Authorization"), form);
            authority.authenticateClient(client[0], client[1]);
            String grantType = form.getOrDefault("grant_type", "");
            Tokens tokens = switch (grantType) {
                case "authorization_code" -> authority.exchangeCode(form.get("code"), form.get("redirect_uri"));
                case "refresh_token" -> authority.refresh(form.get("refresh_token"));
                case "client_credentials" -> authority.clientCredentials(form.get("scope"));
                default -> throw new OAuthException(400, "unsupported_grant_type", grantType);
            };
            ObjectNode body = XeroJson.NODES.objectNode();
            body.put("access_token", tokens.accessToken());
            body.put("expires_in", tokens.expiresIn());
            body.put("token_type", "Bearer");
            if (tokens.refreshToken() != null) {
                body.put("refresh_token", tokens.refreshToken());
            }
            body.put("scope", tokens.scope());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            HttpExchanges.sendJson(exchange, 200, body);
        } catch (OAuthException e) {
            HttpExchanges.sendJson(exchange, e.status, XeroJson.oauthError(e.error));
        }
    }

    /**
     * RFC 7009, as Xero's {@code POST /connect/revocation}: client authentication, then {@code token} (a refresh
     * token) ends its grant. 200 with an empty body whether or not the token was known.
     */
    private void revoke(HttpExchange exchange) throws IOException {
        Map<String, String> form = HttpExchanges.form(exchange);
        try {
            String[] client = clientCredentials(exchange.getRequestHeaders().getFirst("Authorization"), form);
            authority.authenticateClient(client[0], client[1]);
            String token = form.get("token");
            if (token == null || token.isBlank()) {
                throw new OAuthException(400, "invalid_request", "token is required");
            }
            authority.revoke(token);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            HttpExchanges.sendEmpty(exchange, 200);
        } catch (OAuthException e) {
            HttpExchanges.sendJson(exchange, e.status, XeroJson.oauthError(e.error));
        }
    }

    private void connections(HttpExchange exchange) throws IOException {
        Authentication auth = authority.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!auth.valid()) {
            sendUnauthorized(exchange, auth);
            return;
        }
        String authEventId = HttpExchanges.query(exchange).get("authEventId");
        ArrayNode body = XeroJson.NODES.arrayNode();
        if (authEventId == null || authEventId.equalsIgnoreCase(auth.grant().authEventId)) {
            for (Connection c : auth.grant().connections) {
                ObjectNode node = body.addObject();
                node.put("id", c.id());
                node.put("authEventId", auth.grant().authEventId);
                node.put("tenantId", c.tenantId());
                node.put("tenantType", "ORGANISATION");
                node.put("tenantName", c.tenantName());
                node.put("createdDateUtc", XeroFormat.identityDate(c.created()));
                node.put("updatedDateUtc", XeroFormat.identityDate(c.created()));
            }
        }
        HttpExchanges.sendJson(exchange, 200, body);
    }

    private void disconnect(HttpExchange exchange, String connectionId) throws IOException {
        Authentication auth = authority.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!auth.valid()) {
            sendUnauthorized(exchange, auth);
        } else if (authority.disconnect(auth.grant(), connectionId)) {
            HttpExchanges.sendEmpty(exchange, 204);
        } else {
            HttpExchanges.sendJson(exchange, 404, XeroJson.error(404, "NotFound", "No connection " + connectionId));
        }
    }

    /** HTTP Basic first, as Xero documents; client_id/client_secret form fields otherwise. */
    private static String[] clientCredentials(String authorization, Map<String, String> form) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
                }
            } catch (IllegalArgumentException e) {
                throw new OAuthException(401, "invalid_client", "malformed Basic credentials");
            }
            throw new OAuthException(401, "invalid_client", "malformed Basic credentials");
        }
        return new String[] {form.get("client_id"), form.get("client_secret")};
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** 401 as Xero's gateway answers it: why, and for an expired token, since when. */
    public static void sendUnauthorized(HttpExchange exchange, Authentication auth) throws IOException {
        String detail = auth.expiredAt() != null
                ? "TokenExpired: token expired at " + auth.expiredAt().truncatedTo(ChronoUnit.SECONDS)
                : "AuthenticationUnsuccessful";
        HttpExchanges.sendJson(exchange, 401, XeroJson.problem(401, "Unauthorized", detail));
    }
}
