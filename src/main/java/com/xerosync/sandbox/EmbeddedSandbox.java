package com.xerosync.sandbox;

import com.xerosync.config.XeroPlan;
import com.xerosync.config.XeroRateLimits;
import com.xerosync.config.XeroSyncSettings;
import com.xerosync.sandbox.limits.Latency;
import com.xerosync.sandbox.settings.SandboxSettings;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The built-in sandbox as the service runs it when no Xero app is configured, and the one seam between the two: the
 * service starts it from its {@code sandbox.*} settings, points its Xero URLs at {@link #baseUrl()}, keeps to the
 * limits it counts, and connects its demo through {@link #redirectAfterConsent}. Nothing else of the sandbox is the
 * service's business; tests reach the sandbox itself through {@link #sandbox()}.
 */
public final class EmbeddedSandbox implements AutoCloseable {

    private final XeroSandbox sandbox;
    private final SandboxSettings settings;
    private final DemoLogin demoLogin;

    private EmbeddedSandbox(XeroSandbox sandbox, SandboxSettings settings, Duration timeout) {
        this.sandbox = sandbox;
        this.settings = settings;
        this.demoLogin = new DemoLogin(timeout);
    }

    /**
     * Starts the sandbox as an app on that Xero plan would meet Xero (its connection cap, day limit and journals), with
     * the faults and activity its settings ask for.
     *
     * @param timeout how long the demo's login waits for each of the sandbox's pages
     */
    public static EmbeddedSandbox start(XeroSyncSettings service, XeroPlan plan, Duration timeout) {
        SandboxSettings settings = settings(service, plan);
        XeroSandbox sandbox = new XeroSandbox(settings).start(service.getInt("sandbox.port", 0));
        try {
            sandbox.injectAll(service.get("sandbox.faults", ""));
            sandbox.latency(Latency.parse(service.get("sandbox.latency", "off")));
            Duration activity = service.getDuration("sandbox.activity-interval", Duration.ZERO);
            if (!activity.isZero()) {
                sandbox.simulateActivity(activity, service.getInt("sandbox.activity-changes", 5));
            }
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        return new EmbeddedSandbox(sandbox, settings, timeout);
    }

    /**
     * The {@code sandbox} command: the sandbox alone, in the foreground, for another process (a service pointed at it
     * as at Xero, a browser, a test); its options are {@link XeroSandbox#main}'s.
     */
    public static void runStandalone(String[] args) throws InterruptedException {
        XeroSandbox.main(args);
    }

    /** The sandbox's settings from the service's {@code sandbox.*} keys, serving an app on that plan. */
    static SandboxSettings settings(XeroSyncSettings service, XeroPlan plan) {
        SandboxSettings defaults = SandboxSettings.defaults();
        return defaults
                .withToday(SandboxSettings.parseToday("sandbox.today", service.get("sandbox.today", ""), defaults.today()))
                .withAppName(service.get("sandbox.app-name", SandboxSettings.DEFAULT_APP_NAME))
                .withSeed(service.getLong("sandbox.seed", 42))
                .withOrganisations(service.getInt("sandbox.organisations", 2))
                .withContacts(service.getInt("sandbox.contacts", 3000))
                .withInvoices(service.getInt("sandbox.invoices", 20000))
                .withAccessTokenTtl(service.getDuration("sandbox.access-token-ttl", Duration.ofMinutes(30)))
                .withAppCreated(service.get("sandbox.app-created").filter(d -> !d.isBlank()).map(EmbeddedSandbox::date)
                        .orElse(defaults.appCreated()))
                .withRateLimits(XeroRateLimits.XERO
                        .withEnforced(service.getBoolean("sandbox.rate-limits", false))
                        .withMinute(service.getDuration("sandbox.rate-limit-minute", Duration.ofMinutes(1)))
                        .withDay(service.getDuration("sandbox.rate-limit-day", Duration.ofDays(1))))
                .withPlan(plan);
    }

    private static LocalDate date(String isoDate) {
        try {
            return LocalDate.parse(isoDate.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("sandbox.app-created must be a date, YYYY-MM-DD (the day the sandbox's app "
                    + "was created), not '" + isoDate + "'");
        }
    }

    /** Where it serves Xero's identity, login and API. */
    public String baseUrl() {
        return sandbox.baseUrl();
    }

    /** The limits it counts, and whether it enforces those under a day (429). */
    public XeroRateLimits rateLimits() {
        return settings.rateLimits();
    }

    /** Its app's client id. */
    public String clientId() {
        return settings.clientId();
    }

    /** Its app's client secret. */
    public String clientSecret() {
        return settings.clientSecret();
    }

    /**
     * Its demo user allowing access on the authorize pages: where the sandbox then redirects back to the app.
     *
     * @throws DemoLogin.NotApproved when the pages did not lead back, saying where they stopped
     */
    public String redirectAfterConsent(String authorizeUrl) {
        return demoLogin.redirectAfterConsent(authorizeUrl);
    }

    /** The sandbox itself, for tests and the bench. */
    public XeroSandbox sandbox() {
        return sandbox;
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
