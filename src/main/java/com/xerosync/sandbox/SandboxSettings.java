package com.xerosync.sandbox;

import com.xerosync.config.ScopeSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What the offline Xero sandbox serves and how its identity service behaves.
 *
 * <p>{@code contacts} and {@code invoices} are the sizes of the first organisation; every further
 * organisation gets half of each (rounded up), so a multi-tenant sync sees organisations of
 * different sizes, as it would in production.
 *
 * <p>{@code rateLimits} are counted and reported on every answer, and enforced (429) only when they say so.
 *
 * <p>{@code appCreated} is the day the sandbox's app was created: Xero offers an app created on or after 2 March 2026
 * the granular scopes only ({@link ScopeSet#offeredToAppCreated}), and an older one the broad scopes too.
 */
public record SandboxSettings(long seed, int organisations, int contacts, int invoices,
                              Duration accessTokenTtl, Duration refreshTokenGrace,
                              String clientId, String clientSecret, RateLimits rateLimits, LocalDate appCreated) {

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
        Objects.requireNonNull(appCreated, "appCreated");
    }

    /**
     * Two demo companies (AU with 3000 contacts and 20000 invoices, NZ with half), Xero's 30-minute token lifetimes,
     * Xero's rate limits reported but not enforced, so the demo syncs at full speed, and an app created today (granular
     * scopes only, as every app created from March 2026).
     */
    public static SandboxSettings defaults() {
        return new SandboxSettings(42, 2, 3000, 20000, Duration.ofMinutes(30), Duration.ofMinutes(30),
                "sandbox-client", "sandbox-secret", RateLimits.XERO.withEnforced(false), today());
    }

    /** Today in UTC, and never before the day Xero's apps became granular-only: a new app. */
    private static LocalDate today() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return today.isBefore(ScopeSet.GRANULAR_ONLY_FROM) ? ScopeSet.GRANULAR_ONLY_FROM : today;
    }

    /** The scope set Xero offers the sandbox's app. */
    public ScopeSet scopeSet() {
        return ScopeSet.offeredToAppCreated(appCreated);
    }

    public SandboxSettings withSeed(long seed) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, appCreated);
    }

    public SandboxSettings withOrganisations(int organisations) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, appCreated);
    }

    public SandboxSettings withContacts(int contacts) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, appCreated);
    }

    public SandboxSettings withInvoices(int invoices) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, appCreated);
    }

    public SandboxSettings withAccessTokenTtl(Duration accessTokenTtl) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, appCreated);
    }

    public SandboxSettings withRefreshTokenGrace(Duration refreshTokenGrace) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, appCreated);
    }

    public SandboxSettings withClientId(String clientId) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, appCreated);
    }

    public SandboxSettings withClientSecret(String clientSecret) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, appCreated);
    }

    public SandboxSettings withRateLimits(RateLimits rateLimits) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, appCreated);
    }

    public SandboxSettings withAppCreated(LocalDate appCreated) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, appCreated);
    }

    int contactsOf(int organisationIndex) {
        return organisationIndex == 0 ? contacts : (contacts + 1) / 2;
    }

    int invoicesOf(int organisationIndex) {
        return organisationIndex == 0 ? invoices : (invoices + 1) / 2;
    }
}
