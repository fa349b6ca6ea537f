package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The organisations ({@code xero_sync.tenants}) as the sync routes, the admin page and the commands read them: which
 * to sync, which are connected, their names. What a connection reaches and what a disconnect changes are
 * {@link ConnectionStore}'s, with the connection's own row.
 */
public final class TenantStore {

    private final DataSource dataSource;

    public TenantStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * An organisation a sync route runs for, with what decides whether and how its run calls Xero.
     *
     * @param scopes         the scopes its connection was granted (null when Xero did not say)
     * @param countryCode    its country, as the organisation's own sync stored it (null before it ran)
     * @param throttledUntil until when it is parked for Xero's daily limit, or null
     */
    public record TenantToSync(String tenantId, String tenantName, String connectionId, Instant throttledUntil,
                               String scopes, String countryCode) {
    }

    /** The organisation's name, or null when it is not stored. */
    public String tenantName(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT tenant_name FROM xero_sync.tenants WHERE tenant_id = ?")) {
            s.setString(1, tenantId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /**
     * The organisations to sync, as every sync route begins with them: the active ones of active connections, by
     * name.
     */
    public List<TenantToSync> tenantsToSync() throws SQLException {
        List<TenantToSync> tenants = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT t.tenant_id, t.tenant_name, t.connection_id, "
                     + "t.throttled_until, c.scopes, o.country_code FROM xero_sync.tenants t JOIN xero_sync.connections c "
                     + "USING (connection_id) LEFT JOIN xero.organisations o ON o.tenant_id = t.tenant_id "
                     + "WHERE t.status = 'active' AND c.status = 'active' ORDER BY t.tenant_name, t.tenant_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                java.sql.Timestamp throttled = rs.getTimestamp(4);
                tenants.add(new TenantToSync(rs.getString(1), rs.getString(2), rs.getString(3),
                        throttled == null ? null : throttled.toInstant(), rs.getString(5), rs.getString(6)));
            }
        }
        return tenants;
    }

    /** An organisation connected now, by id and name. */
    public record ActiveTenant(String tenantId, String tenantName) {
    }

    /** The organisations connected now. */
    public List<ActiveTenant> activeTenantList() throws SQLException {
        List<ActiveTenant> tenants = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT tenant_id, tenant_name FROM xero_sync.tenants "
                     + "WHERE status = 'active' ORDER BY tenant_name, tenant_id");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                tenants.add(new ActiveTenant(rs.getString(1), rs.getString(2)));
            }
        }
        return tenants;
    }

    /** The names of the organisations of active connections connected (or connected again) since then. */
    public List<String> connectedSince(Instant since) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT t.tenant_name FROM xero_sync.tenants t JOIN "
                     + "xero_sync.connections c USING (connection_id) WHERE t.status = 'active' AND c.status = 'active' "
                     + "AND t.updated_at >= ? ORDER BY 1")) {
            s.setTimestamp(1, java.sql.Timestamp.from(since));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** The ids of the organisations connected now. */
    public List<String> activeTenantIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT tenant_id FROM xero_sync.tenants WHERE status = 'active'");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** How many organisations are connected (counted against the plan's cap). */
    public int activeTenants() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM xero_sync.tenants WHERE status = 'active'");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

}
