package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Tokens are encrypted at rest and never appear in logs, error records, JMX (Jolokia), metrics or health, whatever happens. */
class TokenSecrecyIT {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Appender<ILoggingEvent> console;
    private XeroSyncHarness harness;

    @BeforeEach
    void captureLogs() {
        root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        // capture everything, debug included, while the test runs
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("com.xerosync").setLevel(ch.qos.logback.classic.Level.DEBUG);
        logs.start();
        root.addAppender(logs);
        // the debug flood goes to the list only, not to the build's output
        console = root.getAppender("CONSOLE");
        root.detachAppender(console);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        if (console != null) {
            root.addAppender(console);
        }
        root.setLevel(ch.qos.logback.classic.Level.WARN);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("com.xerosync").setLevel(ch.qos.logback.classic.Level.INFO);
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void should_keep_every_token_out_of_logs_error_records_and_clear_text_columns() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("secrecy")),
                Map.of("XERO_SYNC_TOKEN_KEY", XeroSyncHarness.TOKEN_KEY));
        List<String> tokens = new ArrayList<>();
        tokens.add(harness.storedToken("refresh_token", "sandbox"));
        tokens.add(harness.storedToken("access_token", "sandbox"));

        // a refresh mid-sync, a rejected token and a failing API: every path that handles tokens or records errors
        harness.sandbox().failEndpoint("Contacts", 500);
        harness.sync(List.of("xero-contacts", "xero-accounts"));
        harness.sandbox().expireAccessTokens();
        harness.sync(List.of("xero-invoices"));
        tokens.add(harness.storedToken("refresh_token", "sandbox"));
        tokens.add(harness.storedToken("access_token", "sandbox"));
        assertThat(tokens).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isPositive();

        List<String> written = new ArrayList<>();
        // threads still log after a run is over (the appender appends under its own lock): read a copy
        List<ILoggingEvent> events;
        synchronized (logs) {
            events = new ArrayList<>(logs.list);
        }
        events.forEach(event -> {
            written.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                written.add(event.getThrowableProxy().getMessage());
            }
        });
        harness.query("SELECT message FROM xero_sync.sync_failure").forEach(r -> written.add((String) r.get("message")));
        harness.query("SELECT coalesce(error, '') AS e FROM xero_sync.sync_run").forEach(r -> written.add((String) r.get("e")));
        Map<String, Object> columns = harness.query("SELECT refresh_token, access_token FROM xero_sync.connections").get(0);
        written.add((String) columns.get("refresh_token"));
        written.add((String) columns.get("access_token"));
        // every attribute of every MBean Jolokia serves (Camel's, the JVM's), and the metrics
        String mbeans = ManagementIT.jolokia(harness, "{\"type\":\"read\",\"mbean\":\"*:*\",\"config\":{\"ignoreErrors\":true}}");
        assertThat(mbeans).contains("xero-invoices");
        written.add(mbeans);
        written.add(ManagementIT.get(harness, "/observe/metrics").body());
        written.add(ManagementIT.get(harness, "/observe/health?data=true&exposureLevel=full").body());
        assertThat(events).hasSizeGreaterThan(20);
        for (String token : tokens) {
            assertThat(written).noneMatch(text -> text != null && text.contains(token));
        }
        assertThat((String) columns.get("refresh_token")).startsWith("v1:");
    }
}
