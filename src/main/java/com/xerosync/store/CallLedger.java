package com.xerosync.store;

import com.xerosync.config.XeroRateLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.postgresql.util.PGInterval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's call ledger, Xero's limits kept across its nodes: every call is reserved in {@code xero_sync.call_ledger}
 * through {@code xero_sync.reserve_call} (migrations V21, V26), which counts the calls of every node in flight, in the
 * last minute and in the last day under a lock per organisation, so two nodes syncing different APIs of one
 * organisation at once still make one organisation's worth of calls; and the calls of all organisations in the last
 * minute, for the app's limit, under a lock for the app. It adds two statements per call, small beside a Xero call.
 *
 * <p>The rate governor of each node keeps its own count as well (it reads Xero's remaining-headers and
 * pauses on a 429); this ledger is what makes the counts of all nodes one. A node that dies leaves its calls in flight
 * counted until {@code inFlightTimeout} (longer than any call may take) has passed.
 */
public final class CallLedger {

    private static final Logger LOG = LoggerFactory.getLogger(CallLedger.class);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final DataSource dataSource;
    private final String node;
    private final Duration inFlightTimeout;
    private final Clock clock;
    private volatile Instant nextPrune = Instant.MIN;

    /**
     * @param node            this node's name, recorded with its calls
     * @param inFlightTimeout after this, a call never marked finished (its node died) no longer counts as in flight
     */
    public CallLedger(DataSource dataSource, String node, Duration inFlightTimeout, Clock clock) {
        this.dataSource = dataSource;
        this.node = node;
        this.inFlightTimeout = inFlightTimeout;
        this.clock = clock;
    }

    /**
     * One reservation attempt for a call of the run's organisation, under every limit counted over all nodes: the
     * reserved call, or which limit is full and how long until it may have room.
     */
    public record Reservation(Long call, long waitMillis, String limitedBy) {
    }

    /**
     * @param minute the minute window as the governor counts it (with its margin for clock skew)
     */
    public Reservation tryReserve(String tenantId, XeroRateLimits limits, Duration minute) throws SQLException {
        pruneNowAndThen(limits);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT reserved_call, wait_ms, limited_by FROM xero_sync.reserve_call(?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, tenantId);
            s.setString(2, node);
            s.setInt(3, limits.concurrent());
            s.setInt(4, limits.perMinute());
            s.setInt(5, limits.perDay());
            s.setInt(6, limits.appPerMinute());
            s.setObject(7, interval(minute));
            s.setObject(8, interval(limits.day()));
            s.setObject(9, interval(inFlightTimeout));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long call = rs.getLong(1);
                return rs.wasNull() ? new Reservation(null, rs.getLong(2), rs.getString(3)) : new Reservation(call, 0, null);
            }
        }
    }

    /** Marks a reserved call answered (or given up): it no longer counts as in flight. */
    public void finish(long call) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "UPDATE xero_sync.call_ledger SET finished_at = clock_timestamp() WHERE call_id = ?")) {
            s.setLong(1, call);
            s.executeUpdate();
        } catch (SQLException e) {
            // the call then counts as in flight until the in-flight timeout: fewer calls at once, never more
            LOG.warn("Could not mark call {} finished in the cluster's call ledger ({}); it counts as in flight for "
                    + "another {} s at most", call, e.getMessage(), inFlightTimeout.toSeconds());
        }
    }

    /** Calls older than a day and an hour count for no limit: deleted now and then by whichever node comes first. */
    private void pruneNowAndThen(XeroRateLimits limits) {
        Instant now = clock.instant();
        if (now.isBefore(nextPrune)) {
            return;
        }
        nextPrune = now.plus(PRUNE_EVERY);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "DELETE FROM xero_sync.call_ledger WHERE started_at < clock_timestamp() - ?")) {
            s.setObject(1, interval(limits.day().plusHours(1)));
            int pruned = s.executeUpdate();
            if (pruned > 0) {
                LOG.debug("Pruned {} call(s) older than a day from the cluster's call ledger", pruned);
            }
        } catch (SQLException e) {
            LOG.warn("Could not prune the cluster's call ledger: {}", e.getMessage());
        }
    }

    private static PGInterval interval(Duration duration) throws SQLException {
        PGInterval interval = new PGInterval();
        interval.setSeconds(duration.toMillis() / 1000.0);
        return interval;
    }
}
