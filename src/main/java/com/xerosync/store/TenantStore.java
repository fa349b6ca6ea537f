package com.xerosync.store;

import java.sql.SQLException;
import java.time.Instant;
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

    /** An organisation connected now, by id and name. */
    public record ActiveTenant(String tenantId, String tenantName) {
    }

    /** The organisation's name, or null when it is not stored. */
    public String tenantName(String tenantId) throws SQLException {
        return Rows.first(dataSource, "SELECT tenant_name FROM xero_sync.tenants WHERE tenant_id = ?",
                rs -> rs.getString(1), tenantId);
    }

    /**
     * The organisations to sync, as every sync route begins with them: the active ones of active connections, by
     * name.
     */
    public List<TenantToSync> tenantsToSync() throws SQLException {
        return Rows.list(dataSource, "SELECT t.tenant_id, t.tenant_name, t.connection_id, t.throttled_until, c.scopes, "
                + "o.country_code FROM xero_sync.tenants t JOIN xero_sync.connections c USING (connection_id) "
                + "LEFT JOIN xero.organisations o ON o.tenant_id = t.tenant_id "
                + "WHERE t.status = 'active' AND c.status = 'active' ORDER BY t.tenant_name, t.tenant_id",
                rs -> new TenantToSync(rs.getString(1), rs.getString(2), rs.getString(3), Rows.instant(rs.getTimestamp(4)),
                        rs.getString(5), rs.getString(6)));
    }

    /** The organisations connected now. */
    public List<ActiveTenant> activeTenantList() throws SQLException {
        return Rows.list(dataSource, "SELECT tenant_id, tenant_name FROM xero_sync.tenants WHERE status = 'active' "
                + "ORDER BY tenant_name, tenant_id", rs -> new ActiveTenant(rs.getString(1), rs.getString(2)));
    }

    /** The names of the organisations of active connections connected (or connected again) since then. */
    public List<String> connectedSince(Instant since) throws SQLException {
        return Rows.list(dataSource, "SELECT t.tenant_name FROM xero_sync.tenants t JOIN xero_sync.connections c "
                + "USING (connection_id) WHERE t.status = 'active' AND c.status = 'active' AND t.updated_at >= ? "
                + "ORDER BY 1", rs -> rs.getString(1), since);
    }

    /** The ids of the organisations connected now. */
    public List<String> activeTenantIds() throws SQLException {
        return Rows.list(dataSource, "SELECT tenant_id FROM xero_sync.tenants WHERE status = 'active'",
                rs -> rs.getString(1));
    }

    /** How many organisations are connected (counted against the plan's cap). */
    public int activeTenants() throws SQLException {
        return (int) Rows.number(dataSource, "SELECT count(*) FROM xero_sync.tenants WHERE status = 'active'");
    }
}
