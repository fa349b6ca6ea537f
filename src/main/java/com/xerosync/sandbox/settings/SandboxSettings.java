package com.xerosync.sandbox.settings;

import com.xerosync.config.ScopeSet;
import com.xerosync.config.XeroPlan;
import com.xerosync.config.XeroRateLimits;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What the offline Xero sandbox serves and how its identity service behaves.
 *
 * <p>{@code contacts} and {@code invoices} are the sizes of the first organisation; every further
 * organisation gets half of each (rounded up), so a multi-tenant sync sees organisations of
 * different sizes, as it would in production.
 *
 * <p>{@code rateLimits} are counted and reported on every answer; the day limit is always enforced (429), the others
 * only when they say so.
 *
 * <p>{@code today} is the day the generated history leads up to (it ends where that day starts, UTC): the same
 * seed and the same {@code today} give byte-identical data. {@code clock} is the wall clock the envelopes'
 * DateTimeUTC and the changes' timestamps follow. By default both are the system's, so the history ends today;
 * a fixed {@code today} (and clock) makes a run reproducible on any day.
 *
 * <p>{@code appName} is the name of the app the sandbox serves: its consent page shows it and its answers carry it
 * as ProviderName, as Xero's carry the calling app's name. {@code appCreated} is the day that app was created: Xero
 * offers an app created on or after 2 March 2026 the granular scopes only ({@link ScopeSet#offeredToAppCreated}), and
 * an older one the broad scopes too. {@code plan} is the Xero plan the app is on: how many organisations the consent
 * page lets it connect, and whether {@code GET /Journals} answers (Advanced and Enterprise) or refuses it (401);
 * {@link #withPlan} also sets the day limit to the plan's.
 */
public record SandboxSettings(long seed, int organisations, int contacts, int invoices,
                              Duration accessTokenTtl, Duration refreshTokenGrace,
                              String clientId, String clientSecret, XeroRateLimits rateLimits,
                              LocalDate today, Clock clock, String appName, LocalDate appCreated, XeroPlan plan) {

    /** The product's own name, which its Xero app carries. */
    public static final String DEFAULT_APP_NAME = "xero-sync";

    public SandboxSettings {
        if (organisations < 1) {
            throw new IllegalArgumentException("organisations must be at least 1");
        }
        if (contacts < 0 || invoices < 0) {
            throw new IllegalArgumentException("contacts and invoices must not be negative");
        }
        if (invoices > 0 && contacts == 0) {
            throw new IllegalArgumentException("invoices need at least one contact to be addressed to");
        }
        Objects.requireNonNull(accessTokenTtl, "accessTokenTtl");
        Objects.requireNonNull(refreshTokenGrace, "refreshTokenGrace");
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero()) {
            throw new IllegalArgumentException("accessTokenTtl must be positive");
        }
        if (refreshTokenGrace.isNegative()) {
            throw new IllegalArgumentException("refreshTokenGrace must not be negative");
        }
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("clientId and clientSecret are required");
        }
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(today, "today");
        Objects.requireNonNull(clock, "clock");
        if (appName == null || appName.isBlank()) {
            throw new IllegalArgumentException("appName is required");
        }
        Objects.requireNonNull(appCreated, "appCreated");
        Objects.requireNonNull(plan, "plan");
    }

    /**
     * Two demo companies (AU with 3000 contacts and 20000 invoices, NZ with half), Xero's 30-minute token lifetimes,
     * Xero's minute limits reported but not enforced, so the demo syncs at full speed, a history that ends today
     * (UTC), and an app named {@value #DEFAULT_APP_NAME}, created today (granular scopes only, as every app created
     * from March 2026) and on the Advanced plan (so the demo shows every API, journals included).
     */
    public static SandboxSettings defaults() {
        Clock wall = Clock.systemUTC();
        return new SandboxSettings(42, 2, 3000, 20000, Duration.ofMinutes(30), Duration.ofMinutes(30),
                "sandbox-client", "sandbox-secret", XeroRateLimits.XERO.withEnforced(false).withPerDay(XeroPlan.ADVANCED.callsPerDay()),
                LocalDate.now(wall), wall, DEFAULT_APP_NAME, newAppCreated(wall), XeroPlan.ADVANCED);
    }

    public SandboxSettings withSeed(long seed) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    public SandboxSettings withOrganisations(int organisations) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    public SandboxSettings withContacts(int contacts) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    public SandboxSettings withInvoices(int invoices) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    public SandboxSettings withAccessTokenTtl(Duration accessTokenTtl) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    public SandboxSettings withRefreshTokenGrace(Duration refreshTokenGrace) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    public SandboxSettings withClientId(String clientId) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    public SandboxSettings withClientSecret(String clientSecret) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    public SandboxSettings withRateLimits(XeroRateLimits rateLimits) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    /** The day the generated history leads up to; the wall clock stays as it is. */
    public SandboxSettings withToday(LocalDate today) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    /** The wall clock, and the history leading up to its day. */
    public SandboxSettings withClock(Clock clock) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                LocalDate.now(clock.withZone(ZoneOffset.UTC)), clock, appName, appCreated, plan);
    }

    public SandboxSettings withAppName(String appName) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    public SandboxSettings withAppCreated(LocalDate appCreated) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits,
                today, clock, appName, appCreated, plan);
    }

    /** An app on that plan: its connection cap, its journals, and its day limit (a later {@link #withRateLimits} may change it). */
    public SandboxSettings withPlan(XeroPlan plan) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret,
                rateLimits.withPerDay(plan.callsPerDay()), today, clock, appName, appCreated, plan);
    }

    /** The scope set Xero offers the sandbox's app. */
    public ScopeSet scopeSet() {
        return ScopeSet.offeredToAppCreated(appCreated);
    }

    /** Today in UTC, and never before the day Xero's apps became granular-only: a new app. */
    private static LocalDate newAppCreated(Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return today.isBefore(ScopeSet.GRANULAR_ONLY_FROM) ? ScopeSet.GRANULAR_ONLY_FROM : today;
    }

    /**
     * Reads a {@code today} setting: a date (YYYY-MM-DD), or {@code fallback} (the wall clock's day) when blank.
     *
     * @throws IllegalArgumentException naming {@code name} and the expected form, when it is neither
     */
    public static LocalDate parseToday(String name, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date such as 2026-07-01 (the day the sandbox's history leads up "
                    + "to), or empty for today; it is '" + value + "'", e);
        }
    }

    public int contactsOf(int organisationIndex) {
        return organisationIndex == 0 ? contacts : (contacts + 1) / 2;
    }

    public int invoicesOf(int organisationIndex) {
        return organisationIndex == 0 ? invoices : (invoices + 1) / 2;
    }
}
