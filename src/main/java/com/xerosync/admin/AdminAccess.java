package com.xerosync.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.camel.Exchange;

/**
 * Who may use the admin pages, and that a form posted to them came from them. With a password configured
 * ({@code admin.username}, {@code ADMIN_PASSWORD}) every page and action asks for it (HTTP Basic). Without one, only
 * the sandbox may be administered, and only from this machine: a real Xero connection is never left open.
 *
 * <p>Every form carries a token only these pages know, checked on every POST: a browser sends Basic credentials to
 * any site's form that posts here, so credentials alone would let another site disconnect an organisation (CSRF).
 */
public final class AdminAccess {

    static final String REALM = "xero-sync admin";

    private final String username;
    private final byte[] password;
    private final boolean sandbox;
    private final String formToken;

    /** @param password null when none is configured */
    public AdminAccess(String username, String password, boolean sandbox) {
        this.username = username;
        this.password = password == null ? null : password.getBytes(StandardCharsets.UTF_8);
        this.sandbox = sandbox;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.formToken = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** The hidden field every admin form carries. */
    String formField() {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + formToken + "\">";
    }

    /** Camel step before every admin page and action: lets the request through, or answers 401/403 and stops the route. */
    public void check(Exchange exchange) {
        if (password != null) {
            if (!credentialsMatch(Responses.requestHeader(exchange, "Authorization"))) {
                Responses.html(exchange, 401, Html.page("Sign in", "<div class=\"card\"><h1>Sign in required</h1>"
                        + "<p>The admin pages need the admin's user name and password (admin.username, ADMIN_PASSWORD).</p></div>"));
                exchange.getMessage().setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
                exchange.setRouteStop(true);
            }
        } else if (!sandbox || !Responses.fromLoopback(exchange)) {
            Responses.html(exchange, 403, Html.page("Not configured", "<div class=\"card\"><h1>Admin access is not configured</h1>"
                    + "<p>Set <code>admin.username</code> and the environment variable <code>ADMIN_PASSWORD</code>, then "
                    + "restart. Without them the admin pages serve only the built-in sandbox, and only to this machine.</p></div>"));
            exchange.setRouteStop(true);
        }
        if (!exchange.isRouteStop() && "POST".equals(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))
                && !formToken.equals(Responses.formValue(exchange, "csrf"))) {
            Responses.html(exchange, 403, Html.page("Refused", "<div class=\"card\"><h1>Refused</h1><p>This form did not come "
                    + "from the admin pages (cross-site request check). Open <a href=\"/admin\">the admin page</a> and try again.</p></div>"));
            exchange.setRouteStop(true);
        }
    }

    private boolean credentialsMatch(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        // compared in constant time, both parts always, so timing tells nothing
        boolean user = MessageDigest.isEqual(decoded.substring(0, colon).getBytes(StandardCharsets.UTF_8),
                username.getBytes(StandardCharsets.UTF_8));
        boolean secret = MessageDigest.isEqual(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8), password);
        return user & secret;
    }
}
