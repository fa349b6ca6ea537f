package com.xerosync.sandbox.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.xerosync.config.XeroPlan;
import com.xerosync.sandbox.data.DeclaredRecords;
import com.xerosync.sandbox.data.DemoOrganisation;
import com.xerosync.sandbox.data.GeneralLedger;
import com.xerosync.sandbox.data.RecordSeries.Selection;
import com.xerosync.sandbox.data.SeededIds;
import com.xerosync.sandbox.endpoints.ApiCollection;
import com.xerosync.sandbox.endpoints.DeclaredApis;
import com.xerosync.sandbox.endpoints.ReportKind;
import com.xerosync.sandbox.faults.FaultInjector;
import com.xerosync.sandbox.faults.SandboxFault;
import com.xerosync.sandbox.http.CompressingExchange;
import com.xerosync.sandbox.http.DelayedExchange;
import com.xerosync.sandbox.http.HttpExchanges;
import com.xerosync.sandbox.http.InFlightExchange;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.http.XeroJson;
import com.xerosync.sandbox.http.XeroJson.Pagination;
import com.xerosync.sandbox.identity.AuthorizationServer;
import com.xerosync.sandbox.identity.AuthorizationServer.Authentication;
import com.xerosync.sandbox.identity.AuthorizationServer.Grant;
import com.xerosync.sandbox.identity.IdentityHandler;
import com.xerosync.sandbox.limits.ApiMeter;
import com.xerosync.sandbox.limits.Latency;
import com.xerosync.sandbox.limits.RateLimiter;
import com.xerosync.sandbox.settings.SandboxClock;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;

/**
 * The accounting API under {@code /api.xro/2.0/} and AU Payroll v1 under {@code /payroll.xro/1.0/}:
 * every endpoint of {@link ApiCollection}, list and single-record GETs, with each endpoint's
 * paging (Journals' {@code offset}), If-Modified-Since, ordering, includeArchived/includeDeleted,
 * scope checks (a report's own granular scope; a missing one answers 401 AuthorizationUnsuccessful), the app's plan
 * (Journals only on Advanced and Enterprise), auth errors, Xero's rate limits ({@link RateLimiter}: headers always,
 * 429s for the day always, for the others when enforced) and injected faults ({@link FaultInjector}); the reports of
 * {@link ReportKind}; AU
 * Payroll answers 404 for organisations outside Australia. The APIs declared as data ({@link DeclaredApis}: Projects)
 * pass the same gate and are served by {@code page} and {@code pageSize} as {@code {pagination, items}}.
 *
 * <p>Not emulated: {@code where}, {@code IDs}/{@code Statuses}/{@code ContactIDs} and the other
 * filters (except Budgets' {@code IDs}, {@code DateFrom}, {@code DateTo}), {@code summaryOnly},
 * {@code unitdp} and {@code searchTerm} are ignored; writes answer 501.
 */
public final class XeroApiHandler {

    static final String PREFIX = "/api.xro/2.0/";
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final int JOURNALS_PER_CALL = 100;

    /**
     * What a request asks for: an accounting or payroll endpoint ({@code collection}, with a record's id or a report's
     * name) or a collection of a declared API ({@code declared}, under {@code declaredApi}).
     */
    private record Route(ApiCollection collection, String id, DeclaredApis.Api declaredApi, DeclaredApis.Request declared) {

        Route(ApiCollection collection, String id) {
            this(collection, id, null, null);
        }

        /** The name it is counted and struck by faults under ({@link ApiCollection#canonicalName}). */
        String name() {
            return collection != null ? collection.name() : declared.collection().name();
        }

        String path() {
            return collection != null ? collection.path : declared.collection().path();
        }
    }

    private record ListQuery(Selection selection, Integer page, int pageSize) {
    }

    private final Map<String, DemoOrganisation> organisations;
    private final AuthorizationServer authority;
    private final ApiMeter meter;
    private final RateLimiter limiter;
    private final FaultInjector faults;
    private final SandboxClock clock;
    private final SeededIds ids;
    private final XeroPlan plan;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    /** Sends the answers a latency holds back. */
    private final ScheduledExecutorService scheduler;
    private volatile Latency latency = Latency.OFF;

    /** A canned answer standing in for an endpoint's real one: bad input, for tests and for trying the product. */
    private record Answer(int status, String contentType, byte[] body) {
    }

    /**
     * @param organisations by tenant id in lower case
     * @param plan          the Xero plan of the app calling
     * @param scheduler     sends the answers the latency model holds back
     */
    public XeroApiHandler(Map<String, DemoOrganisation> organisations, AuthorizationServer authority, ApiMeter meter,
                      RateLimiter limiter, FaultInjector faults, SandboxClock clock, SeededIds ids, XeroPlan plan,
                      ScheduledExecutorService scheduler) {
        this.organisations = organisations;
        this.scheduler = scheduler;
        this.authority = authority;
        this.meter = meter;
        this.limiter = limiter;
        this.faults = faults;
        this.clock = clock;
        this.ids = ids;
        this.plan = plan;
    }

    public static boolean serves(String path) {
        return api(path) != null || DeclaredApis.apiOf(path) != null;
    }

    /** The API a path is under (accounting or AU payroll), or null. */
    private static ApiCollection.Api api(String path) {
        for (ApiCollection.Api api : ApiCollection.Api.values()) {
            if (path.regionMatches(true, 0, api.prefix, 0, api.prefix.length())) {
                return api;
            }
        }
        return null;
    }

    /** @param collection a name {@link ApiCollection#canonicalName} gave */
    public void answerEndpoint(String collection, int status, String contentType, byte[] body) {
        answers.put(collection, new Answer(status, contentType, body));
    }

    /** Clears the canned answers ({@link FaultInjector} holds the faults). */
    public void clearAnswers() {
        answers.clear();
    }

    /**
     * Rate limits first (a refused request costs no work and, as at Xero, counts in no window), then the injected
     * faults, then the request itself. An admitted request is in flight until its response headers are sent.
     */
    /**
     * @return whether the answer leaves later (the latency model): the exchange is then the handler's to close
     */
    public boolean handle(HttpExchange received, String path) throws IOException {
        String tenantHeader = received.getRequestHeaders().getFirst("xero-tenant-id");
        String tenant = tenantHeader == null ? "" : tenantHeader.trim();
        // at Xero's pace (the latency model): written now, sent when its time has come, holding no thread meanwhile
        Latency pace = latency;
        DelayedExchange delayed = pace.off() ? null : new DelayedExchange(received);
        // gzip when asked, as Xero's gateway; every byte of every answer counted for the organisation it went to
        CompressingExchange exchange = new CompressingExchange(delayed != null ? delayed : received,
                bytes -> meter.recordSent(tenant, bytes));
        try {
            handle(exchange, path, tenant, tenantHeader, delayed);
            exchange.close();
        } catch (IOException | RuntimeException e) {
            if (delayed != null) {
                // answered by the caller, at once: what waited for the delivery (the slot in flight) ends now
                delayed.abandon();
            } else {
                exchange.close();
            }
            throw e;
        }
        if (delayed != null) {
            pace.deliverLater(delayed, scheduler);
        }
        return delayed != null;
    }

    /** Answers after Xero's latency as {@code latency} models it from now on ({@link Latency#OFF}: at once). */
    public void latency(Latency latency) {
        this.latency = latency;
    }

    public Latency latency() {
        return latency;
    }

    private void handle(HttpExchange exchange, String path, String tenant, String tenantHeader, DelayedExchange delayed)
            throws IOException {
        ApiCollection.Api api = api(path);
        DeclaredApis.Api declaredApi = api == null ? DeclaredApis.apiOf(path) : null;
        Optional<Route> route = api != null ? route(api, path.substring(api.prefix.length()))
                : DeclaredApis.route(declaredApi, path.substring(declaredApi.prefix().length()))
                        .map(request -> new Route(null, request.id(), declaredApi, request));
        if (route.isEmpty()) {
            HttpExchanges.sendJson(exchange, 404, XeroJson.error(404, "NotFound", "The resource " + path + " does not exist"));
            return;
        }
        meter.record(tenant, route.get().name());
        RateLimiter.Admission admission = limiter.admit(tenant);
        Headers response = exchange.getResponseHeaders();
        response.set("X-DayLimit-Remaining", Long.toString(admission.remaining().day()));
        response.set("X-MinLimit-Remaining", Long.toString(admission.remaining().minute()));
        response.set("X-AppMinLimit-Remaining", Long.toString(admission.remaining().appMinute()));
        if (!admission.admitted()) {
            meter.recordRateLimited(tenant);
            sendRateLimited(exchange, admission);
            return;
        }
        // in flight until the answer leaves: with a latency, that is when it is delivered, not when it was written
        InFlightExchange inFlight = new InFlightExchange(exchange, delayed == null ? admission::release
                : () -> delayed.beforeDelivery(admission::release));
        try {
            Optional<SandboxFault> fault = faults.strike(route.get().name(), tenant);
            if (fault.isPresent() && !suffer(inFlight, route.get().path(), fault.get(), delayed)) {
                return;
            }
            answer(inFlight, route.get(), tenantHeader);
        } finally {
            inFlight.end();
        }
    }

    /**
     * Applies a fault that struck: an error status or a dropped connection instead of the answer, or a delay before
     * it.
     *
     * @param delayed the answer when it is sent later (a slow one is then sent later still, holding no thread), or null
     * @return whether the request is to be answered after all (slow), or has been dealt with
     */
    private static boolean suffer(HttpExchange exchange, String path, SandboxFault fault, DelayedExchange delayed)
            throws IOException {
        switch (fault.effect()) {
            case ERROR -> sendFault(exchange, path, fault.status());
            case DROP -> exchange.close();
            case SLOW -> {
                if (delayed != null) {
                    delayed.delayMore(fault.delay().toMillis());
                    return true;
                }
                try {
                    Thread.sleep(fault.delay().toMillis());
                    return true;
                } catch (InterruptedException e) {
                    // the sandbox is stopping: the client gets no answer, as from a server going down
                    Thread.currentThread().interrupt();
                    exchange.close();
                }
            }
        }
        return false;
    }

    /** 429 as Xero answers a breached limit: which one, and how many whole seconds until its window ends. */
    private static void sendRateLimited(HttpExchange exchange, RateLimiter.Admission refusal) throws IOException {
        RateLimiter.Problem problem = refusal.problem();
        exchange.getResponseHeaders().set("Retry-After", Long.toString(refusal.retryAfterSeconds()));
        exchange.getResponseHeaders().set("X-Rate-Limit-Problem", problem.header);
        HttpExchanges.sendJson(exchange, 429, XeroJson.problem(429, "Too Many Requests", "Rate limit exceeded ("
                + problem.header + "): at most " + refusal.limit() + " " + problem.counted + "; retry after "
                + refusal.retryAfterSeconds() + " s"));
    }

    /** The request itself, as it would be answered on a good day: canned answer, method, auth, tenant, scope. */
    private void answer(HttpExchange exchange, Route route, String tenantHeader) throws IOException {
        ApiCollection collection = route.collection();
        Headers request = exchange.getRequestHeaders();
        Headers response = exchange.getResponseHeaders();
        Answer answer = answers.get(route.name());
        if (answer != null) {
            if (answer.contentType() != null) {
                response.set("Content-Type", answer.contentType());
            }
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            HttpExchanges.sendJson(exchange, 501, XeroJson.error(501, "NotImplemented",
                    "The sandbox is read-only: " + exchange.getRequestMethod() + " " + route.path() + " is not implemented"));
            return;
        }
        Authentication auth = authority.authenticate(request.getFirst("Authorization"));
        if (!auth.valid()) {
            IdentityHandler.sendUnauthorized(exchange, auth);
            return;
        }
        DemoOrganisation organisation = tenantOf(auth.grant(), tenantHeader);
        if (organisation == null) {
            HttpExchanges.sendJson(exchange, 403, XeroJson.problem(403, "Forbidden", "AuthenticationUnsuccessful"));
            return;
        }
        if (!ApiCollection.grantedBy(scopesFor(route), authority.effectiveScopes(auth.grant()))) {
            // as Xero answers a missing scope: 401, however fresh the token (a refresh does not cure it)
            HttpExchanges.sendJson(exchange, 401, XeroJson.problem(401, "Unauthorized", "AuthorizationUnsuccessful"));
            return;
        }
        if (collection != null && collection.api == ApiCollection.Api.PAYROLL_AU && !organisation.hasAuPayroll()) {
            HttpExchanges.sendJson(exchange, 404, XeroJson.error(404, "NotFound", "AU Payroll is only available to Australian "
                    + "organisations, and " + organisation.name() + " is not one"));
            return;
        }
        try {
            if (route.declared() != null) {
                serveDeclared(exchange, organisation, route.declaredApi(), route.declared());
            } else {
                serve(exchange, organisation, route);
            }
        } catch (IllegalArgumentException e) {
            HttpExchanges.sendJson(exchange, 400, XeroJson.error(400, "ValidationException", e.getMessage()));
        }
    }

    /** An id no record has: Xero answers 404 in plain text, not with the API's JSON error body. */
    private static void sendUnknownRecord(HttpExchange exchange) throws IOException {
        HttpExchanges.sendText(exchange, 404, "The resource you're looking for cannot be found");
    }

    /**
     * 401 as Xero answers an app whose plan lacks a permission it asks for (Journals below Advanced): the gateway's
     * problem body, AuthorizationUnsuccessful, whatever the token's scopes.
     */
    private static void sendNotOnPlan(HttpExchange exchange) throws IOException {
        ObjectNode problem = XeroJson.problem(401, "Unauthorized", "AuthorizationUnsuccessful");
        problem.putObject("Extensions");
        HttpExchanges.sendJson(exchange, 401, problem);
    }

    /** A custom connection needs no tenant header: it reaches one organisation only. */
    private DemoOrganisation tenantOf(Grant grant, String tenantHeader) {
        String tenantId = tenantHeader != null ? tenantHeader.trim()
                : grant.customConnection && !grant.connections.isEmpty() ? grant.connections.get(0).tenantId() : null;
        if (tenantId == null || !grant.covers(tenantId)) {
            return null;
        }
        return organisations.get(tenantId.toLowerCase(Locale.ROOT));
    }

    /** What grants a route: a report's own scopes (broad or granular), else the endpoint's. */
    private static List<String> scopesFor(Route route) {
        if (route.declared() != null) {
            return route.declaredApi().scopes();
        }
        if (route.collection() == ApiCollection.REPORTS && route.id() != null) {
            Optional<ReportKind> kind = ReportKind.of(route.id());
            if (kind.isPresent()) {
                return kind.get().scopes();
            }
        }
        return route.collection().scopes;
    }

    private void serve(HttpExchange exchange, DemoOrganisation organisation, Route route) throws IOException {
        ApiCollection collection = route.collection();
        switch (collection) {
            case JOURNALS -> {
                if (!plan.journals()) {
                    sendNotOnPlan(exchange);
                } else {
                    serveJournals(exchange, organisation, route.id());
                }
                return;
            }
            case BUDGETS -> {
                serveBudgets(exchange, organisation, route.id());
                return;
            }
            case REPORTS -> {
                Optional<ObjectNode> body = reportEnvelope(organisation, route.id(), HttpExchanges.query(exchange));
                if (body.isEmpty()) {
                    sendUnknownRecord(exchange);
                } else {
                    HttpExchanges.sendJson(exchange, 200, body.get());
                }
                return;
            }
            default -> {
            }
        }
        if (route.id() != null) {
            Optional<ObjectNode> record = organisation.find(collection, route.id());
            if (record.isEmpty()) {
                sendUnknownRecord(exchange);
            } else {
                sendEnvelope(exchange, organisation, collection, null, List.of(record.get()).iterator());
            }
            return;
        }
        ListQuery query = listQuery(exchange, collection);
        if (query.page() == null) {
            // unpaged listings of paged endpoints leave the line items out, as Xero's do
            Stream<ObjectNode> all = organisation.list(collection, query.selection(), 0, Long.MAX_VALUE, !collection.paged());
            sendEnvelope(exchange, organisation, collection, null, all.iterator());
            return;
        }
        int pageSize = query.pageSize();
        Stream<ObjectNode> page = organisation.list(collection, query.selection(), (long) (query.page() - 1) * pageSize, pageSize, true);
        Pagination pagination = null;
        if (collection.paging == ApiCollection.Paging.PAGE_SIZE) {
            long itemCount = organisation.count(collection, query.selection());
            pagination = new Pagination(query.page(), pageSize, (itemCount + pageSize - 1) / pageSize, itemCount);
        }
        sendEnvelope(exchange, organisation, collection, pagination, page.iterator());
    }

    /**
     * A declared API's GET ({@link DeclaredApis}): one record by id, unwrapped, or a page of the listing as
     * {@code {pagination, items}}, {@code page} and {@code pageSize} as the declaration allows. A parent named in the
     * path that has no record answers 404, as an unknown id does.
     */
    private void serveDeclared(HttpExchange exchange, DemoOrganisation organisation, DeclaredApis.Api api,
                               DeclaredApis.Request request) throws IOException {
        DeclaredRecords records = organisation.declared();
        for (Map.Entry<String, String> parent : request.parentValues().entrySet()) {
            if (!records.exists(api, parent.getKey(), parent.getValue())) {
                HttpExchanges.sendJson(exchange, 404, XeroJson.declaredError("No " + parent.getKey() + " "
                        + parent.getValue() + " in " + organisation.name()));
                return;
            }
        }
        DeclaredApis.Collection collection = request.collection();
        if (request.id() != null) {
            Optional<ObjectNode> record = records.find(collection, request.id());
            if (record.isEmpty()) {
                HttpExchanges.sendJson(exchange, 404, XeroJson.declaredError("No " + collection.idField() + " "
                        + request.id() + " in " + organisation.name()));
            } else {
                HttpExchanges.sendJson(exchange, 200, record.get());
            }
            return;
        }
        Map<String, String> query = lowerCaseKeys(HttpExchanges.query(exchange));
        int page = query.get("page") == null ? 1 : integerValue(query.get("page"), "page");
        int pageSize = query.get("pagesize") == null ? api.defaultPageSize() : integerValue(query.get("pagesize"), "pageSize");
        if (page < 1 || pageSize < 1 || pageSize > api.maxPageSize()) {
            HttpExchanges.sendJson(exchange, 400, XeroJson.declaredError("page must be a number greater than 0 and "
                    + "pageSize a number between 1 and " + api.maxPageSize()));
            return;
        }
        List<ObjectNode> listed = records.list(collection, request.parentValues());
        long itemCount = listed.size();
        ObjectNode body = XeroJson.NODES.objectNode();
        ObjectNode pagination = body.putObject("pagination");
        pagination.put("page", page);
        pagination.put("pageSize", pageSize);
        pagination.put("pageCount", (itemCount + pageSize - 1) / pageSize);
        pagination.put("itemCount", itemCount);
        long from = Math.min(itemCount, (long) (page - 1) * pageSize);
        List<ObjectNode> items = listed.subList((int) from, (int) Math.min(itemCount, from + pageSize));
        body.putArray("items").addAll(items);
        exchange.setAttribute(DelayedExchange.RECORDS, items.size());
        HttpExchanges.sendJson(exchange, 200, body);
    }

    /**
     * {@code GET /Journals}: JournalNumber above {@code offset}, oldest first, 100 a call; the cash
     * basis with {@code paymentsOnly=true}; If-Modified-Since on CreatedDateUTC. By JournalID or
     * JournalNumber with an id.
     */
    private void serveJournals(HttpExchange exchange, DemoOrganisation organisation, String id) throws IOException {
        Map<String, String> query = lowerCaseKeys(HttpExchanges.query(exchange));
        GeneralLedger.Basis basis = "true".equalsIgnoreCase(query.get("paymentsonly")) ? GeneralLedger.Basis.CASH : GeneralLedger.Basis.ACCRUAL;
        if (id != null) {
            Optional<ObjectNode> journal = organisation.ledger().find(basis, id);
            if (journal.isEmpty()) {
                sendUnknownRecord(exchange);
            } else {
                sendEnvelope(exchange, organisation, ApiCollection.JOURNALS, null, List.of(journal.get()).iterator());
            }
            return;
        }
        String offsetValue = query.get("offset");
        long offset = offsetValue == null || offsetValue.isBlank() ? 0 : Math.max(0, integer(offsetValue, "offset"));
        String ims = exchange.getRequestHeaders().getFirst("If-Modified-Since");
        long modifiedAfter = ims == null || ims.isBlank() ? Long.MIN_VALUE : XeroFormat.parseModifiedSince(ims);
        sendEnvelope(exchange, organisation, ApiCollection.JOURNALS, null,
                organisation.ledger().page(basis, offset, modifiedAfter, JOURNALS_PER_CALL).iterator());
    }

    /** {@code GET /Budgets} (IDs filter; no lines) and {@code /Budgets/{id}} (lines; DateFrom/DateTo keep those months). */
    private void serveBudgets(HttpExchange exchange, DemoOrganisation organisation, String id) throws IOException {
        Map<String, String> query = lowerCaseKeys(HttpExchanges.query(exchange));
        if (id == null) {
            Set<String> only = new HashSet<>();
            String ids = query.get("ids");
            if (ids != null) {
                for (String one : ids.split(",")) {
                    if (!one.isBlank()) {
                        only.add(one.replace("\"", "").trim().toLowerCase(Locale.ROOT));
                    }
                }
            }
            sendEnvelope(exchange, organisation, ApiCollection.BUDGETS, null, organisation.budgets().list(only).iterator());
            return;
        }
        Optional<ObjectNode> budget = organisation.budgets().find(id, month(query.get("datefrom"), "DateFrom"),
                month(query.get("dateto"), "DateTo"));
        if (budget.isEmpty()) {
            sendUnknownRecord(exchange);
        } else {
            sendEnvelope(exchange, organisation, ApiCollection.BUDGETS, null, List.of(budget.get()).iterator());
        }
    }

    private static YearMonth month(String date, String name) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return YearMonth.from(LocalDate.parse(date.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date (YYYY-MM-DD), not '" + date + "'");
        }
    }

    /**
     * The whole body {@code GET /api.xro/2.0/Reports[/<sub>]?<query>} answers: the envelope and its
     * Reports array, whose Id derives from the organisation, the path and the query (sorted), and
     * the state of the books; DateTimeUTC is the current time; empty when {@code sub} names no report.
     */
    public Optional<ObjectNode> reportEnvelope(DemoOrganisation organisation, String sub, Map<String, String> query) {
        long books = clock.dataNow();
        long now = clock.current();
        return organisation.reports(sub, query, books).map(reports -> {
            String request = organisation.tenantId() + " " + PREFIX + "Reports" + (sub == null ? "" : "/" + sub) + "?"
                    + new TreeMap<>(query);
            ObjectNode envelope = XeroJson.NODES.objectNode();
            envelope.put("Id", ids.uuid(0, SeededIds.ENVELOPE, ids.mix(request.hashCode(), books)).toString());
            envelope.put("Status", "OK");
            envelope.put("ProviderName", authority.appName());
            envelope.put("DateTimeUTC", XeroFormat.envelopeDate(now));
            envelope.putArray("Reports").addAll(reports);
            return envelope;
        });
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> query) {
        Map<String, String> lower = new LinkedHashMap<>();
        query.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }

    /** Same request, same data, same answer but for DateTimeUTC (the current time): the envelope Id derives from them. */
    private void sendEnvelope(HttpExchange exchange, DemoOrganisation organisation, ApiCollection collection,
                              Pagination pagination, Iterator<ObjectNode> records) throws IOException {
        long now = clock.current();
        String request = organisation.tenantId() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("If-Modified-Since");
        UUID envelopeId = ids.uuid(0, SeededIds.ENVELOPE, ids.mix(request.hashCode(), clock.dataNow()));
        exchange.getResponseHeaders().set("Content-Type", HttpExchanges.JSON);
        exchange.sendResponseHeaders(200, 0);
        int[] count = new int[1];
        Iterator<ObjectNode> counted = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public ObjectNode next() {
                count[0]++;
                return records.next();
            }
        };
        try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
            XeroJson.writeEnvelope(out, envelopeId, authority.appName(), now, pagination, collection.key, counted);
        }
        exchange.setAttribute(DelayedExchange.RECORDS, count[0]);
    }

    /**
     * What a list GET asks for, as far as the endpoint takes it: If-Modified-Since only where Xero
     * honours it, the hidden-records switch only where it exists, a page only on paged endpoints
     * (pageSize only on P+S ones; page-only endpoints always serve 100).
     */
    private ListQuery listQuery(HttpExchange exchange, ApiCollection collection) {
        Map<String, String> query = HttpExchanges.query(exchange);
        String ims = collection.ifModifiedSince ? exchange.getRequestHeaders().getFirst("If-Modified-Since") : null;
        long modifiedAfter = ims == null || ims.isBlank() ? Long.MIN_VALUE : XeroFormat.parseModifiedSince(ims);
        boolean includeHidden = collection.showHidden == null || "true".equalsIgnoreCase(query.get(collection.showHidden));
        Selection selection = new Selection(modifiedAfter, includeHidden, descending(query.get("order"), collection));
        if (!collection.paged() || query.get("page") == null) {
            return new ListQuery(selection, null, DEFAULT_PAGE_SIZE);
        }
        int page = Math.max(1, integerValue(query.get("page"), "page"));
        String size = collection.paging == ApiCollection.Paging.PAGE_SIZE ? query.get("pageSize") : null;
        int pageSize = size == null ? DEFAULT_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, Math.max(1, integerValue(size, "pageSize")));
        return new ListQuery(selection, page, pageSize);
    }

    /**
     * Only the order a listing already has can be asked for (UpdatedDateUTC for most, Name or
     * Code for a few), ascending by default; endpoints without {@code order} in the spec ignore it.
     */
    private static boolean descending(String order, ApiCollection collection) {
        if (order == null || order.isBlank() || collection.order.ignored()) {
            return false;
        }
        String[] parts = order.trim().split("\\s+");
        boolean known = collection.order.fields().stream().anyMatch(parts[0]::equalsIgnoreCase);
        if (!known || parts.length > 2
                || (parts.length == 2 && !parts[1].equalsIgnoreCase("ASC") && !parts[1].equalsIgnoreCase("DESC"))) {
            throw new IllegalArgumentException(collection.order.fields().isEmpty()
                    ? "The sandbox cannot order " + collection.path + ", not by '" + order + "'"
                    : "The sandbox can only order " + collection.path + " by " + String.join(" or ", collection.order.fields())
                    + " [ASC|DESC], not '" + order + "'");
        }
        return parts.length == 2 && parts[1].equalsIgnoreCase("DESC");
    }

    private static long integer(String value, String name) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static int integerValue(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static Optional<Route> route(ApiCollection.Api api, String rest) {
        String[] parts = rest.split("/", -1);
        if (parts.length > 2 || (parts.length == 2 && parts[1].isEmpty())) {
            return Optional.empty();
        }
        if (api == ApiCollection.Api.PAYROLL_AU && parts.length == 2 && parts[1].equalsIgnoreCase("v2")
                && parts[0].equalsIgnoreCase(ApiCollection.PAYROLL_LEAVE_APPLICATIONS.path)) {
            // v2 adds leave requests (REQUESTED, REJECTED periods); the sandbox has none, so it is the same listing
            return Optional.of(new Route(ApiCollection.PAYROLL_LEAVE_APPLICATIONS, null));
        }
        if (api == ApiCollection.Api.ACCOUNTING && parts[0].equalsIgnoreCase(ApiCollection.INVOICE_REMINDERS.pathName())) {
            return parts.length == 2 && parts[1].equalsIgnoreCase("Settings")
                    ? Optional.of(new Route(ApiCollection.INVOICE_REMINDERS, null)) : Optional.empty();
        }
        return ApiCollection.find(parts[0])
                .filter(c -> c.api == api && c.path.equalsIgnoreCase(parts[0]))
                .filter(c -> parts.length == 1 || c.single)
                .map(c -> new Route(c, parts.length == 2 ? parts[1] : null));
    }

    /**
     * An injected error status as Xero would answer it: 503 is Xero's "organisation offline", whose body is plain
     * text; the others carry the accounting API's JSON error body (a 429 also the minute problem, to be retried in a
     * second).
     */
    private static void sendFault(HttpExchange exchange, String path, int status) throws IOException {
        if (status == 503) {
            byte[] body = ("Organisation offline: the organisation temporarily cannot be connected to (sandbox fault injected for "
                    + path + ")").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        String type = switch (status) {
            case 400 -> "ValidationException";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 429 -> "RateLimitExceeded";
            case 500 -> "InternalServerError";
            case 501 -> "NotImplemented";
            default -> "HttpError" + status;
        };
        if (status == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            exchange.getResponseHeaders().set("X-Rate-Limit-Problem", "minute");
        }
        HttpExchanges.sendJson(exchange, status, XeroJson.error(status, type, "Sandbox fault injected for " + path));
    }
}
