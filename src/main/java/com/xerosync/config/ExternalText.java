package com.xerosync.config;

/** Text that came from outside (a request, Xero's answers, an organisation's name), made safe to write into a log line. */
public final class ExternalText {

    private ExternalText() {
    }

    /**
     * The text with control characters escaped ({@code \\u000a}), so that a newline in it cannot forge a log line, cut
     * to 200 characters.
     */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200));
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return text.length() > 200 ? out + "…" : out.toString();
    }
}
