package com.xerosync.store;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.TimestampUtils;

/**
 * Sends rows with {@code COPY … FROM STDIN} in PostgreSQL's text format: one statement per page instead of one per
 * row. Values are written as pgjdbc would bind them (dates and timestamps by its own {@link TimestampUtils}, decimals
 * by {@link BigDecimal#toString()}), so a row stores exactly what a prepared statement stored.
 */
public final class CopyRows {

    /** Bytes sent to PostgreSQL at a time. */
    private static final int CHUNK = 256 * 1024;

    private CopyRows() {
    }

    /**
     * Copies the rows (values in the statement's column order; {@code extra}, when not null, appended to every row as
     * its last column, already in COPY text form). Returns the rows copied.
     */
    public static long copy(Connection connection, String copySql, List<Object[]> rows, String extra) throws SQLException {
        BaseConnection pg = connection.unwrap(BaseConnection.class);
        TimestampUtils timestamps = pg.getTimestampUtils();
        CopyIn copy = new CopyManager(pg).copyIn(copySql);
        try {
            StringBuilder text = new StringBuilder(CHUNK + 8192);
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    append(text, row[i], timestamps);
                }
                if (extra != null) {
                    text.append('\t').append(extra);
                }
                text.append('\n');
                if (text.length() >= CHUNK) {
                    send(copy, text);
                }
            }
            send(copy, text);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void send(CopyIn copy, StringBuilder text) throws SQLException {
        if (!text.isEmpty()) {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            text.setLength(0);
        }
    }

    private static void append(StringBuilder text, Object value, TimestampUtils timestamps) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof String s) {
            escape(text, s);
        } else if (value instanceof Boolean b) {
            text.append(b ? 't' : 'f');
        } else if (value instanceof OffsetDateTime t) {
            escape(text, timestamps.toString(t));
        } else if (value instanceof LocalDate d) {
            escape(text, timestamps.toString(d));
        } else if (value instanceof BigDecimal || value instanceof Integer || value instanceof Long) {
            text.append(value);
        } else {
            throw new IllegalArgumentException("Cannot COPY a value of " + value.getClass().getName());
        }
    }

    /**
     * Text format: backslash, tab, newline and carriage return are escaped; everything else is itself. Most values
     * hold none of them and are appended whole.
     */
    private static void escape(StringBuilder text, String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            text.append(s);
            return;
        }
        int length = s.length();
        int from = 0;
        for (int i = 0; i < length; i++) {
            char ch = s.charAt(i);
            String escaped = switch (ch) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escaped != null) {
                text.append(s, from, i).append(escaped);
                from = i + 1;
            }
        }
        text.append(s, from, length);
    }
}
