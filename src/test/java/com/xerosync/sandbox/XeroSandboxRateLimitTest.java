package com.xerosync.sandbox;

import com.xerosync.testing.MovableClock;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.config.XeroPlan;
import com.xerosync.config.XeroRateLimits;
import com.xerosync.sandbox.XeroSandboxTest.Api;
import com.xerosync.sandbox.faults.SandboxFault;
import com.xerosync.sandbox.limits.RateLimiter;
import com.xerosync.sandbox.settings.SandboxSettings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Xero's rate limits as the sandbox counts and enforces them: fixed windows, 429s with Xero's headers. */
class XeroSandboxRateLimitTest {

    private static final SandboxSettings SMALL = SandboxSettings.defaults().withContacts(10).withInvoices(20);
    /** So long that no window ends during a test that is not about windows ending. */
    private static final Duration LONG_MINUTE = Duration.ofHours(1);
    private static final List<String> RATE_HEADERS = List.of("X-DayLimit-Remaining", "X-MinLimit-Remaining", "X-AppMinLimit-Remaining");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void should_refuse_the_61st_call_of_a_minute_window_and_serve_again_when_the_window_ends() throws Exception {
        XeroRateLimits twoSecondMinute = XeroRateLimits.XERO.withMinute(Duration.ofSeconds(2));
        try (XeroSandbox sandbox = new XeroSandbox(SMALL.withRateLimits(twoSecondMinute)).start(0)) {
            Api api = new Api(sandbox);
            String token = api.authorizationCode().get("access_token").asText();
            String tenant = sandbox.tenantIds().get(0);

            // five callers, each waiting for its answer (never more than 5 in flight), until the window is full
            List<HttpResponse<String>> answers = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean full = new AtomicBoolean();
            ExecutorService callers = Executors.newFixedThreadPool(5);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    running.add(callers.submit(() -> {
                        while (!full.get() && answers.size() < 2000) {
                            HttpResponse<String> answer = api.get("/api.xro/2.0/Organisation", token, tenant);
                            answers.add(answer);
                            full.compareAndSet(false, answer.statusCode() == 429);
                        }
                    }));
                }
                for (Future<?> caller : running) {
                    caller.get(30, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
            List<HttpResponse<String>> served = answers.stream().filter(r -> r.statusCode() == 200).toList();
            List<HttpResponse<String>> refused = answers.stream().filter(r -> r.statusCode() != 200).toList();
            assertThat(refused).as("a 429 once 60 calls are in one window").isNotEmpty();
            // each call is told what is left of its window: the window that filled told every figure from 59 to 0
            assertThat(served.stream().map(r -> remaining(r, "X-MinLimit-Remaining")).filter(left -> left < 60).toList())
                    .containsAll(IntStream.rangeClosed(0, 59).mapToObj(i -> (long) i).toList());
            long dayLeft = 5000L - served.size();
            for (HttpResponse<String> response : refused) {
                assertThat(response.statusCode()).isEqualTo(429);
                assertThat(response.headers().firstValue("X-Rate-Limit-Problem")).hasValue("minute");
                assertThat(remaining(response, "Retry-After")).isBetween(1L, 2L);
                assertThat(remaining(response, "X-MinLimit-Remaining")).isZero();
                assertThat(remaining(response, "X-DayLimit-Remaining")).as("refusals count nowhere").isEqualTo(dayLeft);
                JsonNode problem = api.json(response);
                assertThat(problem.get("Status").asInt()).isEqualTo(429);
                assertThat(problem.get("Title").asText()).isEqualTo("Too Many Requests");
                assertThat(problem.get("Detail").asText()).contains("minute");
            }

            AtomicInteger refusals = new AtomicInteger(refused.size());
            List<HttpResponse<String>> next = new ArrayList<>();
            await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100)).until(() -> {
                HttpResponse<String> response = api.get("/api.xro/2.0/Organisation", token, tenant);
                if (response.statusCode() == 429) {
                    refusals.incrementAndGet();
                    return false;
                }
                next.add(response);
                return true;
            });
            assertThat(next.get(0).statusCode()).isEqualTo(200);
            assertThat(remaining(next.get(0), "X-MinLimit-Remaining")).isEqualTo(59);
            assertThat(remaining(next.get(0), "X-DayLimit-Remaining")).isEqualTo(dayLeft - 1);
            assertThat(sandbox.rateLimitedCalls(tenant)).isEqualTo(refusals.get());
            assertThat(sandbox.rateLimitedCalls()).isEqualTo(refusals.get());
            assertThat(sandbox.apiCalls(tenant, "Organisation")).isEqualTo(answers.size() + refusals.get() - refused.size() + 1);
            sandbox.resetCounters();
            assertThat(sandbox.rateLimitedCalls()).isZero();
            assertThat(sandbox.rateLimitedCalls(tenant)).isZero();
        }
    }

    @Test
    void should_refuse_a_sixth_request_in_flight_only_when_limits_are_enforced() {
        try (XeroSandbox enforced = new XeroSandbox(SMALL.withRateLimits(XeroRateLimits.XERO.withMinute(LONG_MINUTE))).start(0);
             XeroSandbox relaxed = new XeroSandbox(SMALL).start(0)) {
            for (XeroSandbox sandbox : List.of(enforced, relaxed)) {
                sandbox.inject(SandboxFault.slow("Organisation", Duration.ofMillis(1200)));
            }
            List<HttpResponse<String>> answers = inParallel(enforced, 6, "/api.xro/2.0/Organisation");
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 200, 200, 200, 200, 429);
            HttpResponse<String> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
            assertThat(refused.headers().firstValue("X-Rate-Limit-Problem")).hasValue("concurrent");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(enforced.rateLimitedCalls()).isEqualTo(1);

            assertThat(inParallel(relaxed, 6, "/api.xro/2.0/Organisation")).extracting(HttpResponse::statusCode)
                    .containsOnly(200).hasSize(6);
            assertThat(relaxed.rateLimitedCalls()).isZero();

            // requests that never answer (dropped connections) leave flight too: five more fit at once afterwards
            enforced.dropConnections("Contacts", 5);
            Api api = new Api(enforced);
            String token = api.authorizationCode().get("access_token").asText();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try {
                    api.get("/api.xro/2.0/Contacts", token, enforced.tenantIds().get(0));
                } catch (RuntimeException dropped) {
                    // expected: no answer
                }
                return enforced.activeFaults().size() == 1;
            });
            assertThat(inParallel(enforced, 5, "/api.xro/2.0/Organisation")).extracting(HttpResponse::statusCode)
                    .containsOnly(200).hasSize(5);
        }
    }

    @Test
    void should_refuse_calls_past_the_day_limit_until_utc_midnight_without_counting_them() {
        XeroRateLimits fivePerDay = new XeroRateLimits(true, 5, 60, 5, 10_000, LONG_MINUTE, Duration.ofDays(1));
        try (XeroSandbox sandbox = new XeroSandbox(SMALL.withRateLimits(fivePerDay)).start(0)) {
            Api api = new Api(sandbox);
            String token = api.authorizationCode().get("access_token").asText();
            String tenant = sandbox.tenantIds().get(0);
            for (int call = 1; call <= 5; call++) {
                HttpResponse<String> response = api.get("/api.xro/2.0/Contacts", token, tenant);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(remaining(response, "X-DayLimit-Remaining")).isEqualTo(5 - call);
            }
            for (int refusal = 0; refusal < 2; refusal++) {
                HttpResponse<String> refused = api.get("/api.xro/2.0/Invoices", token, tenant);
                assertThat(refused.statusCode()).isEqualTo(429);
                assertThat(refused.headers().firstValue("X-Rate-Limit-Problem")).hasValue("day");
                long untilMidnight = Duration.between(Instant.now(),
                        LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC)).toSeconds();
                assertThat(remaining(refused, "Retry-After")).isBetween(untilMidnight - 2, untilMidnight + 2);
                assertThat(remaining(refused, "X-DayLimit-Remaining")).isZero();
                assertThat(remaining(refused, "X-MinLimit-Remaining")).as("refusals are not counted").isEqualTo(55);
            }
            assertThat(api.get("/api.xro/2.0/Contacts", token, sandbox.tenantIds().get(1)).statusCode()).isEqualTo(200);
            assertThat(sandbox.rateLimitedCalls(tenant)).isEqualTo(2);
            assertThat(sandbox.rateLimitedCalls(sandbox.tenantIds().get(1))).isZero();
        }
    }

    @Test
    void should_enforce_the_day_limit_even_when_the_minute_limits_are_not() {
        XeroRateLimits threePerDayReported = new XeroRateLimits(false, 1, 1, 3, 1, LONG_MINUTE, Duration.ofSeconds(30));
        try (XeroSandbox sandbox = new XeroSandbox(SMALL.withRateLimits(threePerDayReported)).start(0)) {
            Api api = new Api(sandbox);
            String token = api.authorizationCode().get("access_token").asText();
            String tenant = sandbox.tenantIds().get(0);
            // past the minute and app limits of one, unenforced: served
            for (int call = 1; call <= 3; call++) {
                assertThat(api.get("/api.xro/2.0/Contacts", token, tenant).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> refused = api.get("/api.xro/2.0/Contacts", token, tenant);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("X-Rate-Limit-Problem")).hasValue("day");
            assertThat(remaining(refused, "Retry-After")).isBetween(1L, 30L);
            assertThat(remaining(refused, "X-DayLimit-Remaining")).isZero();
            assertThat(api.get("/api.xro/2.0/Contacts", token, sandbox.tenantIds().get(1)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void should_count_the_day_of_the_apps_plan() {
        try (XeroSandbox starter = new XeroSandbox(SMALL.withPlan(XeroPlan.STARTER)).start(0)) {
            assertThat(starter.rateLimits().perDay()).isEqualTo(1_000);
            assertThat(starter.rateLimits().enforced()).isFalse();
            Api api = new Api(starter);
            String token = api.authorizationCode().get("access_token").asText();
            HttpResponse<String> response = api.get("/api.xro/2.0/Contacts", token, starter.tenantIds().get(0));
            assertThat(remaining(response, "X-DayLimit-Remaining")).isEqualTo(999);
        }
        try (XeroSandbox advanced = new XeroSandbox(SMALL).start(0)) {
            assertThat(advanced.rateLimits().perDay()).isEqualTo(5_000);
        }
    }

    @Test
    void should_refuse_every_organisation_when_the_app_minute_is_full() {
        XeroRateLimits fourPerAppMinute = new XeroRateLimits(true, 5, 60, 5000, 4, LONG_MINUTE, Duration.ofDays(1));
        try (XeroSandbox sandbox = new XeroSandbox(SMALL.withRateLimits(fourPerAppMinute)).start(0)) {
            Api api = new Api(sandbox);
            String token = api.authorizationCode().get("access_token").asText();
            String first = sandbox.tenantIds().get(0);
            String second = sandbox.tenantIds().get(1);
            List<Long> appLeft = new ArrayList<>();
            for (String tenant : List.of(first, first, second, second)) {
                HttpResponse<String> response = api.get("/api.xro/2.0/Accounts", token, tenant);
                assertThat(response.statusCode()).isEqualTo(200);
                appLeft.add(remaining(response, "X-AppMinLimit-Remaining"));
            }
            assertThat(appLeft).containsExactly(3L, 2L, 1L, 0L);
            long untilNextHour = LONG_MINUTE.toSeconds() - Math.floorMod(Instant.now().getEpochSecond(), LONG_MINUTE.toSeconds());
            for (String tenant : List.of(first, second)) {
                HttpResponse<String> refused = api.get("/api.xro/2.0/Accounts", token, tenant);
                assertThat(refused.statusCode()).isEqualTo(429);
                assertThat(refused.headers().firstValue("X-Rate-Limit-Problem")).hasValue("appminute");
                assertThat(remaining(refused, "Retry-After")).isBetween(untilNextHour - 2, untilNextHour + 2);
                assertThat(remaining(refused, "X-AppMinLimit-Remaining")).isZero();
                assertThat(remaining(refused, "X-MinLimit-Remaining")).isEqualTo(58);
            }
            assertThat(sandbox.rateLimitedCalls()).isEqualTo(2);
        }
    }

    @Test
    void should_refuse_an_organisation_whose_day_limit_was_used_up_until_it_resets() {
        try (XeroSandbox sandbox = new XeroSandbox(SMALL).start(0)) {
            Api api = new Api(sandbox);
            String token = api.authorizationCode().get("access_token").asText();
            String parked = sandbox.tenantIds().get(0);
            String other = sandbox.tenantIds().get(1);
            sandbox.useUpDayLimit(parked, Duration.ofMillis(1500));

            HttpResponse<String> refused = api.get("/api.xro/2.0/Invoices?page=1", token, parked);
            assertThat(refused.statusCode()).as("refused although limits are not enforced").isEqualTo(429);
            assertThat(refused.headers().firstValue("X-Rate-Limit-Problem")).hasValue("day");
            assertThat(remaining(refused, "Retry-After")).isBetween(1L, 2L);
            assertThat(remaining(refused, "X-DayLimit-Remaining")).isZero();
            assertThat(api.get("/api.xro/2.0/Invoices?page=1", token, other).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/api.xro/2.0/Invoices?page=1", token, parked).statusCode() == 200);
            HttpResponse<String> resumed = api.get("/api.xro/2.0/Invoices?page=1", token, parked);
            assertThat(resumed.statusCode()).isEqualTo(200);
            assertThat(remaining(resumed, "X-DayLimit-Remaining")).isEqualTo(4998);
            assertThat(sandbox.rateLimitedCalls(parked)).isPositive();
            assertThat(sandbox.rateLimitedCalls(other)).isZero();
        }
    }

    @Test
    void should_send_the_rate_headers_on_every_answer_refusals_and_errors_included() {
        XeroRateLimits onePerMinute = new XeroRateLimits(true, 5, 1, 5000, 10_000, LONG_MINUTE, Duration.ofDays(1));
        try (XeroSandbox sandbox = new XeroSandbox(SMALL.withRateLimits(onePerMinute.withEnforced(false))).start(0);
             XeroSandbox strict = new XeroSandbox(SMALL.withRateLimits(onePerMinute)).start(0)) {
            Api api = new Api(sandbox);
            String token = api.authorizationCode().get("access_token").asText();
            String tenant = sandbox.tenantIds().get(0);
            String nz = sandbox.tenantIds().get(1);
            sandbox.failEndpoint("BankTransfers", 503);
            sandbox.failEndpoint("Items", 500);
            List<HttpResponse<String>> answers = List.of(
                    api.get("/api.xro/2.0/Organisation", token, tenant),
                    api.get("/api.xro/2.0/Contacts", null, tenant),
                    api.get("/api.xro/2.0/Contacts", token, null),
                    api.get("/api.xro/2.0/BankTransfers", token, tenant),
                    api.get("/api.xro/2.0/Items", token, tenant),
                    api.get("/payroll.xro/1.0/Employees", token, nz));
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 401, 403, 503, 500, 401);
            // not enforced: past the limit of one a minute, nothing refused, the minute reports 0 left
            assertThat(answers).allSatisfy(r -> RATE_HEADERS.forEach(h -> assertThat(remaining(r, h)).isNotNegative()));
            assertThat(remaining(answers.get(4), "X-MinLimit-Remaining")).isZero();

            Api strictApi = new Api(strict);
            String strictToken = strictApi.authorizationCode().get("access_token").asText();
            HttpResponse<String> served = strictApi.get("/api.xro/2.0/Organisation", strictToken, tenant);
            HttpResponse<String> refused = strictApi.get("/api.xro/2.0/Organisation", strictToken, tenant);
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(refused.statusCode()).isEqualTo(429);
            for (HttpResponse<String> response : List.of(served, refused)) {
                assertThat(remaining(response, "X-DayLimit-Remaining")).isEqualTo(4999);
                assertThat(remaining(response, "X-MinLimit-Remaining")).isZero();
                assertThat(remaining(response, "X-AppMinLimit-Remaining")).isEqualTo(9999);
            }
            assertThat(refused.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        }
    }

    @Test
    void should_count_in_fixed_windows_that_start_at_the_organisations_own_phase() {
        MovableClock clock = new MovableClock(Instant.EPOCH);
        RateLimiter limiter = new RateLimiter(new XeroRateLimits(true, 100, 3, 5000, 10_000, Duration.ofMinutes(1), Duration.ofDays(1)), clock);
        String tenant = "b1a0e3f2-0c5d-4c44-9a7e-3f6f2e0a9d11";
        long phase = RateLimiter.phaseOf(tenant, 60_000);
        assertThat(RateLimiter.phaseOf(tenant.toUpperCase(), 60_000)).isEqualTo(phase);
        assertThat(IntStream.range(0, 20).mapToLong(i -> RateLimiter.phaseOf("tenant-" + i, 60_000)).distinct().count())
                .as("organisations' windows start at different moments").isGreaterThan(10);

        // three calls in the last second of a window, three more in the first second of the next: fixed, not sliding
        long windowEnd = 1_800_000_000_000L - Math.floorMod(1_800_000_000_000L - phase, 60_000) + 60_000;
        clock.set(Instant.ofEpochMilli(windowEnd - 1000));
        for (int i = 0; i < 3; i++) {
            admitOrThrow(limiter, tenant).release();
        }
        RateLimiter.Admission refused = limiter.admit(tenant);
        assertThat(refused.problem()).isEqualTo(RateLimiter.Problem.MINUTE);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        clock.set(Instant.ofEpochMilli(windowEnd));
        for (int i = 0; i < 3; i++) {
            assertThat(admitOrThrow(limiter, tenant).remaining().minute()).isEqualTo(2 - i);
        }
        RateLimiter.Admission full = limiter.admit(tenant);
        assertThat(full.retryAfterSeconds()).isEqualTo(60);
        // one day window holds both minutes' calls, and not the refused ones
        assertThat(full.remaining().day()).isEqualTo(4994);
    }

    private static RateLimiter.Admission admitOrThrow(RateLimiter limiter, String tenant) {
        RateLimiter.Admission admission = limiter.admit(tenant);
        assertThat(admission.admitted()).as("admitted: %s", admission).isTrue();
        return admission;
    }

    /** {@code count} GETs sent at once, their answers in order. */
    private static List<HttpResponse<String>> inParallel(XeroSandbox sandbox, int count, String path) {
        String token = new Api(sandbox).authorizationCode().get("access_token").asText();
        String tenant = sandbox.tenantIds().get(0);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + token).header("xero-tenant-id", tenant).GET().build();
            calls.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        return calls.stream().map(CompletableFuture::join).toList();
    }

    private static long remaining(HttpResponse<?> response, String header) {
        return Long.parseLong(response.headers().firstValue(header)
                .orElseThrow(() -> new AssertionError("no " + header + " on a " + response.statusCode())));
    }
}
