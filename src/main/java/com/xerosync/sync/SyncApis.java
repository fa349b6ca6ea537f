package com.xerosync.sync;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.util.StringHelper;

/** The APIs the routes declare, read from the parameters of their {@code templatedRoute}s. */
public final class SyncApis {

    private final Map<String, SyncApi> byRouteId = new ConcurrentHashMap<>();

    /** The API of the route an exchange runs in. */
    public SyncApi of(Exchange exchange) {
        return of(exchange.getContext(), exchange.getFromRouteId());
    }

    public SyncApi of(CamelContext context, String routeId) {
        return byRouteId.computeIfAbsent(routeId, id -> {
            RouteDefinition route = context.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition(id);
            if (route == null || route.getTemplateParameters() == null) {
                throw new IllegalStateException("Route " + id + " is not a templatedRoute of xero-api-sync");
            }
            // a parameter may come from a setting ({{sync.full-reload-interval}}): read as the route reads it
            Map<String, Object> parameters = new java.util.HashMap<>();
            route.getTemplateParameters().forEach((name, value) -> parameters.put(name, value instanceof String text
                    ? context.resolvePropertyPlaceholders(text) : value));
            // Camel keeps each camelCase parameter under its kebab-case name too (versionField, version-field)
            parameters.keySet().removeIf(name -> name.contains("-")
                    && parameters.containsKey(StringHelper.dashToCamelCase(name)));
            SyncApi api = SyncApi.fromTemplateParameters(parameters);
            if (!api.routeId().equals(id)) {
                throw new IllegalStateException("Route " + id + " declares api '" + api.name() + "': its routeId must be "
                        + api.routeId());
            }
            return api;
        });
    }
}
