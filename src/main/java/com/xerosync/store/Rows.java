package com.xerosync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * One read, one statement: what every query of the repositories repeats (a connection, the parameters, each row
 * mapped), in one place. Instants are bound as timestamps; other parameters as JDBC binds them.
 */
final class Rows {

    /** Reads one row into a value. */
    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Rows() {
    }

    static <T> List<T> list(DataSource dataSource, String sql, Mapper<T> mapper, Object... parameters)
            throws SQLException {
        List<T> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
        }
        return rows;
    }

    /** The first row's value, or null when there is no row. */
    static <T> T first(DataSource dataSource, String sql, Mapper<T> mapper, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? mapper.map(rs) : null;
            }
        }
    }

    /** A query of one number (a count, a sum); 0 when it answers none. */
    static long number(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        Long value = first(dataSource, sql, rs -> rs.getLong(1), parameters);
        return value == null ? 0 : value;
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            if (p instanceof Instant instant) {
                s.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                s.setObject(i + 1, p);
            }
        }
    }
}
