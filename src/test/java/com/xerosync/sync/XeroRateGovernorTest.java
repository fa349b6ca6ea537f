package com.xerosync.sync;

import com.xerosync.testing.MovableClock;

import com.xerosync.config.XeroRateLimits;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class XeroRateGovernorTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();
    private static final SyncApi INVOICES = new SyncApi("invoices", "api.xro/2.0", "Invoices", "Invoices", "invoices",
            "InvoiceID", "UpdatedDateUTC", true, SyncApi.Paging.PAGE_SIZE, "", false, "", List.of(), List.of(), List.of(),
            null, Map.of(), "", null, null, SyncApi.ACCOUNTING_MAX_PAGE_SIZE, DayBudget.Priority.TRANSACTIONS);

    @AfterAll
    static void close() throws Exception {
        CAMEL.close();
    }

    @Test
    void should_never_put_more_calls_than_the_limit_in_any_window_however_the_calls_come() {
        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int limit = 1 + random.nextInt(20);
            long window = 100 + random.nextInt(1000);
            XeroRateGovernor.CallWindow calls = new XeroRateGovernor.CallWindow(limit, Duration.ofMillis(window));
            long now = 0;
            long[] starts = new long[300];
            for (int i = 0; i < starts.length; i++) {
                now += random.nextInt(3) == 0 ? random.nextInt((int) window) : 0;
                starts[i] = calls.reserve(now);
                assertThat(starts[i]).isGreaterThanOrEqualTo(now);
            }
            // the starts never decrease, so the most crowded window begins at a start: count from each
            for (int i = 0; i < starts.length; i++) {
                final long from = starts[i];
                long inWindow = Arrays.stream(starts).filter(s -> s >= from && s < from + window).count();
                assertThat(inWindow).as("calls in [%d, %d) with limit %d", from, from + window, limit).isLessThanOrEqualTo(limit);
            }
        }
    }

    @Test
    void should_go_at_the_full_rate_when_calls_are_spread() {
        XeroRateGovernor.CallWindow calls = new XeroRateGovernor.CallWindow(60, Duration.ofSeconds(60));
        for (int i = 0; i < 60; i++) {
            assertThat(calls.reserve(0)).isZero();
        }
        assertThat(calls.reserve(0)).as("the 61st waits for the first to leave the window").isEqualTo(60_000);
        assertThat(calls.reserve(60_000)).isEqualTo(60_000);
    }

    @Test
    void should_count_the_calls_xero_counted_that_it_did_not_make() {
        XeroRateGovernor.CallWindow calls = new XeroRateGovernor.CallWindow(60, Duration.ofSeconds(60));
        calls.reserve(1_000);
        // after a restart Xero says 50 of its 60 are used: 10 more now, not 59
        calls.countAtLeast(50, 2_000);
        for (int i = 0; i < 10; i++) {
            assertThat(calls.reserve(2_000)).isEqualTo(2_000);
        }
        assertThat(calls.reserve(2_000)).isGreaterThanOrEqualTo(61_000);
        // counting fewer than it already has changes nothing
        XeroRateGovernor.CallWindow fresh = new XeroRateGovernor.CallWindow(3, Duration.ofSeconds(60));
        fresh.reserve(0);
        fresh.countAtLeast(1, 0);
        assertThat(fresh.reserve(0)).isZero();
        assertThat(fresh.reserve(0)).isZero();
        assertThat(fresh.reserve(0)).isEqualTo(60_000);
    }

    @Test
    void should_hold_the_sixth_call_of_an_organisation_until_one_of_five_is_answered_without_waiting_itself() throws Exception {
        XeroRateGovernor governor = new XeroRateGovernor(XeroRateLimits.XERO, Clock.systemUTC());
        Exchange[] calls = new Exchange[5];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = call("tenant-a");
            assertThat(admit(governor, calls[i])).isZero();
        }
        Exchange other = call("tenant-b");
        assertThat(admit(governor, other)).as("another organisation's slots are its own").isZero();
        Exchange sixth = call("tenant-a");
        // held back as long as five are in flight for the organisation: told to ask again soon, holding nothing
        assertThat(admit(governor, sixth)).isEqualTo(XeroRateGovernor.PERMIT_POLL.toMillis());
        assertThat(sixth.getProperty(XeroRateGovernor.PERMIT)).isNull();
        answered(calls[0], 200, Map.of());
        governor.release(calls[0]);
        assertThat(admit(governor, sixth)).as("a slot is free again").isZero();
        assertThat(sixth.getProperty(XeroRateGovernor.PERMIT)).isNotNull();
        governor.release(calls[0]);
        assertThat(calls[0].getProperty(XeroRateGovernor.PERMIT)).as("released once").isNull();
    }

    @Test
    void should_book_a_call_beyond_the_minute_limit_and_have_the_route_wait_for_it_a_second_at_a_time() throws Exception {
        XeroRateLimits xero = XeroRateLimits.XERO;
        MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
        XeroRateGovernor governor = new XeroRateGovernor(new XeroRateLimits(true, xero.concurrent(), 2, xero.perDay(),
                xero.appPerMinute(), xero.minute(), xero.day()), clock);
        for (int i = 0; i < 2; i++) {
            Exchange call = call("tenant-a");
            assertThat(admit(governor, call)).isZero();
            governor.release(call);
        }
        Exchange third = call("tenant-a");
        // its slot is a minute (and the margin) after the first: booked now, waited for in steps of at most a second
        assertThat(admit(governor, third)).isEqualTo(XeroRateGovernor.MAX_WAIT.toMillis());
        clock.advance(Duration.ofSeconds(30));
        assertThat(admit(governor, third)).isEqualTo(XeroRateGovernor.MAX_WAIT.toMillis());
        clock.advance(Duration.ofSeconds(31).plusMillis(500));
        assertThat(admit(governor, third)).isZero();
        assertThat(((SyncRun) third.getProperty(SyncRun.PROPERTY)).rateLimitWaitMillis()).isPositive();
        // the new minute has one more slot, then the next call waits again
        Exchange fourth = call("tenant-a");
        assertThat(admit(governor, fourth)).isZero();
        governor.release(fourth);
        governor.release(third);
        assertThat(admit(governor, call("tenant-a"))).isPositive();
    }

    @Test
    void should_keep_a_repeated_call_waiting_for_its_back_off_before_it_takes_a_slot() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
        XeroRateGovernor governor = new XeroRateGovernor(XeroRateLimits.XERO, clock);
        Exchange call = call("tenant-a");
        SyncRun run = (SyncRun) call.getProperty(SyncRun.PROPERTY);
        run.backOff(Duration.ofMillis(2_500));
        assertThat(admit(governor, call)).isEqualTo(1_000);
        assertThat(call.getProperty(XeroRateGovernor.PERMIT)).as("no slot is held while backing off").isNull();
        clock.advance(Duration.ofMillis(2_000));
        assertThat(admit(governor, call)).isEqualTo(500);
        clock.advance(Duration.ofMillis(500));
        assertThat(admit(governor, call)).isZero();
        assertThat(call.getProperty(XeroRateGovernor.PERMIT)).isNotNull();
    }

    @Test
    void should_end_a_wait_when_the_service_stops_and_free_the_slot_it_held() throws Exception {
        XeroRateLimits xero = XeroRateLimits.XERO;
        SyncWaits waits = new SyncWaits();
        XeroRateGovernor governor = new XeroRateGovernor(new XeroRateLimits(true, 1, 1, xero.perDay(),
                xero.appPerMinute(), xero.minute(), xero.day()), Clock.systemUTC(), null, waits);
        Exchange first = call("tenant-a");
        assertThat(admit(governor, first)).isZero();
        governor.release(first);
        Exchange waiting = call("tenant-a");
        assertThat(admit(governor, waiting)).as("the minute's one call is made").isPositive();
        assertThat(waiting.getProperty(XeroRateGovernor.PERMIT)).isNotNull();
        waits.stop();
        assertThatThrownBy(() -> governor.acquire(waiting)).isInstanceOf(SyncWaits.Stopped.class);
        assertThat(waiting.getProperty(XeroRateGovernor.PERMIT)).as("the slot it held is free").isNull();
    }

    @Test
    void should_park_an_organisation_whose_day_is_used_up_and_leave_the_others_alone() throws Exception {
        XeroRateGovernor governor = new XeroRateGovernor(XeroRateLimits.XERO, Clock.systemUTC());
        Exchange call = call("tenant-a");
        governor.acquire(call);
        answered(call, 429, Map.of("Retry-After", "3600", "X-Rate-Limit-Problem", "day", "X-DayLimit-Remaining", "0"));
        governor.release(call);

        assertThatThrownBy(() -> governor.acquire(call("tenant-a")))
                .isInstanceOfSatisfying(XeroThrottledException.class, e -> {
                    assertThat(e.until()).isAfter(Instant.now().plusSeconds(3500));
                    assertThat(e.getMessage()).contains("daily limit", "resumes by itself");
                });
        Exchange other = call("tenant-b");
        governor.acquire(other);
        assertThat(other.getProperty(XeroRateGovernor.PERMIT)).isNotNull();
    }

    @Test
    void should_park_no_longer_than_a_day_whatever_retry_after_or_a_stored_time_says() throws Exception {
        XeroRateGovernor governor = new XeroRateGovernor(XeroRateLimits.XERO, Clock.systemUTC());
        Exchange call = call("tenant-a");
        governor.acquire(call);
        // a hostile answer: 31 years
        answered(call, 429, Map.of("Retry-After", "1000000000", "X-Rate-Limit-Problem", "day", "X-DayLimit-Remaining", "0"));
        governor.release(call);
        assertThatThrownBy(() -> governor.acquire(call("tenant-a")))
                .isInstanceOfSatisfying(XeroThrottledException.class, e -> assertThat(e.until())
                        .isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(24))));

        // a park time an older version stored from such an answer is cut to a day too
        governor.parkUntil("tenant-b", Instant.parse("2058-01-01T00:00:00Z"));
        assertThatThrownBy(() -> governor.acquire(call("tenant-b")))
                .isInstanceOfSatisfying(XeroThrottledException.class,
                        e -> assertThat(e.until()).isBefore(Instant.now().plus(Duration.ofHours(24)).plusSeconds(5)));
    }

    @Test
    void should_read_absurd_remaining_counts_without_harm() throws Exception {
        XeroRateGovernor governor = new XeroRateGovernor(XeroRateLimits.XERO, Clock.systemUTC());
        Exchange huge = call("tenant-a");
        governor.acquire(huge);
        answered(huge, 200, Map.of("X-DayLimit-Remaining", "2147483647", "X-MinLimit-Remaining", "99999999999"));
        governor.release(huge);
        Exchange next = call("tenant-a");
        governor.acquire(next);
        assertThat(next.getProperty(XeroRateGovernor.PERMIT)).as("a count above the limit frees nothing, blocks nothing")
                .isNotNull();
        answered(next, 200, Map.of("X-DayLimit-Remaining", "-5"));
        governor.release(next);
        assertThatThrownBy(() -> governor.acquire(call("tenant-a"))).as("a negative count is none left")
                .isInstanceOf(XeroThrottledException.class);
    }

    @Test
    void should_park_an_organisation_when_xero_says_its_day_has_no_calls_left() throws Exception {
        XeroRateGovernor governor = new XeroRateGovernor(XeroRateLimits.XERO, Clock.systemUTC());
        Exchange call = call("tenant-a");
        governor.acquire(call);
        answered(call, 200, Map.of("X-DayLimit-Remaining", "0", "X-MinLimit-Remaining", "59"));
        governor.release(call);
        assertThatThrownBy(() -> governor.acquire(call("tenant-a"))).isInstanceOf(XeroThrottledException.class);
    }

    @Test
    void should_let_every_call_through_when_switched_off() throws Exception {
        XeroRateLimits xero = XeroRateLimits.XERO;
        XeroRateGovernor governor = new XeroRateGovernor(new XeroRateLimits(false, 1, 1, xero.perDay(), 1,
                xero.minute(), xero.day()), Clock.systemUTC());
        // limits of one call would hold the second for a minute; switched off, ten go through at once, holding nothing
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 0; i < 10; i++) {
                Exchange call = call("tenant-a");
                governor.acquire(call);
                assertThat(call.getProperty(XeroRateGovernor.PERMIT)).isNull();
            }
        });
    }

    @Test
    void should_still_park_an_organisation_at_its_plans_day_limit_when_switched_off() throws Exception {
        XeroRateLimits xero = XeroRateLimits.XERO;
        XeroRateGovernor governor = new XeroRateGovernor(new XeroRateLimits(false, xero.concurrent(),
                xero.perMinute(), 3, xero.appPerMinute(), xero.minute(), xero.day()), Clock.systemUTC());
        for (int i = 0; i < 3; i++) {
            Exchange call = call("tenant-a");
            governor.acquire(call);
            governor.release(call);
        }
        // Xero enforces the day on every plan: the fourth call of the day is not made, the organisation is parked
        assertThatThrownBy(() -> governor.acquire(call("tenant-a")))
                .isInstanceOfSatisfying(XeroThrottledException.class, e -> {
                    assertThat(e.until()).isAfter(Instant.now().plus(Duration.ofHours(23)));
                    assertThat(e.getMessage()).contains("daily limit of 3 calls", "resumes by itself");
                });
        Exchange other = call("tenant-b");
        governor.acquire(other);
        // and a day-limit 429 parks too, whatever the governor counted
        Exchange refused = call("tenant-c");
        governor.acquire(refused);
        answered(refused, 429, Map.of("Retry-After", "600", "X-Rate-Limit-Problem", "day", "X-DayLimit-Remaining", "0"));
        governor.release(refused);
        assertThatThrownBy(() -> governor.acquire(call("tenant-c"))).isInstanceOf(XeroThrottledException.class);
    }

    /** What the route does: acquire, and the milliseconds it is told to wait before asking again (0: the call goes). */
    private static long admit(XeroRateGovernor governor, Exchange call) throws Exception {
        governor.acquire(call);
        return call.getProperty(XeroRateGovernor.WAIT, Long.class);
    }

    private static Exchange call(String tenantId) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(SyncRun.PROPERTY, new SyncRun(INVOICES, tenantId, tenantId, "c", 1, Instant.now(), 100, null));
        return exchange;
    }

    private static void answered(Exchange exchange, int status, Map<String, String> headers) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        headers.forEach(exchange.getMessage()::setHeader);
    }
}
