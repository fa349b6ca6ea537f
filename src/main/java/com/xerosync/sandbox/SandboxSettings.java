package com.xerosync.sandbox;

import com.xerosync.config.XeroPlan;
import java.time.Duration;
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
 * <p>{@code plan} is the Xero plan the app the sandbox serves is on: how many organisations the consent page lets it
 * connect, and whether {@code GET /Journals} answers (Advanced and Enterprise) or refuses it (401); {@link #withPlan}
 * also sets the day limit to the plan's.
 */
public record SandboxSettings(long seed, int organisations, int contacts, int invoices,
                              Duration accessTokenTtl, Duration refreshTokenGrace,
                              String clientId, String clientSecret, RateLimits rateLimits, XeroPlan plan) {

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
        Objects.requireNonNull(plan, "plan");
    }

    /**
     * Two demo companies (AU with 3000 contacts and 20000 invoices, NZ with half), Xero's 30-minute token lifetimes,
     * Xero's minute limits reported but not enforced, so the demo syncs at full speed, and an app on the Advanced plan
     * (5000 calls a day, journals served), so the demo shows every API.
     */
    public static SandboxSettings defaults() {
        return new SandboxSettings(42, 2, 3000, 20000, Duration.ofMinutes(30), Duration.ofMinutes(30),
                "sandbox-client", "sandbox-secret", RateLimits.XERO.withEnforced(false).withPerDay(XeroPlan.ADVANCED.callsPerDay()),
                XeroPlan.ADVANCED);
    }

    public SandboxSettings withSeed(long seed) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, plan);
    }

    public SandboxSettings withOrganisations(int organisations) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, plan);
    }

    public SandboxSettings withContacts(int contacts) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, plan);
    }

    public SandboxSettings withInvoices(int invoices) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, plan);
    }

    public SandboxSettings withAccessTokenTtl(Duration accessTokenTtl) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, plan);
    }

    public SandboxSettings withRefreshTokenGrace(Duration refreshTokenGrace) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, plan);
    }

    public SandboxSettings withClientId(String clientId) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, plan);
    }

    public SandboxSettings withClientSecret(String clientSecret) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, plan);
    }

    public SandboxSettings withRateLimits(RateLimits rateLimits) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId, clientSecret, rateLimits, plan);
    }

    /** An app on that plan: its connection cap, its journals, and its day limit (a later {@link #withRateLimits} may change it). */
    public SandboxSettings withPlan(XeroPlan plan) {
        return new SandboxSettings(seed, organisations, contacts, invoices, accessTokenTtl, refreshTokenGrace, clientId,
                clientSecret, rateLimits.withPerDay(plan.callsPerDay()), plan);
    }

    int contactsOf(int organisationIndex) {
        return organisationIndex == 0 ? contacts : (contacts + 1) / 2;
    }

    int invoicesOf(int organisationIndex) {
        return organisationIndex == 0 ? invoices : (invoices + 1) / 2;
    }
}
