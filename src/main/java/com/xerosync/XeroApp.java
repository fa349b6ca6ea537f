package com.xerosync;

import com.xerosync.auth.XeroConnections;
import com.xerosync.config.AppPlan;
import com.xerosync.config.XeroRateLimits;
import com.xerosync.config.XeroSyncSettings;
import com.xerosync.sandbox.EmbeddedSandbox;
import java.util.Map;

/**
 * The Xero app the service syncs with, as its settings describe it: a real app ({@code xero.client-id}, its secret
 * from the environment, how it connects) or, with none, the built-in sandbox's; the limits the governor keeps to; and
 * where Xero is, when it is the sandbox.
 *
 * @param urls the {@code xero.*-url} settings the sandbox replaces; empty for a real app
 */
record XeroApp(XeroConnections.Mode mode, String clientId, String clientSecret, XeroRateLimits limits,
               Map<String, String> urls) {

    /** The real app the settings name. */
    static XeroApp real(XeroSyncSettings settings, AppPlan plan) {
        String secret = settings.secret("xero.client-secret").orElseThrow(() -> new IllegalStateException(
                "xero.client-id is set, so the client secret is needed: set the environment variable "
                        + XeroSyncSettings.secretEnvName("xero.client-secret")));
        XeroConnections.Mode mode = "client-credentials".equalsIgnoreCase(settings.get("xero.auth-mode", "refresh-token")
                .trim()) ? XeroConnections.Mode.CLIENT_CREDENTIALS : XeroConnections.Mode.REFRESH_TOKEN;
        XeroRateLimits xero = XeroRateLimits.XERO;
        XeroRateLimits limits = new XeroRateLimits(settings.getBoolean("xero.limits.enabled", true),
                settings.getInt("xero.limits.concurrent", xero.concurrent()),
                settings.getInt("xero.limits.per-minute", xero.perMinute()),
                settings.getInt("xero.limits.per-day", plan.plan().callsPerDay()),
                settings.getInt("xero.limits.app-per-minute", xero.appPerMinute()),
                settings.getDuration("xero.limits.minute", xero.minute()), xero.day());
        return new XeroApp(mode, settings.require("xero.client-id"), secret, limits, Map.of());
    }

    /**
     * The sandbox's app. The governor keeps to the limits the sandbox enforces; when it enforces none (the demo), to
     * its plan's day.
     */
    static XeroApp sandbox(XeroSyncSettings settings, EmbeddedSandbox sandbox) {
        XeroRateLimits enforced = sandbox.rateLimits();
        XeroRateLimits limits = new XeroRateLimits(enforced.enforced() && settings.getBoolean("xero.limits.enabled", true),
                enforced.concurrent(), enforced.perMinute(), settings.getInt("xero.limits.per-day", enforced.perDay()),
                enforced.appPerMinute(), enforced.minute(), enforced.day());
        return new XeroApp(XeroConnections.Mode.SANDBOX, sandbox.clientId(), sandbox.clientSecret(), limits,
                Map.of("xero.identity-url", sandbox.baseUrl(), "xero.login-url", sandbox.baseUrl(),
                        "xero.api-url", sandbox.baseUrl()));
    }
}
