package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.xerosync.sandbox.AuthorizationServer.Authentication;
import com.xerosync.sandbox.AuthorizationServer.Connection;
import com.xerosync.sandbox.AuthorizationServer.OAuthException;
import com.xerosync.sandbox.AuthorizationServer.Tokens;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Xero's identity endpoints: {@code GET /identity/connect/authorize} (login.xero.com),
 * {@code POST /connect/token} (identity.xero.com) and {@code GET|DELETE /connections}
 * (api.xero.com), all on the sandbox's one base URL.
 */
final class IdentityHandler {

    private final AuthorizationServer authority;

    IdentityHandler(AuthorizationServer authority) {
        this.authority = authority;
    }

    /** Whether {@code path} is one of these endpoints. */
    static boolean serves(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.equals("/identity/connect/authorize") || p.equals("/connect/token")
                || p.equals("/connections") || p.startsWith("/connections/");
    }

    void handle(HttpExchange exchange, String path) throws IOException {
        String p = path.toLowerCase(Locale.ROOT);
        String method = exchange.getRequestMethod();
        if (p.equals("/identity/connect/authorize") && method.equals("GET")) {
            authorize(exchange);
        } else if (p.equals("/connect/token") && method.equals("POST")) {
            token(exchange);
        } else if (p.equals("/connections") && method.equals("GET")) {
            connections(exchange);
        } else if (p.startsWith("/connections/") && method.equals("DELETE")) {
            disconnect(exchange, path.substring("/connections/".length()));
        } else {
            HttpExchanges.sendJson(exchange, 405, XeroJson.error(405, "MethodNotAllowed", method + " " + path + " is not supported"));
        }
    }

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
        String state = query.get("state");
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        if (!"code".equals(query.get("response_type"))) {
            location.append("error=unsupported_response_type");
        } else if (AuthorizationServer.unknownScope(query.get("scope")).isPresent()) {
            location.append("error=invalid_scope");
        } else {
            String scope = query.get("scope");
            location.append("code=").append(encode(authority.authorize(redirectUri, scope)))
                    .append("&scope=").append(encode(scope == null || scope.isBlank() ? AuthorizationServer.DEFAULT_SCOPE : scope));
        }
        if (state != null) {
            location.append("&state=").append(encode(state));
        }
        HttpExchanges.redirect(exchange, location.toString());
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

    private void connections(HttpExchange exchange) throws IOException {
        Authentication auth = authority.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (!auth.valid()) {
            AccountingHandler.sendUnauthorized(exchange, auth);
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
            AccountingHandler.sendUnauthorized(exchange, auth);
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
}
