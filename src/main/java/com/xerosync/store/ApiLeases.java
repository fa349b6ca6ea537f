package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The cluster's claims on the APIs' Quartz jobs ({@code xero_sync.api_leases}, V21): one run of an API at a time
 * across the nodes. A node is live while it checks in with Quartz ({@code quartz.qrtz_scheduler_state}).
 */
public final class ApiLeases {

    private final DataSource dataSource;

    public ApiLeases(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims the job for this holder, unless a live node holds it.
     *
     * @param takeOverOwn whether a claim this node holds already may be taken over (left from before a restart, or
     *                    one it could not free)
     * @param graceMillis how long after a missed check-in a node still counts as live
     * @return whether the claim is this holder's now
     */
    public boolean claim(String job, String node, String holder, boolean takeOverOwn, long graceMillis)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO xero_sync.api_leases AS l (job, node, holder) "
                     + "VALUES (?, ?, ?) ON CONFLICT (job) DO UPDATE SET node = EXCLUDED.node, holder = EXCLUDED.holder, "
                     + "acquired_at = now() WHERE (l.node = EXCLUDED.node AND ?) OR NOT EXISTS (SELECT 1 FROM "
                     + "quartz.qrtz_scheduler_state q WHERE q.instance_name = l.node AND q.last_checkin_time "
                     + "+ q.checkin_interval + ? > extract(epoch FROM clock_timestamp()) * 1000) RETURNING holder")) {
            s.setString(1, job);
            s.setString(2, node);
            s.setString(3, holder);
            s.setBoolean(4, takeOverOwn);
            s.setLong(5, graceMillis);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Frees the holder's claim on the job (a claim passed to another holder meanwhile is left alone). */
    public void free(String job, String holder) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM xero_sync.api_leases WHERE job = ? AND holder = ?")) {
            s.setString(1, job);
            s.setString(2, holder);
            s.executeUpdate();
        }
    }
}
