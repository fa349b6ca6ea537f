package com.xerosync.sandbox.identity;

import com.xerosync.config.ScopeSet;
import com.xerosync.config.XeroPlan;
import com.xerosync.sandbox.settings.SandboxSettings;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Xero's identity service in memory: authorize requests waiting for the user to log in and
 * consent, one-time authorization codes for the organisations the user chose, grants with their
 * connections, opaque access tokens that expire, rotating refresh tokens that stay usable for a
 * grace period after first use (so a client that lost a refresh response can retry), and
 * revocation (RFC 7009) of a refresh token's whole grant.
 *
 * <p>The organisations connected over every grant still in force count against the connection cap of the app's plan
 * ({@link SandboxSettings#plan()}), once each however many grants reach them, as Xero counts an app's connections.
 */
public final class AuthorizationServer {

    /** The email address of the sandbox's one user, on its login page. */
    public static final String DEMO_EMAIL = "demo@xero-sandbox.local";
    /** The password of the sandbox's one user. */
    public static final String DEMO_PASSWORD = "sandbox";

    /**
     * Scopes granted to an app offered the broad scopes when the authorize request names none: everything, including
     * offline_access, the optional journals, budgets and payroll scopes an app has to be approved for, and projects.
     */
    static final String DEFAULT_SCOPE = "openid profile email offline_access accounting.settings accounting.contacts"
            + " accounting.transactions accounting.attachments accounting.reports.read accounting.journals.read"
            + " accounting.budgets.read payroll.employees.read projects.read";
    /** The same for an app offered the granular scopes only: the broad ones replaced by theirs. */
    public static final String GRANULAR_DEFAULT_SCOPE = granular(DEFAULT_SCOPE);

    /**
     * Every scope name Xero knows (broad ones from the specs, 2026 granular ones from Xero's scopes page, developer.xero.com/documentation/guides/oauth2/scopes),
     * each read-write one also in its {@code .read} form; anything else is {@code invalid_scope}.
     */
    static final Set<String> KNOWN_SCOPES = knownScopes();
    private static final String CUSTOM_CONNECTION_SCOPE = "accounting.settings accounting.contacts accounting.transactions";
    /** What a granular custom connection reads unless its token request names scopes. */
    private static final String GRANULAR_CUSTOM_CONNECTION_SCOPE = granular(CUSTOM_CONNECTION_SCOPE);
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(5);
    /** How long the login and consent pages of one authorize request stay usable. */
    static final Duration AUTHORIZATION_LIFETIME = Duration.ofMinutes(10);

    public record Connection(String id, String tenantId, String tenantName, Instant created) {
    }

    /** What one user's consent (or a custom connection) covers. */
    public static final class Grant {
        final String authEventId = UUID.randomUUID().toString();
        final String scope;
        public final boolean customConnection;
        public final List<Connection> connections = new CopyOnWriteArrayList<>();

        private Grant(String scope, boolean customConnection) {
            this.scope = scope;
            this.customConnection = customConnection;
        }

        /** The granted scope names. */
        Set<String> scopes() {
            return Set.of(scope.trim().split("\\s+"));
        }

        public boolean covers(String tenantId) {
            return connections.stream().anyMatch(c -> c.tenantId().equalsIgnoreCase(tenantId));
        }
    }

    /** The outcome of presenting a bearer token: a grant, or why not. */
    public record Authentication(Grant grant, Instant expiredAt) {
        public boolean valid() {
            return grant != null && expiredAt == null;
        }
    }

    /** A token endpoint answer; {@code refreshToken} is null without offline_access. */
    record Tokens(String accessToken, long expiresIn, String refreshToken, String scope) {
    }

    /** An OAuth error the token endpoint reports as {@code {"error": error}} with {@code status}. */
    static final class OAuthException extends RuntimeException {
        final int status;
        final String error;

        OAuthException(int status, String error, String why) {
            super(why);
            this.status = status;
            this.error = error;
        }
    }

    /**
     * An authorize request between the login page and the consent decision, kept server-side under an opaque id (the
     * pages carry only that id). {@code scope} is the effective scope (the default when the request named none).
     */
    public record PendingAuthorization(String clientId, String redirectUri, String scope, String state, Instant expiresAt,
                                boolean loggedIn) {
    }

    private record PendingCode(String redirectUri, String scope, List<String> tenantIds, Instant expiresAt) {
    }

    private record AccessToken(Grant grant, Instant expiresAt) {
    }

    private static final class RefreshToken {
        final Grant grant;
        Instant firstUsed;

        RefreshToken(Grant grant) {
            this.grant = grant;
        }
    }

    private final SandboxSettings settings;
    private final Map<String, String> tenantNames;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PendingAuthorization> authorizations = new ConcurrentHashMap<>();
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
    /** Grants that may still reach organisations (a revoked one leaves). */
    private final Set<Grant> grants = ConcurrentHashMap.newKeySet();
    private volatile Duration accessTokenTtl;
    /** Scopes taken away from the app (as in Xero's developer portal): tokens still claim them, the API refuses them. */
    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();
    private final AtomicLong refreshes = new AtomicLong();

    /**
     * @param tenantNames organisation names by tenant id, in the sandbox's order
     */
    public AuthorizationServer(SandboxSettings settings, Map<String, String> tenantNames, Clock clock) {
        this.settings = settings;
        this.tenantNames = tenantNames;
        this.clock = clock;
        this.accessTokenTtl = settings.accessTokenTtl();
    }

    /** The app this sandbox serves, by name: its consent page shows it, its answers carry it as ProviderName. */
    public String appName() {
        return settings.appName();
    }

    boolean knowsClient(String clientId) {
        return settings.clientId().equals(clientId);
    }

    /** The scope set Xero offers this app (granular only for an app created on or after 2 March 2026). */
    public ScopeSet scopeSet() {
        return settings.scopeSet();
    }

    /** Scopes granted when an authorize request names none, for this app. */
    String defaultScope() {
        return scopeSet() == ScopeSet.GRANULAR ? GRANULAR_DEFAULT_SCOPE : DEFAULT_SCOPE;
    }

    /**
     * Why this app may not ask for these (known) scopes, as the OAuth error Xero answers: {@code invalid_scope} for a
     * broad scope the granular set replaces, asked by an app offered granular scopes only; {@code unauthorized_client}
     * for a scope taken away from the app. Empty when it may.
     */
    Optional<String> refusal(String scope) {
        Set<String> asked = ScopeSet.split(scope);
        if (scopeSet() == ScopeSet.GRANULAR && asked.stream().anyMatch(ScopeSet::broadOnly)) {
            return Optional.of("invalid_scope");
        }
        return asked.stream().anyMatch(this::isWithdrawn) ? Optional.of("unauthorized_client") : Optional.empty();
    }

    /**
     * Takes a scope away from the app, as an app's scopes can be changed in Xero's developer portal: tokens issued
     * before still name it, but the API answers 401 AuthorizationUnsuccessful for what it grants, and an authorize
     * request naming it answers unauthorized_client. Its read-write and {@code .read} forms go together.
     */
    public void withdrawScope(String scope) {
        String base = scope.endsWith(".read") ? scope.substring(0, scope.length() - ".read".length()) : scope;
        withdrawn.add(base);
        withdrawn.add(base + ".read");
    }

    /** Gives the app back every scope withdrawn. */
    public void restoreScopes() {
        withdrawn.clear();
    }

    private boolean isWithdrawn(String scope) {
        return withdrawn.contains(scope);
    }

    /** The scopes a grant may use now: those it names, less any withdrawn from the app since. */
    public Set<String> effectiveScopes(Grant grant) {
        Set<String> scopes = new java.util.HashSet<>(grant.scopes());
        scopes.removeIf(this::isWithdrawn);
        return scopes;
    }

    /** How many refresh_token grants the token endpoint answered. */
    public long refreshes() {
        return refreshes.get();
    }

    /** The scopes with every broad scope the granular set replaces swapped for the granular ones. */
    private static String granular(String scope) {
        Set<String> scopes = new java.util.LinkedHashSet<>();
        for (String s : ScopeSet.split(scope)) {
            scopes.addAll(ScopeSet.SPLIT.getOrDefault(s, List.of(s)));
        }
        return String.join(" ", scopes);
    }

    /** The first scope name Xero would not know, if any. */
    static Optional<String> unknownScope(String scope) {
        if (scope == null || scope.isBlank()) {
            return Optional.empty();
        }
        return Arrays.stream(scope.trim().split("\\s+")).filter(s -> !KNOWN_SCOPES.contains(s)).findFirst();
    }

    private static Set<String> knownScopes() {
        Set<String> known = new TreeSet<>(List.of("openid", "profile", "email", "offline_access", "paymentservices",
                "bankfeeds", "accounting.reports.read", "accounting.reports.tenninetynine.read", "accounting.journals.read",
                "accounting.budgets.read"));
        for (String readWrite : List.of("accounting.settings", "accounting.contacts", "accounting.transactions",
                "accounting.attachments", "accounting.invoices", "accounting.payments", "accounting.banktransactions",
                "accounting.manualjournals", "accounting.classicexpenses", "payroll.employees", "payroll.payruns",
                "payroll.payslip", "payroll.timesheets", "payroll.settings", "assets", "projects", "files")) {
            known.add(readWrite);
            known.add(readWrite + ".read");
        }
        for (String report : List.of("aged", "balancesheet", "banksummary", "budgetsummary", "executivesummary",
                "profitandloss", "trialbalance", "taxreports")) {
            known.add("accounting.reports." + report + ".read");
        }
        return Set.copyOf(known);
    }

    /** Organisation names by tenant id, in the sandbox's order: what the consent page offers. */
    Map<String, String> tenantNames() {
        return tenantNames;
    }

    /** Keeps a validated authorize request until the user decides; returns its opaque id (good for {@link #AUTHORIZATION_LIFETIME}). */
    public String startAuthorization(String clientId, String redirectUri, String scope, String state) {
        Instant now = clock.instant();
        authorizations.values().removeIf(a -> !a.expiresAt().isAfter(now));
        String id = secret();
        authorizations.put(id, new PendingAuthorization(clientId, redirectUri,
                scope == null || scope.isBlank() ? defaultScope() : scope, state, now.plus(AUTHORIZATION_LIFETIME), false));
        return id;
    }

    /** The pending authorize request with that id; empty when unknown, already decided or expired. */
    public Optional<PendingAuthorization> pendingAuthorization(String id) {
        PendingAuthorization pending = id == null ? null : authorizations.get(id);
        if (pending == null || !pending.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(pending);
    }

    /** Whether these are the sandbox user's credentials ({@link XeroSandbox#DEMO_EMAIL}, {@link XeroSandbox#DEMO_PASSWORD}). */
    static boolean validCredentials(String email, String password) {
        return email != null && password != null && email.trim().equalsIgnoreCase(DEMO_EMAIL)
                && password.equals(DEMO_PASSWORD);
    }

    /** The user logged in for that request: its consent page may be answered now. */
    public void logIn(String id) {
        authorizations.computeIfPresent(id, (key, pending) -> new PendingAuthorization(pending.clientId(),
                pending.redirectUri(), pending.scope(), pending.state(), pending.expiresAt(), true));
    }

    /** Takes the request for its decision: a request id is answered once; empty when unknown, used or expired. */
    public Optional<PendingAuthorization> decide(String id) {
        PendingAuthorization pending = id == null ? null : authorizations.remove(id);
        if (pending == null || !pending.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(pending);
    }

    /** Every pending authorize request expires now (their pages answer "start again"). */
    public void expireAuthorizations() {
        authorizations.clear();
    }

    /**
     * The user allowed access to these organisations: a code good for one exchange (for {@link #CODE_LIFETIME}), whose
     * grant connects only them. Unknown tenant ids are ignored.
     */
    String authorize(String redirectUri, String scope, Collection<String> tenantIds) {
        List<String> chosen = tenantNames.keySet().stream()
                .filter(t -> tenantIds.stream().anyMatch(t::equalsIgnoreCase)).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("No organisation of the sandbox was chosen");
        }
        String code = secret();
        codes.put(code, new PendingCode(redirectUri, scope == null || scope.isBlank() ? defaultScope() : scope, chosen,
                clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /** The Xero plan of the app the sandbox serves. */
    public XeroPlan plan() {
        return settings.plan();
    }

    /** The organisations the app is connected to now, over every grant (tenant ids in lower case). */
    public Set<String> connectedTenants() {
        Set<String> connected = new TreeSet<>();
        grants.forEach(g -> g.connections.forEach(c -> connected.add(c.tenantId().toLowerCase(Locale.ROOT))));
        return connected;
    }

    /**
     * Why connecting these organisations would take the app past its plan's connection cap, as the redirect's
     * {@code error_description} says it; empty when they fit (those connected already do not count twice).
     */
    Optional<String> beyondConnectionCap(Collection<String> tenantIds) {
        XeroPlan plan = settings.plan();
        Set<String> connected = connectedTenants();
        Set<String> after = new TreeSet<>(connected);
        tenantIds.forEach(t -> after.add(t.toLowerCase(Locale.ROOT)));
        if (!plan.capsConnections() || after.size() <= plan.connections()) {
            return Optional.empty();
        }
        return Optional.of("Connection limit reached: the app's " + plan.title() + " plan allows " + plan.connections()
                + " connected organisations and " + connected.size() + " are connected, so allowing "
                + (after.size() - connected.size()) + " more would make " + after.size()
                + ". Disconnect an organisation from the app, or move the app to a bigger plan");
    }

    void authenticateClient(String clientId, String clientSecret) {
        if (!settings.clientId().equals(clientId) || !settings.clientSecret().equals(clientSecret)) {
            throw new OAuthException(401, "invalid_client", "unknown client or wrong secret");
        }
    }

    Tokens exchangeCode(String code, String redirectUri) {
        PendingCode pending = code == null ? null : codes.remove(code);
        if (pending == null || pending.expiresAt().isBefore(clock.instant()) || !pending.redirectUri().equals(redirectUri)) {
            throw new OAuthException(400, "invalid_grant", "unknown, used or expired code, or another redirect_uri");
        }
        Grant grant = new Grant(pending.scope(), false);
        pending.tenantIds().forEach(tenantId -> grant.connections.add(connect(tenantId, tenantNames.get(tenantId))));
        grants.add(grant);
        return issue(grant);
    }

    /**
     * A custom connection: the first organisation only, and no refresh token; the scopes named (none: the connection's
     * own), refused as at authorize when unknown or not offered to this app.
     */
    Tokens clientCredentials(String scope) {
        if (unknownScope(scope).isPresent()) {
            throw new OAuthException(400, "invalid_scope", "unknown scope " + unknownScope(scope).get());
        }
        Optional<String> refused = refusal(scope);
        if (refused.isPresent()) {
            throw new OAuthException(400, refused.get(), "scope not offered to this app");
        }
        Grant grant = new Grant(scope == null || scope.isBlank() ? scopeSet() == ScopeSet.GRANULAR
                ? GRANULAR_CUSTOM_CONNECTION_SCOPE : CUSTOM_CONNECTION_SCOPE : scope, true);
        Map.Entry<String, String> first = tenantNames.entrySet().iterator().next();
        grant.connections.add(connect(first.getKey(), first.getValue()));
        grants.add(grant);
        return issue(grant);
    }

    /** Rotates: every use answers a new pair; the presented token keeps working for the grace period after its first use. */
    synchronized Tokens refresh(String refreshToken) {
        if (!isRefreshTokenValid(refreshToken)) {
            throw new OAuthException(400, "invalid_grant", "refresh token unknown, past its grace period or disconnected");
        }
        RefreshToken presented = refreshTokens.get(refreshToken);
        refreshes.incrementAndGet();
        if (presented.firstUsed == null) {
            presented.firstUsed = clock.instant();
        }
        return issue(presented.grant);
    }

    public synchronized boolean isRefreshTokenValid(String refreshToken) {
        RefreshToken token = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (token == null || token.grant.connections.isEmpty()) {
            return false;
        }
        return token.firstUsed == null || clock.instant().isBefore(token.firstUsed.plus(settings.refreshTokenGrace()));
    }

    /** Reads an Authorization header value ({@code Bearer <token>}). */
    public Authentication authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Authentication(null, null);
        }
        AccessToken token = accessTokens.get(authorization.substring(7).trim());
        if (token == null) {
            return new Authentication(null, null);
        }
        return token.expiresAt().isAfter(clock.instant())
                ? new Authentication(token.grant(), null)
                : new Authentication(null, token.expiresAt());
    }

    /** Disconnects one organisation from a grant; false when the grant has no such connection. */
    boolean disconnect(Grant grant, String connectionId) {
        return grant.connections.removeIf(c -> c.id().equalsIgnoreCase(connectionId));
    }

    /**
     * {@code POST /connect/revocation} (RFC 7009): the refresh token's grant ends. Its refresh tokens (earlier and later
     * ones of the rotation) answer invalid_grant, its access tokens 401, and its connections are gone.
     *
     * @return whether the token was a refresh token the sandbox knows (unknown ones are no error, per RFC 7009)
     */
    synchronized boolean revoke(String refreshToken) {
        RefreshToken token = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (token == null) {
            return false;
        }
        Grant grant = token.grant;
        grant.connections.clear();
        grants.remove(grant);
        refreshTokens.values().removeIf(t -> t.grant == grant);
        accessTokens.values().removeIf(t -> t.grant() == grant);
        return true;
    }

    /** The user revoked the app (or its refresh tokens lapsed): every refresh token is refused from now on. */
    public synchronized void revokeRefreshTokens() {
        refreshTokens.clear();
    }

    /** Every access token issued so far expires now; tokens issued later are unaffected. */
    public void expireAccessTokens() {
        Instant now = clock.instant();
        accessTokens.replaceAll((value, token) -> token.expiresAt().isAfter(now) ? new AccessToken(token.grant(), now) : token);
    }

    public void setAccessTokenTtl(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive");
        }
        this.accessTokenTtl = ttl;
    }

    private Tokens issue(Grant grant) {
        Duration ttl = accessTokenTtl;
        String access = secret();
        accessTokens.put(access, new AccessToken(grant, clock.instant().plus(ttl)));
        String refresh = null;
        if (!grant.customConnection && Set.of(grant.scope.split(" ")).contains("offline_access")) {
            refresh = secret();
            refreshTokens.put(refresh, new RefreshToken(grant));
        }
        return new Tokens(access, ttl.toSeconds(), refresh, grant.scope);
    }

    private Connection connect(String tenantId, String tenantName) {
        return new Connection(UUID.randomUUID().toString(), tenantId, tenantName, clock.instant());
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
