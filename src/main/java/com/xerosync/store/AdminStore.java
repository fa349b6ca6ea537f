package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * What the admin's Connect leaves behind: the OAuth states it issued ({@code xero_sync.oauth_states}, one use each,
 * within their lifetime) and the admin's choices ({@code xero_sync.admin_settings}).
 */
public final class AdminStore {

    private final DataSource dataSource;

    public AdminStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records a state issued for the scopes it asks for, and forgets those older than {@code lifetime}. */
    public void issueState(String state, String scopes, Duration lifetime) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement expired = c.prepareStatement("DELETE FROM xero_sync.oauth_states WHERE created_at < now() - "
                     + "make_interval(secs => ?)");
             PreparedStatement issue = c.prepareStatement("INSERT INTO xero_sync.oauth_states (state, scopes) VALUES (?, ?)")) {
            expired.setLong(1, lifetime.toSeconds());
            expired.executeUpdate();
            issue.setString(1, state);
            issue.setString(2, scopes);
            issue.executeUpdate();
        }
    }

    /** Uses up a state issued within {@code lifetime}: the scopes it asked for; null for any other state. */
    public String consumeState(String state, Duration lifetime) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM xero_sync.oauth_states WHERE state = ? AND created_at >= "
                     + "now() - make_interval(secs => ?) RETURNING scopes")) {
            s.setString(1, state);
            s.setLong(2, lifetime.toSeconds());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** An admin setting, or null when none is stored. */
    public String setting(String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT value FROM xero_sync.admin_settings WHERE key = ?")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public void saveSetting(String key, String value) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO xero_sync.admin_settings (key, value) VALUES (?, ?) "
                     + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()")) {
            s.setString(1, key);
            s.setString(2, value);
            s.executeUpdate();
        }
    }

    public void deleteSetting(String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM xero_sync.admin_settings WHERE key = ?")) {
            s.setString(1, key);
            s.executeUpdate();
        }
    }
}
