package com.xerosync.store;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.TimeZone;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.TimestampUtils;

/**
 * Rows for {@code COPY … FROM STDIN} in PostgreSQL's text format: one statement per page instead of one per row. A
 * row is {@link #encode encoded} where it is mapped, so the thread holding the transaction only sends bytes. Values
 * are written as pgjdbc would bind them (dates and timestamps by its own {@link TimestampUtils}, decimals by
 * {@link BigDecimal#toString()}), so a row stores exactly what a prepared statement stored.
 */
public final class CopyRows {

    /** Bytes sent to PostgreSQL at a time. */
    private static final int CHUNK = 256 * 1024;
    /** pgjdbc's formatting of dates and timestamps (not thread-safe: one per thread). */
    private static final ThreadLocal<TimestampUtils> TIMESTAMPS =
            ThreadLocal.withInitial(() -> new TimestampUtils(false, TimeZone::getDefault));
    private static final ThreadLocal<StringBuilder> TEXT = ThreadLocal.withInitial(() -> new StringBuilder(8192));

    private CopyRows() {
    }

    /** A row (values in the COPY statement's column order) in text format, without its line end. */
    public static byte[] encode(Object[] row) {
        StringBuilder text = TEXT.get();
        text.setLength(0);
        TimestampUtils timestamps = TIMESTAMPS.get();
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            append(text, row[i], timestamps);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (text.length() > 1 << 20) {
            // keep one huge record from holding its buffer for the thread's life
            TEXT.remove();
        }
        return bytes;
    }

    /**
     * Copies encoded rows; {@code extra}, when not null, is appended to every row as its last column, already in
     * COPY text form. Returns the rows copied.
     */
    public static long copy(Connection connection, String copySql, List<byte[]> rows, String extra) throws SQLException {
        BaseConnection pg = connection.unwrap(BaseConnection.class);
        CopyIn copy = new CopyManager(pg).copyIn(copySql);
        try {
            byte[] tail = ((extra == null ? "" : "\t" + extra) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK + 8192);
            for (byte[] row : rows) {
                buffer.write(row, 0, row.length);
                buffer.write(tail, 0, tail.length);
                if (buffer.size() >= CHUNK) {
                    copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                    buffer.reset();
                }
            }
            if (buffer.size() > 0) {
                copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            }
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
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
    static void escape(StringBuilder text, String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            text.append(s);
            return;
        }
        int length = s.length();
        int from = 0;
        for (int i = 0; i < length; i++) {
            String escaped = switch (s.charAt(i)) {
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
