package com.xerosync.admin;

/** The admin pages' HTML: escaping, and one layout with a little inline CSS (no front-end build, no external assets). */
final class Html {

    private Html() {
    }

    /** Text made safe for HTML content and attribute values. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · xero-sync</title>
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
                header{background:#13b5ea;color:#fff;padding:14px 28px;font-size:20px;font-weight:600}
                header a{color:#fff;text-decoration:none}
                main{max-width:1100px;margin:24px auto;padding:0 24px}
                .card{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:20px 24px;margin-bottom:20px}
                h1{font-size:22px;margin:0 0 12px} h2{font-size:17px;margin:0 0 12px}
                table{border-collapse:collapse;width:100%%;font-size:14px} th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e4e7eb;vertical-align:top}
                th{color:#52606d;font-weight:600}
                .status{display:inline-block;padding:2px 10px;border-radius:12px;font-size:13px;font-weight:600}
                .success,.active{background:#e3f9e5;color:#1f7a2e} .failed,.needs_reauthorisation,.disconnected{background:#ffe3e3;color:#a61b1b}
                .skipped,.throttled,.running,.not-connected{background:#fff3c4;color:#8d6708}
                button,.button{background:#13b5ea;color:#fff;border:0;border-radius:6px;padding:9px 18px;font-size:15px;cursor:pointer;text-decoration:none;display:inline-block}
                button.danger{background:#d64545} .muted{color:#7b8794;font-size:13px} .error{color:#a61b1b}
                label{display:block;margin:4px 0} code{background:#eef2f7;padding:1px 4px;border-radius:4px}
                .banner{background:#fff3c4;border-left:4px solid #f0b429;padding:10px 14px;margin-bottom:14px}
                </style></head><body><header><a href="/admin">xero-sync</a> · Xero integration</header><main>
                %s
                </main></body></html>
                """.formatted(esc(title), body);
    }
}
