package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code xero-api-sync} template's own flow, as {@code routes/} declares it, with Camel's test support: the
 * organisations are split and run in parallel on the shared sync threads, each run calls Xero until it has no more
 * pages, and a failure in one organisation is handled by the error channel, which records it for that organisation
 * alone while the others go on. The database and Xero are replaced at the template's edges (AdviceWith, a mock endpoint, recording beans), so
 * this runs in the fast tier; the integration tests drive the same routes against PostgreSQL and the sandbox.
 */
class ApiSyncTemplateRouteTest extends CamelTestSupport {

    private static final String ROUTE = "xero-contacts";

    /** What the run beans were asked to do, in order: "begin t1", "succeed t1", "fail t2: …". */
    private final List<String> recorded = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(4);
    /** Counted down when the third organisation's run begins: the first's first call waits for it. */
    private final CountDownLatch thirdBegun = new CountDownLatch(1);

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("syncRuns", new RecordingRuns());
        registry.bind("pageWriter", new RecordingWriter());
        registry.bind("xeroSyncThreads", ScheduledExecutorService.class, threads);
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        for (String file : List.of("routes/error-channel.yaml", "routes/xero-api-sync-template.yaml")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context,
                    "file:" + Path.of(file).toAbsolutePath()));
        }
        context.addRouteFromTemplate(ROUTE, "xero-api-sync", Map.of("api", "contacts", "endpoint", "Contacts",
                "collection", "Contacts", "table", "contacts", "cron", "0 0 0 1 1 ? 2099"));
        return context;
    }

    @Test
    void should_sync_the_organisations_in_parallel_and_record_a_failure_for_its_organisation_alone() throws Exception {
        AdviceWith.adviceWith(context, ROUTE, route -> {
            route.replaceFromWith("direct:start");
            route.weaveByToUri("direct:xero-tenants").replace().setBody().constant(List.of(
                    Map.of("tenant_id", "t1"), Map.of("tenant_id", "t2"), Map.of("tenant_id", "t3")));
            route.weaveByToUri("direct:xero-call").replace().to("mock:xero-call");
        });
        MockEndpoint xero = getMockEndpoint("mock:xero-call");
        xero.expectedMessageCount(4);
        xero.whenAnyExchangeReceived(exchange -> {
            Run run = exchange.getProperty(RecordingRuns.PROPERTY, Run.class);
            run.calls++;
            // the first organisation's call is answered only once the third has begun: they run side by side
            if (run.tenantId.equals("t1") && !thirdBegun.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the organisations ran one after another");
            }
            if (run.tenantId.equals("t2")) {
                throw new IllegalStateException("Xero answered 500 three times");
            }
            run.more = run.tenantId.equals("t1") && run.calls < 2; // t1 has two pages
        });
        context.start();
        NotifyBuilder done = new NotifyBuilder(context).fromRoute(ROUTE).whenDone(1).create();

        Exchange result = template.send("direct:start", exchange -> { });

        assertThat(done.matches(10, TimeUnit.SECONDS)).isTrue();
        assertThat(result.getException()).as("the error channel handled the failure").isNull();
        xero.assertIsSatisfied();
        assertThat(new SyncApis().of(context, ROUTE)).as("the API read back from the route's parameters")
                .extracting(SyncApi::endpoint, SyncApi::table, SyncApi::paging).containsExactly("Contacts", "contacts",
                        SyncApi.Paging.NONE);
        assertThat(of("t1", recorded)).containsExactly("begin t1", "reconcile t1", "succeed t1");
        assertThat(of("t2", recorded)).containsExactly("begin t2", "fail t2: Xero answered 500 three times");
        assertThat(of("t3", recorded)).containsExactly("begin t3", "reconcile t3", "succeed t3");
    }

    private static List<String> of(String tenantId, List<String> recorded) {
        return recorded.stream().filter(step -> step.contains(" " + tenantId)).toList();
    }

    /** A run as the template reads it: {@code ${exchangeProperty.XeroSyncRun.more}}. */
    public static final class Run {
        final String tenantId;
        int calls;
        boolean more = true;

        Run(String tenantId) {
            this.tenantId = tenantId;
        }

        public boolean isMore() {
            return more;
        }
    }

    /** The template's {@code syncRuns} steps, recording instead of writing xero_sync.sync_run. */
    public final class RecordingRuns {
        static final String PROPERTY = SyncRun.PROPERTY;

        public void begin(Exchange exchange) {
            String tenantId = (String) exchange.getMessage().getBody(Map.class).get("tenant_id");
            exchange.setProperty(PROPERTY, new Run(tenantId));
            recorded.add("begin " + tenantId);
            if (tenantId.equals("t3")) {
                thirdBegun.countDown();
            }
        }

        public void succeed(Exchange exchange) {
            recorded.add("succeed " + exchange.getProperty(PROPERTY, Run.class).tenantId);
        }

        public void fail(Exchange exchange) {
            Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            recorded.add("fail " + exchange.getProperty(PROPERTY, Run.class).tenantId + ": " + error.getMessage());
        }
    }

    /** The template's {@code pageWriter.reconcile} step, recording. */
    public final class RecordingWriter {
        public void reconcile(Exchange exchange) {
            recorded.add("reconcile " + exchange.getProperty(RecordingRuns.PROPERTY, Run.class).tenantId);
        }
    }
}
