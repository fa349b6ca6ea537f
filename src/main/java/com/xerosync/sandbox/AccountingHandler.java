package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.xerosync.sandbox.AuthorizationServer.Authentication;
import com.xerosync.sandbox.AuthorizationServer.Grant;
import com.xerosync.sandbox.RecordSeries.Selection;
import com.xerosync.sandbox.XeroJson.Pagination;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The accounting API under {@code /api.xro/2.0/}: every endpoint of {@link ApiCollection}, list
 * and single-record GETs, with each endpoint's paging, If-Modified-Since, ordering,
 * includeArchived/includeDeleted, scope checks, auth errors, rate headers and injectable faults.
 *
 * <p>Not emulated: {@code where}, {@code IDs}/{@code Statuses}/{@code ContactIDs} and the other
 * filters, {@code summaryOnly}, {@code unitdp} and {@code searchTerm} are ignored; writes answer 501.
 */
final class AccountingHandler {

    static final String PREFIX = "/api.xro/2.0/";
    static final String PROVIDER_NAME = "Xero Sandbox";
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 1000;

    private record Route(ApiCollection collection, String id) {
    }

    private record ListQuery(Selection selection, Integer page, int pageSize) {
    }

    private final Map<String, DemoOrganisation> organisations;
    private final AuthorizationServer authority;
    private final ApiMeter meter;
    private final SandboxClock clock;
    private final SeededIds ids;
    private final Map<ApiCollection, Integer> faults = new ConcurrentHashMap<>();

    /** @param organisations by tenant id in lower case */
    AccountingHandler(Map<String, DemoOrganisation> organisations, AuthorizationServer authority, ApiMeter meter,
                      SandboxClock clock, SeededIds ids) {
        this.organisations = organisations;
        this.authority = authority;
        this.meter = meter;
        this.clock = clock;
        this.ids = ids;
    }

    static boolean serves(String path) {
        return path.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    void failEndpoint(ApiCollection collection, int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP error (4xx or 5xx), not " + status);
        }
        faults.put(collection, status);
    }

    void clearFailures() {
        faults.clear();
    }

    void handle(HttpExchange exchange, String path) throws IOException {
        Optional<Route> route = route(path.substring(PREFIX.length()));
        if (route.isEmpty()) {
            HttpExchanges.sendJson(exchange, 404, XeroJson.error(404, "NotFound", "The resource " + path + " does not exist"));
            return;
        }
        ApiCollection collection = route.get().collection();
        Headers request = exchange.getRequestHeaders();
        String tenantHeader = request.getFirst("xero-tenant-id");
        ApiMeter.Remaining remaining = meter.record(tenantHeader == null ? "" : tenantHeader.trim(), collection, System.currentTimeMillis());
        Headers response = exchange.getResponseHeaders();
        response.set("X-DayLimit-Remaining", Long.toString(remaining.day()));
        response.set("X-MinLimit-Remaining", Long.toString(remaining.minute()));
        response.set("X-AppMinLimit-Remaining", Long.toString(remaining.appMinute()));

        Integer fault = faults.get(collection);
        if (fault != null) {
            sendFault(exchange, collection, fault);
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            HttpExchanges.sendJson(exchange, 501, XeroJson.error(501, "NotImplemented",
                    "The sandbox is read-only: " + exchange.getRequestMethod() + " " + collection.path + " is not implemented"));
            return;
        }
        Authentication auth = authority.authenticate(request.getFirst("Authorization"));
        if (!auth.valid()) {
            sendUnauthorized(exchange, auth);
            return;
        }
        DemoOrganisation organisation = tenantOf(auth.grant(), tenantHeader);
        if (organisation == null) {
            HttpExchanges.sendJson(exchange, 403, XeroJson.problem(403, "Forbidden", "AuthenticationUnsuccessful"));
            return;
        }
        if (!collection.grantedBy(auth.grant().scopes())) {
            response.set("WWW-Authenticate", "Bearer error=\"insufficient_scope\"");
            HttpExchanges.sendJson(exchange, 403, XeroJson.problem(403, "Forbidden", "AuthorizationUnsuccessful"));
            return;
        }
        try {
            serve(exchange, organisation, route.get());
        } catch (IllegalArgumentException e) {
            HttpExchanges.sendJson(exchange, 400, XeroJson.error(400, "ValidationException", e.getMessage()));
        }
    }

    /** 401 as Xero's gateway answers it: why, and for an expired token, since when. */
    static void sendUnauthorized(HttpExchange exchange, Authentication auth) throws IOException {
        String detail = auth.expiredAt() != null
                ? "TokenExpired: token expired at " + auth.expiredAt().truncatedTo(ChronoUnit.SECONDS)
                : "AuthenticationUnsuccessful";
        HttpExchanges.sendJson(exchange, 401, XeroJson.problem(401, "Unauthorized", detail));
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

    private void serve(HttpExchange exchange, DemoOrganisation organisation, Route route) throws IOException {
        ApiCollection collection = route.collection();
        if (route.id() != null) {
            Optional<ObjectNode> record = organisation.find(collection, route.id());
            if (record.isEmpty()) {
                HttpExchanges.sendJson(exchange, 404, XeroJson.error(404, "NotFound",
                        "No " + collection.path + " with id " + route.id()));
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

    /** Same request, same data, same answer: the envelope Id derives from them, DateTimeUTC is the sandbox clock. */
    private void sendEnvelope(HttpExchange exchange, DemoOrganisation organisation, ApiCollection collection,
                              Pagination pagination, Iterator<ObjectNode> records) throws IOException {
        long now = clock.now();
        String request = organisation.tenantId() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("If-Modified-Since");
        UUID envelopeId = ids.uuid(0, SeededIds.ENVELOPE, ids.mix(request.hashCode(), now));
        exchange.getResponseHeaders().set("Content-Type", HttpExchanges.JSON);
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), 1 << 16)) {
            XeroJson.writeEnvelope(out, envelopeId, PROVIDER_NAME, now, pagination, collection.key, records);
        }
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
        int page = Math.max(1, integer(query.get("page"), "page"));
        String size = collection.paging == ApiCollection.Paging.PAGE_SIZE ? query.get("pageSize") : null;
        int pageSize = size == null ? DEFAULT_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, Math.max(1, integer(size, "pageSize")));
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

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    private static Optional<Route> route(String rest) {
        String[] parts = rest.split("/", -1);
        if (parts.length > 2 || (parts.length == 2 && parts[1].isEmpty())) {
            return Optional.empty();
        }
        if (parts[0].equalsIgnoreCase(ApiCollection.INVOICE_REMINDERS.pathName())) {
            return parts.length == 2 && parts[1].equalsIgnoreCase("Settings")
                    ? Optional.of(new Route(ApiCollection.INVOICE_REMINDERS, null)) : Optional.empty();
        }
        return ApiCollection.find(parts[0])
                .filter(c -> c.path.equalsIgnoreCase(parts[0]))
                .filter(c -> parts.length == 1 || c.single)
                .map(c -> new Route(c, parts.length == 2 ? parts[1] : null));
    }

    private static void sendFault(HttpExchange exchange, ApiCollection collection, int status) throws IOException {
        String type = switch (status) {
            case 400 -> "ValidationException";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 429 -> "RateLimitExceeded";
            case 500 -> "InternalServerError";
            case 501 -> "NotImplemented";
            case 503 -> "ServiceUnavailable";
            default -> "HttpError" + status;
        };
        if (status == 429) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            exchange.getResponseHeaders().set("X-Rate-Limit-Problem", "minute");
        }
        HttpExchanges.sendJson(exchange, status, XeroJson.error(status, type, "Sandbox fault injected for " + collection.path));
    }
}
