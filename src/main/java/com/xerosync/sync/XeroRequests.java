package com.xerosync.sync;

import java.util.StringJoiner;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Prepares the HTTP request for a run's next call: a page of the listing, or one listed record by id. */
public final class XeroRequests {

    /** Camel step, before the token step and the HTTP call. */
    public void prepare(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncRun.PROPERTY, SyncRun.class);
        SyncApi api = run.api();
        Message message = exchange.getMessage();
        // only what is set here reaches Xero: no quartz or split headers leak into the request
        message.removeHeaders("*");
        message.setBody(null);
        StringJoiner query = new StringJoiner("&");
        SyncRun.Call call = run.nextCall();
        if (call != null) {
            // a listed record's own GET (what the listing leaves out), or one period of a report
            if (!call.path().isEmpty()) {
                message.setHeader(Exchange.HTTP_PATH, call.path());
            }
            if (!call.query().isEmpty()) {
                query.add(call.query());
            }
        } else {
            listing(run, api, message, query);
        }
        if (!api.query().isEmpty()) {
            query.add(api.query());
        }
        message.setHeader(Exchange.HTTP_METHOD, "GET");
        message.setHeader(Exchange.HTTP_QUERY, query.toString());
        message.setHeader("Accept", "application/json");
        // Xero's egress is billed: ask for gzip, and leave the answer compressed for EgressMeter to count and decode
        message.setHeader("Accept-Encoding", "gzip");
        exchange.setProperty(Exchange.SKIP_GZIP_ENCODING, true);
    }

    private static void listing(SyncRun run, SyncApi api, Message message, StringJoiner query) {
        switch (api.paging()) {
            case PAGE -> query.add("page=" + run.page());
            case PAGE_SIZE -> {
                query.add("page=" + run.page());
                query.add("pageSize=" + run.pageSize());
            }
            case OFFSET -> query.add("offset=" + (run.cursor() == null ? 0 : run.cursor().position()));
            case NONE -> { }
        }
        if (api.incremental()) {
            query.add("order=" + api.versionField() + "%20ASC");
            if (run.cursor() != null) {
                message.setHeader("If-Modified-Since", XeroDates.ifModifiedSince(run.cursor().nextModifiedSince()));
            }
        }
    }
}
