package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.xerosync.config.XeroPlan;
import com.xerosync.config.XeroRateLimits;
import com.xerosync.sandbox.api.XeroApiHandler;
import com.xerosync.sandbox.data.DemoOrganisation;
import com.xerosync.sandbox.data.GeneralLedger;
import com.xerosync.sandbox.data.SeededIds;
import com.xerosync.sandbox.endpoints.ApiCollection;
import com.xerosync.sandbox.endpoints.DeclaredApis;
import com.xerosync.sandbox.endpoints.ReportKind;
import com.xerosync.sandbox.faults.FaultInjector;
import com.xerosync.sandbox.faults.SandboxFault;
import com.xerosync.sandbox.limits.Latency;
import com.xerosync.sandbox.http.HttpExchanges;
import com.xerosync.sandbox.http.XeroJson;
import com.xerosync.sandbox.identity.AuthorizationServer;
import com.xerosync.sandbox.identity.IdentityHandler;
import com.xerosync.sandbox.limits.ApiMeter;
import com.xerosync.sandbox.limits.RateLimiter;
import com.xerosync.sandbox.settings.HistoryWindow;
import com.xerosync.sandbox.settings.SandboxClock;
import com.xerosync.sandbox.settings.SandboxSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An offline emulation of Xero (like Xero's Demo Company, but local and deterministic): the
 * identity service and the accounting API on one base URL, over real HTTP, with Demo Company
 * data generated from a seed.
 *
 * <p>Identity: {@code GET /identity/connect/authorize} shows a login page and then a consent page
 * where the user picks organisations and allows access, as login.xero.com does (log in as
 * {@value #DEMO_EMAIL} with password {@value #DEMO_PASSWORD}; pages and their element ids in
 * {@link AuthorizePages}); {@code POST /connect/token} (authorization_code, rotating refresh_token,
 * client_credentials), {@code POST /connect/revocation}, {@code GET /connections},
 * {@code DELETE /connections/{id}}. Accounting, under
 * {@code /api.xro/2.0/}: every endpoint of the accounting.settings, accounting.contacts and
 * accounting.transactions scopes, the general ledger (Journals, both bases), Budgets and Reports;
 * AU Payroll v1 (Employees, LeaveApplications) under {@code /payroll.xro/1.0/} (see the package
 * documentation for the list, paging and filters, and for how journals and reports are derived).
 *
 * <p>The app it serves is on a Xero plan ({@link SandboxSettings#plan()}, Advanced by default): the consent page
 * refuses to connect more organisations than the plan allows, the day limit is the plan's, and Journals answer 401
 * below Advanced, as Xero answers such an app.
 *
 * <p>Xero's rate limits are counted and reported on every answer; the day limit is always enforced, the others when
 * the settings' {@link XeroRateLimits} say so; Xero's bad days (error statuses, dropped connections, slow answers)
 * can be injected as {@link SandboxFault}s.
 *
 * <p>The generated history leads up to the settings' {@code today} (the wall clock's day by
 * default). The same seed and the same {@code today} answer every request byte for byte alike
 * until {@link #applyChanges} is called, but for the envelope's DateTimeUTC, which is the current
 * time (the settings' clock: a fixed clock makes it alike too); changes are deterministic too,
 * except for their timestamp (the wall clock). Records are rebuilt from the seed on every request,
 * so memory stays small whatever the sizes.
 */
public final class XeroSandbox implements AutoCloseable {

    /** The email address of the sandbox's one user, on its login page. */
    public static final String DEMO_EMAIL = AuthorizationServer.DEMO_EMAIL;
    /** The password of the sandbox's one user. */
    public static final String DEMO_PASSWORD = AuthorizationServer.DEMO_PASSWORD;

    private static final Logger LOG = LoggerFactory.getLogger(XeroSandbox.class);
    /** Enough that requests held back by a slow fault do not queue the others (Xero lets 5 per organisation fly). */
    private static final int THREADS = 16;
    private static final String NODELAY = "sun.net.httpserver.nodelay";
    /**
     * The JDK server closes the idle keep-alive connections beyond this many (200 by default), and a client reusing
     * one then gets no answer: a service with hundreds of calls in flight (an MSP's organisations) keeps more.
     */
    private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";
    /** What {@code sandbox --help} prints; {@link #main} reads these options. */
    private static final String USAGE = """
            Usage: sandbox [--port N] [--seed N] [--organisations N] [--contacts N] [--invoices N] [--activity-seconds N]
                           [--today YYYY-MM-DD] [--app-name NAME] [--app-created DATE] [--plan NAME] [--rate-limits]
                           [--rate-limit-minute N] [--rate-limit-day N] [--latency SPEC] [--fault SPEC]...
              --today YYYY-MM-DD     the day the generated history leads up to (today, UTC); the same seed and day give
                                     the same data
              --app-name NAME        the app's name, which the consent page shows and answers carry as ProviderName
              --app-created DATE     the day the app was created (YYYY-MM-DD; today by default): from 2026-03-02 it is
                                     offered granular scopes only and a broad scope (accounting.transactions,
                                     accounting.reports.read) is refused with invalid_scope; before, broad ones too
              --plan NAME            the Xero plan of the app served (default advanced): it caps the organisations
                                     the consent page lets the app connect, sets the calls a day per organisation and
                                     serves Journals or answers them 401:%s
              --rate-limits          enforce Xero's minute limits too (5 in flight and 60 a minute per organisation,
                                     10000 a minute per app): 429 with Retry-After past them; without it they are only
                                     reported in the X-*Limit-Remaining headers. The plan's day limit is always enforced
              --rate-limit-minute N  length of the sandbox's "minute" in seconds (60); it still allows 60 calls
              --rate-limit-day N     length of the sandbox's "day" in seconds (86400); it still allows the plan's calls
              --latency SPEC         answer at Xero's pace: xero (300 ms a call, 1 ms a record, 30%% jitter), a
                                     model base=<time>[,record=<time>][,jitter=<percent>%%], or off (the default)
              --fault SPEC           inject a fault, repeatable: %s, WHAT an HTTP status (400-599),
                                     drop or slow=<ms>; e.g. Invoices:503:10%%  *@<tenant id>:drop:x3  Contacts:slow=5000
            """.formatted(Stream.of(XeroPlan.values()).map(p -> "\n" + " ".repeat(25) + p.key() + ": "
                    + (p.capsConnections() ? String.format("%,d", p.connections()) : "any number of") + " organisations, "
                    + String.format("%,d", p.callsPerDay()) + " calls a day, " + (p.journals() ? "journals" : "no journals"))
            .collect(java.util.stream.Collectors.joining(",")), SandboxFault.FORMAT).stripTrailing();

    private final SandboxClock clock;
    private final ApiMeter meter = new ApiMeter();
    private final RateLimiter limiter;
    private final FaultInjector faults;
    private final List<DemoOrganisation> organisations = new ArrayList<>();
    private final Map<String, DemoOrganisation> byTenant = new LinkedHashMap<>();
    private final AuthorizationServer authority;
    private final XeroApiHandler accounting;
    private final IdentityHandler identity;
    private HttpServer server;
    private ExecutorService executor;
    private ScheduledExecutorService activity;
    /** Sends the answers the latency model holds back: a send is quick, the wait holds no thread. */
    private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "xero-sandbox-answers");
        thread.setDaemon(true);
        return thread;
    });

    public XeroSandbox(SandboxSettings settings) {
        SeededIds ids = new SeededIds(settings.seed());
        this.clock = new SandboxClock(HistoryWindow.endingBefore(settings.today()), settings.clock());
        Map<String, String> tenantNames = new LinkedHashMap<>();
        for (int i = 0; i < settings.organisations(); i++) {
            DemoOrganisation organisation = new DemoOrganisation(ids, i, settings, clock.history(), XeroJson.NODES);
            organisations.add(organisation);
            byTenant.put(organisation.tenantId().toLowerCase(Locale.ROOT), organisation);
            tenantNames.put(organisation.tenantId(), organisation.name());
        }
        this.authority = new AuthorizationServer(settings, tenantNames, Clock.systemUTC());
        this.limiter = new RateLimiter(settings.rateLimits(), Clock.systemUTC());
        this.faults = new FaultInjector(settings.seed());
        this.accounting = new XeroApiHandler(byTenant, authority, meter, limiter, faults, clock, ids, settings.plan(),
                answers);
        this.identity = new IdentityHandler(authority);
    }

    /** Serves on 127.0.0.1:{@code port} (0 picks a free port). */
    public synchronized XeroSandbox start(int port) {
        if (server != null) {
            throw new IllegalStateException("The sandbox is already serving on port " + port());
        }
        // the JDK server writes an answer's headers and body apart: with Nagle's algorithm on, each answer then waits
        // for the client's delayed ACK (~40 ms). Read once, when the first server is created; an explicit -D wins.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, "2000");
        }
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            AtomicInteger threads = new AtomicInteger();
            executor = Executors.newFixedThreadPool(THREADS, task -> {
                Thread thread = new Thread(task, "xero-sandbox-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            created.setExecutor(executor);
            created.createContext("/", this::dispatch);
            created.start();
            server = created;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the Xero sandbox on port " + port, e);
        }
        return this;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("The sandbox is not started");
        }
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public synchronized void close() {
        if (activity != null) {
            activity.shutdownNow();
            activity = null;
        }
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
        answers.shutdownNow();
    }

    /**
     * Answers the API at Xero's pace from now on: each answer after the model's time for its records (a base per call,
     * a cost per record, a jitter), counting as in flight until it leaves; {@link Latency#OFF} answers at once.
     */
    public void latency(Latency model) {
        accounting.latency(model);
        if (!model.off()) {
            LOG.info("Sandbox latency: {}", model);
        }
    }

    /** The scope set Xero offers the sandbox's app: granular only when it was created on or after 2 March 2026. */
    public com.xerosync.config.ScopeSet scopeSet() {
        return authority.scopeSet();
    }

    /** OrganisationIDs, which are the tenant ids, in order. */
    public List<String> tenantIds() {
        return organisations.stream().map(DemoOrganisation::tenantId).toList();
    }

    public String tenantName(String tenantId) {
        return organisation(tenantId).name();
    }

    /**
     * Every record of a collection, named by its response key or path ("Accounts", "Invoices",
     * "BankTransactions", "TrackingCategories", "InvoiceReminders", …), exactly as the detailed
     * listing serves it (paged endpoints with their LineItems/JournalLines/Allocations), in the
     * listing's default order. Records a listing hides by default are included, as
     * {@code includeArchived=true} / {@code includeDeleted=true} shows them (archived contacts,
     * archived tracking categories and options, deleted bank transfers). Records are built as the
     * stream is consumed; each is a fresh tree.
     *
     * <p>"Journals" are the accrual-basis journals in JournalNumber order (see {@link #journals} for
     * the cash basis); "Budgets" the listing form (no lines: {@link #record} has them); "Reports"
     * the published tax returns as {@code GET /Reports} lists them (see {@link #report} for the
     * others); "Employees" and "LeaveApplications" (or "PayrollEmployees", "PayrollLeaveApplications")
     * AU Payroll's, empty for organisations outside Australia.
     */
    public Stream<ObjectNode> records(String tenantId, String collection) {
        Optional<DeclaredApis.Collection> declared = DeclaredApis.find(collection);
        if (declared.isPresent()) {
            return organisation(tenantId).declared().records(declared.get());
        }
        return organisation(tenantId).records(ApiCollection.of(collection));
    }

    /**
     * A record as a single-record GET serves it (for ContactGroups that is with its members, which
     * the listing leaves out; for TaxRates the id is the TaxType; Items may be named by Code;
     * Budgets come with their BudgetLines and Tracking, which the listing leaves out; Journals may
     * be named by JournalID or JournalNumber; Reports by the ReportID of a published return).
     */
    public Optional<ObjectNode> record(String tenantId, String collection, String id) {
        Optional<DeclaredApis.Collection> declared = DeclaredApis.find(collection);
        if (declared.isPresent()) {
            return organisation(tenantId).declared().find(declared.get(), id);
        }
        return organisation(tenantId).find(ApiCollection.of(collection), id);
    }

    /**
     * Every journal of the general ledger, as {@code GET /Journals} pages serve them, in
     * JournalNumber order: the accrual basis, or the cash basis ({@code paymentsOnly=true}, with its
     * own numbering). {@code records(tenantId, "Journals")} is the accrual basis. Built as the
     * stream is consumed; each journal is a fresh tree.
     */
    public Stream<ObjectNode> journals(String tenantId, boolean paymentsOnly) {
        return organisation(tenantId).ledger().all(paymentsOnly ? GeneralLedger.Basis.CASH : GeneralLedger.Basis.ACCRUAL);
    }

    /**
     * Exactly the body {@code GET /api.xro/2.0/<path>?<query>} answers for a report: {@code path}
     * is "Reports" (the published tax returns), "Reports/ProfitAndLoss" (or any other report type
     * of the package documentation), or "Reports/{ReportID}"; {@code query} holds its parameters
     * (fromDate, toDate, date, paymentsOnly, contactId, periods, timeframe…), names in any case.
     *
     * @throws IllegalArgumentException when the path names no report, or Xero would refuse the parameters (400)
     */
    public ObjectNode report(String tenantId, String path, Map<String, String> query) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        String[] parts = trimmed.split("/", -1);
        if (parts.length > 2 || !parts[0].equalsIgnoreCase("Reports") || (parts.length == 2 && parts[1].isEmpty())) {
            throw new IllegalArgumentException("Not a report path: '" + path + "' (use Reports, Reports/<ReportType> or Reports/<ReportID>)");
        }
        String sub = parts.length == 2 ? parts[1] : null;
        return accounting.reportEnvelope(organisation(tenantId), sub, query)
                .orElseThrow(() -> new IllegalArgumentException("No report " + path + " in " + tenantName(tenantId)));
    }

    /**
     * Changes {@code count} records of a collection that has UpdatedDateUTC and If-Modified-Since
     * (Contacts, Invoices, Accounts, Items, Users and every such transaction collection) as a
     * bookkeeper would: edits, status changes where the entity has them (VOIDED, DELETED, …) and
     * about one in ten a new record, stamped with consecutive milliseconds from a new sandbox
     * "now" (the wall clock, or later), so each is later than anything in the organisation and no
     * two share a timestamp. A change may touch other collections as Xero's would (a new payment
     * changes its invoice); those records get the same stamps. Changes that post (an invoice
     * approved or voided, a payment made or deleted, a bank transaction voided…) add journals after
     * every existing one, on both bases; existing journals never change. AU Payroll's Employees
     * and LeaveApplications change too (Australian organisations only).
     *
     * @return the ids changed or created, in the order they now sort in
     * @throws IllegalArgumentException for collections without If-Modified-Since (TaxRates,
     *                                  TrackingCategories, RepeatingInvoices, …), for Journals (they
     *                                  follow the documents), and for payroll outside Australia
     */
    public List<String> applyChanges(String tenantId, String collection, int count) {
        DemoOrganisation organisation = organisation(tenantId);
        return organisation.applyChanges(ApiCollection.of(collection), count, clock::advance);
    }

    /**
     * Deletes a record for good, as Xero's DELETE does for Accounts, Items, TrackingCategories and
     * LinkedTransactions: it leaves every listing and single GETs answer 404. Nothing else changes
     * (documents that used it keep their references, and no UpdatedDateUTC moves).
     *
     * @return whether there was such a record
     * @throws IllegalArgumentException for collections whose records Xero does not delete
     */
    public boolean deleteRecord(String tenantId, String collection, String id) {
        return organisation(tenantId).deleteRecord(ApiCollection.of(collection), id);
    }

    /** Deletes one option of a tracking category, as Xero's DELETE TrackingCategories/{id}/Options/{optionId} does. */
    public boolean deleteTrackingOption(String tenantId, String trackingCategoryId, String optionId) {
        return organisation(tenantId).deleteTrackingOption(trackingCategoryId, optionId);
    }

    /**
     * The broad scope each accounting endpoint needs, by path name ("Accounts" → accounting.settings,
     * "ContactGroups" → accounting.contacts, "BankTransactions" → accounting.transactions). Its
     * {@code .read} variant grants it too, and so do the 2026 granular scopes of
     * {@link #acceptedScopes()}; without any of them a request answers 401 AuthorizationUnsuccessful, as Xero
     * answers a missing scope.
     */
    public static Map<String, String> requiredScopes() {
        Map<String, String> scopes = new LinkedHashMap<>();
        for (ApiCollection c : ApiCollection.values()) {
            scopes.put(c.pathName(), c.broadScope());
        }
        for (ReportKind kind : ReportKind.values()) {
            scopes.put("Reports/" + kind.path, ReportKind.BROAD_SCOPE);
        }
        DeclaredApis.ALL.forEach(api -> api.collections().forEach(c -> scopes.put(c.path(), api.scopes().get(0))));
        return scopes;
    }

    /**
     * Every scope that grants each endpoint, by path name: the broad one and its granular
     * equivalents (accounting.invoices, accounting.payments, accounting.banktransactions,
     * accounting.manualjournals, accounting.classicexpenses; Items also accounting.invoices),
     * each also as {@code .read}.
     */
    public static Map<String, List<String>> acceptedScopes() {
        Map<String, List<String>> scopes = new LinkedHashMap<>();
        for (ApiCollection c : ApiCollection.values()) {
            scopes.put(c.pathName(), ApiCollection.withReadVariants(c.scopes));
        }
        for (ReportKind kind : ReportKind.values()) {
            scopes.put("Reports/" + kind.path, kind.scopes());
        }
        DeclaredApis.ALL.forEach(api -> api.collections().forEach(c -> scopes.put(c.path(),
                ApiCollection.withReadVariants(api.scopes()))));
        return scopes;
    }

    /**
     * Makes the organisations change by themselves, as a busy bookkeeper would: every {@code interval}, each
     * organisation gets {@code invoices} changed or new invoices and a third as many contacts (at least one), so a
     * scheduled sync has something to fetch. Stops with {@link #close()}.
     */
    public synchronized void simulateActivity(Duration interval, int invoices) {
        if (activity != null) {
            activity.shutdownNow();
        }
        activity = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "xero-sandbox-activity");
            thread.setDaemon(true);
            return thread;
        });
        activity.scheduleAtFixedRate(() -> {
            for (String tenantId : tenantIds()) {
                int changed = applyChanges(tenantId, "Invoices", invoices).size()
                        + applyChanges(tenantId, "Contacts", Math.max(1, invoices / 3)).size();
                LOG.info("Sandbox activity: {} records changed in {}", changed, tenantName(tenantId));
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Every request for that path ("Organisation", "Invoices", "BankTransactions", "InvoiceReminders", …) answers
     * {@code status} until cleared (a 503 as Xero's plain-text "organisation offline"). Replaces any earlier fault for
     * that path and every organisation.
     */
    public void failEndpoint(String collection, int status) {
        faults.replace(SandboxFault.error(collection, status));
    }

    /** The next {@code times} requests for that path get no answer at all (the connection is closed on them). */
    public void dropConnections(String collection, int times) {
        faults.replace(SandboxFault.drop(collection).withTimes(times));
    }

    /** Only the next {@code times} requests for that path answer {@code status}; then it answers normally again. */
    public void failEndpoint(String collection, int status, int times) {
        faults.replace(SandboxFault.error(collection, status).withTimes(times));
    }

    /**
     * Adds a fault (an error status, a dropped connection or a slow answer, for one path or all, one organisation or
     * all, every time, N times or at a rate) to those in force; for each request the first that matches and strikes
     * decides. Faults strike after the rate limits and before authentication, so a struck request needs no token.
     * Until {@link #clearFailures()}, or until a counted fault is used up.
     */
    public void inject(SandboxFault fault) {
        faults.inject(fault);
    }

    /**
     * Injects every fault of a comma-separated list of {@link SandboxFault} text forms (blank: none), as configuration
     * ({@code sandbox.faults}) gives them.
     *
     * @throws IllegalArgumentException naming the one that is not a fault, before any is injected
     */
    public void injectAll(String faultTexts) {
        List<SandboxFault> parsed = SandboxFault.parseAll(faultTexts);
        parsed.forEach(this::inject);
        if (!parsed.isEmpty()) {
            LOG.info("Sandbox faults injected: {}", parsed);
        }
    }

    /** The injected faults still in force, in the order they are tried. */
    public List<SandboxFault> activeFaults() {
        return faults.faults();
    }

    /**
     * The organisation's daily limit is used up from now until {@code resetIn} has passed: every request for it
     * answers 429 with {@code X-Rate-Limit-Problem: day}, {@code X-DayLimit-Remaining: 0} and the seconds left as
     * {@code Retry-After}, whether or not limits are enforced; then it is served normally again.
     */
    public void useUpDayLimit(String tenantId, Duration resetIn) {
        if (resetIn.isNegative()) {
            throw new IllegalArgumentException("resetIn must not be negative, not " + resetIn);
        }
        limiter.useUpDayLimit(organisation(tenantId).tenantId(), resetIn);
    }

    /** The Xero plan of the app the sandbox serves. */
    public XeroPlan plan() {
        return authority.plan();
    }

    /** The organisations the app is connected to now, over every grant: what counts against its plan's cap. */
    public int connectedOrganisations() {
        return authority.connectedTenants().size();
    }

    /** The rate limits the sandbox counts (and, when {@link XeroRateLimits#enforced()}, enforces). */
    public XeroRateLimits rateLimits() {
        return limiter.limits();
    }

    /**
     * Every request for that path answers exactly this (any status, content type and body, e.g. an HTML error page
     * with 200, a truncated JSON document, records without ids) until {@link #clearFailures()}: Xero's bad days, on
     * demand.
     */
    public void answerEndpoint(String collection, int status, String contentType, String body) {
        accounting.answerEndpoint(canonical(collection), status, contentType,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Removes every injected fault and canned answer. */
    public void clearFailures() {
        faults.clear();
        accounting.clearAnswers();
    }

    /** Accounting requests received for that tenant and path since start or {@link #resetCounters()}, failed ones included. */
    public long apiCalls(String tenantId, String collection) {
        return meter.calls(tenantId, canonical(collection));
    }

    private static String canonical(String collection) {
        return ApiCollection.canonicalName(collection).orElseGet(() -> ApiCollection.of(collection).name());
    }

    public long apiCalls() {
        return meter.calls();
    }

    /**
     * Bytes of the accounting and payroll answers' bodies sent to one organisation since the start (or the last
     * {@link #resetCounters}), as they went over the wire: gzip when the request asked for it. Headers not counted.
     */
    public long bytesSent(String tenantId) {
        return meter.bytesSent(tenantId);
    }

    /** Bytes of every answer's body sent to every organisation (and to requests naming none). */
    public long bytesSent() {
        return meter.bytesSent();
    }

    /**
     * Requests answered 429 because a rate limit refused them (enforced limits, or {@link #useUpDayLimit}; not injected
     * 429 faults) since start or {@link #resetCounters()}. They are counted by {@link #apiCalls} too.
     */
    public long rateLimitedCalls() {
        return meter.rateLimited();
    }

    /** {@link #rateLimitedCalls()} for one organisation (by the xero-tenant-id header the requests sent). */
    public long rateLimitedCalls(String tenantId) {
        return meter.rateLimited(tenantId);
    }

    /** Zeroes {@link #apiCalls} and {@link #rateLimitedCalls}; the rate-limit windows keep counting, as Xero's would. */
    public void resetCounters() {
        meter.reset();
    }

    /** Every access token issued so far is expired from now on (401 TokenExpired). */
    public void expireAccessTokens() {
        authority.expireAccessTokens();
    }

    /** Every refresh token issued so far answers {@code invalid_grant} from now on, as after the user revoked the app. */
    public void revokeRefreshTokens() {
        authority.revokeRefreshTokens();
    }

    /**
     * Every authorize request whose login or consent page is open expires now, as after 10 minutes: those pages answer
     * 400 "start again from the app". Requests started later are unaffected.
     */
    public void expireAuthorizationRequests() {
        authority.expireAuthorizations();
    }

    /** The lifetime of access tokens issued from now on. */
    public void setAccessTokenTtl(Duration ttl) {
        authority.setAccessTokenTtl(ttl);
    }

    /**
     * Takes a scope away from the app, as changing the app's scopes in Xero's developer portal does: tokens issued
     * before still name it (and refreshing them still answers it), but the API answers what it grants with 401
     * AuthorizationUnsuccessful, and an authorize request naming it is redirected with {@code unauthorized_client}.
     * Its read-write and {@code .read} forms go together.
     */
    public void withdrawScope(String scope) {
        authority.withdrawScope(scope);
    }

    /** Gives the app back every scope {@link #withdrawScope withdrawn}. */
    public void restoreScopes() {
        authority.restoreScopes();
    }

    /** How many times the token endpoint answered a refresh_token grant since the start. */
    public long tokenRefreshes() {
        return authority.refreshes();
    }

    public boolean isRefreshTokenValid(String refreshToken) {
        return authority.isRefreshTokenValid(refreshToken);
    }

    /**
     * {@code --port N} (8090), {@code --seed N}, {@code --organisations N}, {@code --contacts N}, {@code --invoices N},
     * {@code --activity-seconds N} (records change by themselves every N seconds; 0, the default, keeps them still),
     * {@code --today YYYY-MM-DD}, {@code --app-name NAME}, {@code --app-created DATE} (the day the app was created; from
     * 2 March 2026 granular scopes only),
     * {@code --plan NAME} (the Xero plan of the app served, advanced by default), {@code --rate-limits} (enforce Xero's
     * minute limits: 429 past them; the day is always enforced), {@code --rate-limit-minute N} (the length of the
     * "minute" window in seconds, 60 by default; it still allows 60 calls), {@code --rate-limit-day N} (the "day", 86400),
     * {@code --latency SPEC} (answer at Xero's pace, {@link Latency#parse}), {@code --fault SPEC} (inject a
     * {@link SandboxFault}, as {@value SandboxFault#FORMAT}; may be repeated).
     */
    public static void main(String[] args) throws InterruptedException {
        SandboxSettings settings = SandboxSettings.defaults();
        XeroRateLimits limits = settings.rateLimits();
        XeroPlan plan = settings.plan();
        List<SandboxFault> faults = new ArrayList<>();
        int port = 8090;
        int activitySeconds = 0;
        Latency latency = Latency.OFF;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                System.out.println(USAGE);
                return;
            }
            if (flag.equals("--rate-limits")) {
                limits = limits.withEnforced(true);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> port = Integer.parseInt(value);
                case "--seed" -> settings = settings.withSeed(Long.parseLong(value));
                case "--organisations" -> settings = settings.withOrganisations(Integer.parseInt(value));
                case "--contacts" -> settings = settings.withContacts(Integer.parseInt(value));
                case "--invoices" -> settings = settings.withInvoices(Integer.parseInt(value));
                case "--today" -> settings = settings.withToday(SandboxSettings.parseToday("--today", value, settings.today()));
                case "--app-name" -> settings = settings.withAppName(value);
                case "--activity-seconds" -> activitySeconds = Integer.parseInt(value);
                case "--rate-limit-minute" -> limits = limits.withMinute(Duration.ofSeconds(Long.parseLong(value)));
                case "--rate-limit-day" -> limits = limits.withDay(Duration.ofSeconds(Long.parseLong(value)));
                case "--plan" -> plan = XeroPlan.of(value);
                case "--fault" -> faults.add(SandboxFault.parse(value));
                case "--latency" -> latency = Latency.parse(value);
                case "--app-created" -> settings = settings.withAppCreated(java.time.LocalDate.parse(value));
                default -> throw new IllegalArgumentException("Unknown option " + flag + "\n" + USAGE);
            }
        }
        settings = settings.withRateLimits(limits).withPlan(plan);
        XeroSandbox sandbox = new XeroSandbox(settings).start(port);
        faults.forEach(sandbox::inject);
        sandbox.latency(latency);
        if (activitySeconds > 0) {
            sandbox.simulateActivity(Duration.ofSeconds(activitySeconds), 5);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "xero-sandbox-shutdown"));
        System.out.println(sandbox.instructions(settings));
        new CountDownLatch(1).await();
    }

    private String instructions(SandboxSettings settings) {
        String base = baseUrl();
        StringBuilder text = new StringBuilder()
                .append("Xero sandbox serving at ").append(base).append(" (seed ").append(settings.seed())
                .append(", history ").append(clock.history().firstDay()).append(" to ").append(clock.history().lastDay()).append(")\n")
                .append("  client id:     ").append(settings.clientId()).append('\n')
                .append("  client secret: ").append(settings.clientSecret()).append('\n')
                .append("  app created:   ").append(settings.appCreated()).append(" (").append(settings.scopeSet().describe())
                .append(")\n");
        XeroPlan plan = settings.plan();
        text.append("  plan:          ").append(plan.title()).append(" (").append(plan.capsConnections()
                        ? "at most " + plan.connections() + " organisations connected" : "any number of organisations")
                .append(", journals ").append(plan.journals() ? "served" : "refused (401)").append(")\n");
        XeroRateLimits limits = settings.rateLimits();
        text.append("  rate limits:   ").append(limits.enforced() ? "enforced" : "the day enforced, the others reported")
                .append(" (").append(limits.concurrent()).append(" in flight, ").append(limits.perMinute())
                .append(" a minute, ").append(limits.perDay()).append(" a day per organisation; ")
                .append(limits.appPerMinute()).append(" a minute per app; a minute is ").append(limits.minute().toSeconds())
                .append(" s, a day ").append(limits.day().toSeconds()).append(" s)\n");
        Latency latency = accounting.latency();
        text.append("  latency:       ").append(latency.off() ? "off (answers at once)" : latency).append('\n');
        for (SandboxFault fault : activeFaults()) {
            text.append("  fault:         ").append(fault).append('\n');
        }
        for (DemoOrganisation o : organisations) {
            text.append("  organisation:  ").append(o.tenantId()).append("  ").append(o.name()).append('\n');
        }
        return text
                .append("Token for the first organisation (custom connection):\n")
                .append("  curl -s -u ").append(settings.clientId()).append(':').append(settings.clientSecret())
                .append(" -d grant_type=client_credentials ").append(base).append("/connect/token\n")
                .append("Token for the organisations you choose: open in a browser, log in as ").append(DEMO_EMAIL)
                .append(" / ").append(DEMO_PASSWORD).append(", Allow access,\n")
                .append("then take code= from the address the browser is sent to (nothing listens there) and POST it:\n")
                .append("  ").append(base).append("/identity/connect/authorize?response_type=code&client_id=")
                .append(settings.clientId()).append("&redirect_uri=http://localhost/callback&scope=offline_access%20")
                .append(settings.scopeSet() == com.xerosync.config.ScopeSet.GRANULAR ? "accounting.invoices" : "accounting.transactions")
                .append("&state=1\n")
                .append("  curl -s -u ").append(settings.clientId()).append(':').append(settings.clientSecret())
                .append(" -d grant_type=authorization_code -d code=CODE -d redirect_uri=http://localhost/callback ")
                .append(base).append("/connect/token\n")
                .append("Then:\n")
                .append("  curl -s -H 'Authorization: Bearer TOKEN' -H 'xero-tenant-id: ").append(tenantIds().get(0))
                .append("' '").append(base).append("/api.xro/2.0/Invoices?page=1'\n")
                .toString();
    }

    private DemoOrganisation organisation(String tenantId) {
        DemoOrganisation organisation = tenantId == null ? null : byTenant.get(tenantId.toLowerCase(Locale.ROOT));
        if (organisation == null) {
            throw new IllegalArgumentException("No organisation with tenant id " + tenantId);
        }
        return organisation;
    }

    private void dispatch(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        boolean answeredLater = false;
        try {
            if (XeroApiHandler.serves(path)) {
                answeredLater = accounting.handle(exchange, path);
            } else if (IdentityHandler.serves(path)) {
                identity.handle(exchange, path);
            } else {
                HttpExchanges.sendJson(exchange, 404, XeroJson.error(404, "NotFound", "The resource " + path + " does not exist"));
            }
        } catch (IOException e) {
            LOG.debug("Client went away during {} {}", exchange.getRequestMethod(), path, e);
        } catch (RuntimeException e) {
            LOG.warn("Sandbox failed on {} {}", exchange.getRequestMethod(), path, e);
            if (exchange.getResponseCode() == -1) {
                try {
                    HttpExchanges.sendJson(exchange, 500, XeroJson.error(500, "InternalServerError", String.valueOf(e.getMessage())));
                } catch (IOException ignored) {
                    LOG.debug("Could not report the failure to the client", ignored);
                }
            }
        } finally {
            if (!answeredLater) {
                exchange.close();
            }
        }
    }
}
