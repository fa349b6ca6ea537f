package com.xerosync.operate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses Jolokia's {@code notification} command on the management server, which the access policy
 * ({@code jolokia-access.xml}) cannot: Jolokia 2's notification handler never asks the policy whether its command type
 * is allowed, and every client it registers is kept until it is unregistered, so an open {@code notification} lets any
 * caller fill the heap. The guard runs before Jolokia on its path and answers 403 as Jolokia answers a refused command.
 */
public final class JolokiaNotificationGuard implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaNotificationGuard.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String path;

    private JolokiaNotificationGuard(String path) {
        this.path = path;
    }

    /** Puts the guard in front of Jolokia on the management server, when there is one. */
    public static void install(CamelContext camel) {
        ManagementHttpServer server = camel.hasService(ManagementHttpServer.class);
        if (server == null || !server.isJolokiaEnabled()) {
            return;
        }
        String path = server.getPath().replaceAll("/$", "") + server.getJolokiaPath();
        JolokiaNotificationGuard guard = new JolokiaNotificationGuard(path);
        server.getRouter().route(path + "*").order(-1).handler(BodyHandler.create(false)).handler(guard);
    }

    @Override
    public void handle(RoutingContext context) {
        if (asksForNotification(context)) {
            LOG.warn("Refused a Jolokia notification request from {}: not allowed on this server",
                    context.request().remoteAddress());
            context.response().setStatusCode(403).putHeader("Content-Type", "application/json")
                    .end("{\"status\":403,\"error_type\":\"java.lang.SecurityException\","
                            + "\"error\":\"java.lang.SecurityException : Command type notification not allowed\"}");
            return;
        }
        context.next();
    }

    private boolean asksForNotification(RoutingContext context) {
        // GET names the command in the path (…/jolokia/notification/register) or in the p parameter
        String rest = context.request().path().substring(Math.min(path.length(), context.request().path().length()));
        String pathParameter = context.request().getParam("p");
        if (command(rest) || (pathParameter != null && command(pathParameter))) {
            return true;
        }
        if (context.request().method() != HttpMethod.POST || context.body() == null || context.body().length() == 0) {
            return false;
        }
        try {
            JsonNode body = JSON.readTree(context.body().asString());
            // one request, or several in a bulk array
            for (JsonNode request : body.isArray() ? body : java.util.List.of(body)) {
                if ("notification".equalsIgnoreCase(request.path("type").asText())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false; // Jolokia answers malformed requests itself
        }
    }

    private static boolean command(String path) {
        return path.replaceAll("^/+", "").toLowerCase(Locale.ROOT).startsWith("notification");
    }
}
