package com.xerosync.config;

/** Text that came from outside (a request, Xero's answers, an organisation's name), made safe for a log line. */
public final class ExternalText {

    private ExternalText() {
    }

    /**
     * The text with control characters escaped (a newline as backslash-u000a), so that a newline in it cannot forge a
     * log line, cut after 200 characters.
     */
    public static String printable(String text) {
        return escape(text, 200);
    }

    /** The whole text with control characters escaped: for messages worth keeping whole (Xero's error details). */
    public static String oneLine(String text) {
        return escape(text, Integer.MAX_VALUE);
    }

    private static String escape(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 4096));
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return i < text.length() ? out + "…" : out.toString();
    }
}
