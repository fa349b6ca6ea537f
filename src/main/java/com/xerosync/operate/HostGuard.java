package com.xerosync.operate;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import com.xerosync.config.ExternalText;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of both HTTP servers (the admin pages' and the management server), before Camel and Jolokia:
 * <ul>
 * <li>a request must name, in its Host header, a host this service is reached by (loopback, the configured host, the
 * redirect URI's, {@code admin.allowed-hosts}): a web page that rebinds its own name to 127.0.0.1 (DNS rebinding)
 * reaches nothing;</li>
 * <li>a write (POST, PUT, PATCH, DELETE) that carries an Origin must come from such a host;</li>
 * <li>a query parameter may not carry the name of a header or a path parameter the pages read (platform-http puts
 * query parameters among the headers, so {@code ?Authorization=…} would otherwise log in);</li>
 * <li>on the admin server every answer says {@code no-store}, {@code nosniff} and a Content-Security-Policy that allows
 * no script at all, set on the response itself whatever the route answered.</li>
 * </ul>
 * Refusals are answered 403 (400 for a query parameter), logged with what came from outside escaped.
 */
public final class HostGuard implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(HostGuard.class);
    /** Names a query parameter must not have: request headers the pages read, path parameters, Camel's own. */
    private static final Set<String> RESERVED = Set.of("authorization", "cookie", "host", "origin", "referer",
            "content-type", "content-length", "tenantid", "x-forwarded-for");
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private final Set<String> allowed;
    private final boolean anyHost;
    private final boolean pages;

    HostGuard(Set<String> allowed, boolean pages) {
        this.anyHost = allowed.contains("*");
        this.allowed = allowed;
        this.pages = pages;
    }

    /**
     * Puts the guard in front of both servers, when they run.
     *
     * @param allowedHosts hosts requests may name besides loopback ({@code admin.allowed-hosts}; {@code *} = any)
     * @param redirectUri  the admin's callback address, whose host the admin is reached by
     */
    public static void install(CamelContext camel, List<String> allowedHosts, String redirectUri) {
        Set<String> hosts = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).forEach(hosts::add);
        if (redirectUri != null) {
            try {
                String host = URI.create(redirectUri).getHost();
                if (host != null) {
                    hosts.add(bare(host));
                }
            } catch (IllegalArgumentException notAUri) {
                // the connect flow reports it
            }
        }
        MainHttpServer main = camel.hasService(MainHttpServer.class);
        if (main != null) {
            Set<String> mainHosts = withBound(hosts, main.getHost());
            main.getRouter().route("/*").order(-2).handler(new HostGuard(mainHosts, true));
        }
        ManagementHttpServer management = camel.hasService(ManagementHttpServer.class);
        if (management != null) {
            Set<String> managementHosts = withBound(hosts, management.getHost());
            management.getRouter().route("/*").order(-2).handler(new HostGuard(managementHosts, false));
        }
    }

    private static Set<String> withBound(Set<String> hosts, String bound) {
        Set<String> copy = new LinkedHashSet<>(hosts);
        if (bound != null && !bound.isBlank() && !bound.equals("0.0.0.0") && !bound.equals("::")) {
            copy.add(bare(bound));
        }
        return copy;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        // HTTP/1.1's Host header, or HTTP/2's :authority
        HostAndPort authority = request.authority();
        String host = authority == null ? null : bare(authority.host());
        if (!anyHost && (host == null || !allowed.contains(host))) {
            refuse(context, 403, "Host '" + ExternalText.printable(authority == null ? "" : authority.host())
                    + "' is not how this xero-sync is reached: add the name to admin.allowed-hosts (ADMIN_ALLOWED_HOSTS) "
                    + "if it is yours");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && writes(request.method()) && !anyHost && !allowed.contains(originHost(origin))) {
            refuse(context, 403, "a form from '" + ExternalText.printable(origin) + "' may not write here: open the "
                    + "admin page at its own address");
            return;
        }
        for (String name : request.params().names()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower) || lower.startsWith("camel")) {
                refuse(context, 400, "the query parameter '" + ExternalText.printable(name) + "' is not accepted: "
                        + "credentials go in the Authorization header and organisations in the path");
                return;
            }
        }
        if (pages) {
            context.addHeadersEndHandler(done -> {
                var headers = context.response().headers();
                headers.set("Cache-Control", "no-store");
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("X-Frame-Options", "DENY");
                // not no-referrer: with it a browser sends "Origin: null" on the pages' own forms
                headers.set("Referrer-Policy", "same-origin");
                headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            });
        }
        context.next();
    }

    private static boolean writes(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
                || method == HttpMethod.DELETE;
    }

    private void refuse(RoutingContext context, int status, String why) {
        LOG.warn("Refused {} {} from {}: {}", context.request().method(), ExternalText.printable(context.request().path()),
                context.request().remoteAddress(), why);
        context.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Cache-Control", "no-store").putHeader("X-Content-Type-Options", "nosniff")
                .end("Refused: " + why + "\n");
    }

    private static String originHost(String origin) {
        try {
            String host = URI.create(origin.trim()).getHost();
            return host == null ? "" : bare(host);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String bare(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }
}
