package com.xerosync.sandbox.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pages of the sandbox's authorize step, as Xero shows them at login.xero.com: log in, then choose organisations
 * and allow access. Plain server-rendered HTML with inline CSS: no scripts, no outside resources. Element ids and
 * field names are stable (browser tests use them):
 * <ul>
 *   <li>login page: form {@code POST /identity/connect/authorize/login} with hidden {@code request}, inputs
 *       {@code email} (#email) and {@code password} (#password), button #login; a refused login shows #error;</li>
 *   <li>consent page: form {@code POST /identity/connect/authorize/consent} with hidden {@code request}, one checkbox
 *       {@code tenant} per organisation (#tenant-&lt;tenantId&gt;, its label the organisation's name), the scopes in
 *       words in #scopes, the app's plan and its connections in #plan, buttons {@code decision=allow} (#allow) and
 *       {@code decision=deny} (#cancel); #error when no organisation was chosen;</li>
 *   <li>the page for an unknown, used or expired request (400): #error.</li>
 * </ul>
 */
public final class AuthorizePages {

    static final String LOGIN_PATH = "/identity/connect/authorize/login";
    static final String CONSENT_PATH = "/identity/connect/authorize/consent";

    private static final String STYLE = """
            *{box-sizing:border-box}
            body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#1e3145;background:#f2f4f7}
            header{background:#1e3145;color:#fff;padding:12px 24px;display:flex;align-items:center;gap:12px}
            .logo{display:inline-flex;align-items:center;justify-content:center;width:38px;height:38px;border-radius:50%;background:#13b5ea;color:#fff;font-weight:700;font-size:15px;letter-spacing:-.5px}
            .tag{font-size:13px;opacity:.8;text-transform:uppercase;letter-spacing:.08em}
            main{max-width:460px;margin:48px auto;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(30,49,69,.15);padding:32px}
            h1{font-size:22px;line-height:1.3;margin:0 0 20px}
            h2{font-size:14px;text-transform:uppercase;letter-spacing:.05em;color:#59687a;margin:24px 0 8px}
            label{display:block;font-weight:600;margin:16px 0 6px}
            input[type=email],input[type=password]{width:100%;padding:10px 12px;border:1px solid #a8b4c2;border-radius:4px;font:inherit}
            input:focus{outline:2px solid #13b5ea;outline-offset:1px}
            button{font:inherit;font-weight:600;padding:10px 20px;border-radius:4px;cursor:pointer}
            .primary{background:#0078c8;border:1px solid #0078c8;color:#fff}
            .primary:hover{background:#0065a8}
            .secondary{background:#fff;border:1px solid #a8b4c2;color:#1e3145}
            .actions{display:flex;gap:12px;margin-top:24px}
            #login{width:100%;margin-top:24px}
            .error{background:#fdecea;border-left:4px solid #d8262b;color:#8a1116;padding:10px 12px;border-radius:4px;margin:0 0 16px}
            .demo{margin-top:24px;padding:12px;background:#e8f6fc;border-radius:4px;font-size:14px}
            .muted{color:#59687a;font-size:14px;margin:0 0 8px}
            code{font-family:SFMono-Regular,Consolas,monospace;font-size:13px;background:#f2f4f7;padding:1px 4px;border-radius:3px}
            ul.scopes{margin:0;padding-left:20px}
            ul.scopes code{color:#59687a}
            fieldset{border:0;margin:0;padding:0}
            .org{display:flex;align-items:center;gap:10px;padding:10px 12px;border:1px solid #d5dbe2;border-radius:4px;margin-bottom:8px}
            .org input{width:18px;height:18px;margin:0}
            .org label{margin:0;font-weight:600}
            footer{text-align:center;color:#59687a;font-size:12px;margin-bottom:32px}
            """;

    private AuthorizePages() {
    }

    /** "Log in to the Xero sandbox", with the demo credentials shown; {@code error} (may be null) above the form. */
    static String login(String requestId, String email, String error) {
        return page("Log in", """
                <h1>Log in to the Xero sandbox</h1>
                %s<form method="post" action="%s" accept-charset="UTF-8" novalidate>
                <input type="hidden" name="request" value="%s">
                <label for="email">Email address</label>
                <input type="email" id="email" name="email" value="%s" autocomplete="username"%s>
                <label for="password">Password</label>
                <input type="password" id="password" name="password" autocomplete="current-password"%s>
                <button type="submit" id="login" class="primary">Log in</button>
                </form>
                <div class="demo" id="demo-credentials"><strong>Sandbox user</strong><br>
                Email <code>%s</code><br>Password <code>%s</code></div>
                """.formatted(error(error), LOGIN_PATH, escape(requestId), escape(email == null ? "" : email),
                error == null ? " autofocus" : "", error == null ? "" : " autofocus",
                escape(AuthorizationServer.DEMO_EMAIL), escape(AuthorizationServer.DEMO_PASSWORD)));
    }

    /**
     * "&lt;app&gt; wants to access your Xero organisations": the scopes in words and one ticked (or, after an error,
     * as the user left it) checkbox per organisation.
     *
     * @param organisations names by tenant id, in the order shown
     * @param checked       the tenant ids ticked
     * @param plan          the app's plan and how many organisations it has connected, in words
     */
    static String consent(String requestId, String appName, String clientId, String scope, Map<String, String> organisations,
                          Collection<String> checked, String error, String plan) {
        StringBuilder scopes = new StringBuilder();
        for (String words : describe(scope)) {
            scopes.append("<li>").append(words).append("</li>\n");
        }
        StringBuilder orgs = new StringBuilder();
        organisations.forEach((tenantId, name) -> {
            String id = escape("tenant-" + tenantId);
            orgs.append("<div class=\"org\"><input type=\"checkbox\" name=\"tenant\" value=\"").append(escape(tenantId))
                    .append("\" id=\"").append(id).append('"')
                    .append(checked.stream().anyMatch(tenantId::equalsIgnoreCase) ? " checked" : "")
                    .append("><label for=\"").append(id).append("\">").append(escape(name)).append("</label></div>\n");
        });
        return page("Allow access", """
                <h1><span id="app-name">%s</span> wants to access your Xero organisations</h1>
                <p class="muted">Logged in as %s · app client id <code>%s</code></p>
                %s<form method="post" action="%s" accept-charset="UTF-8">
                <input type="hidden" name="request" value="%s">
                <h2>The app will be able to</h2>
                <ul class="scopes" id="scopes">
                %s</ul>
                <h2>Organisations</h2>
                <fieldset id="organisations"><legend class="muted">Choose the organisations it may access</legend>
                %s</fieldset>
                <p class="muted" id="plan">%s</p>
                <div class="actions">
                <button type="submit" id="allow" name="decision" value="allow" class="primary">Allow access</button>
                <button type="submit" id="cancel" name="decision" value="deny" class="secondary">Cancel</button>
                </div>
                </form>
                """.formatted(escape(appName), escape(AuthorizationServer.DEMO_EMAIL), escape(clientId), error(error), CONSENT_PATH,
                escape(requestId), scopes, orgs, escape(plan)));
    }

    /** 400: the request id is unknown, already answered or expired. */
    static String startAgain() {
        return page("Start again", """
                <h1>This login is no longer valid</h1>
                <p class="error" id="error" role="alert">This authorization request is unknown, was already answered or is
                more than %d minutes old. Start again from the app.</p>
                """.formatted(AuthorizationServer.AUTHORIZATION_LIFETIME.toMinutes()));
    }

    /** Each scope of a space-separated list in words, with its name; in the order asked, repeats once. */
    static List<String> describe(String scope) {
        List<String> described = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(Arrays.asList(scope.trim().split("\\s+")));
        for (String name : names) {
            described.add(escape(words(name)) + " <code>" + escape(name) + "</code>");
        }
        return described;
    }

    /** One scope in words, as Xero's consent page puts it. */
    static String words(String scope) {
        switch (scope) {
            case "openid":
                return "Confirm who you are";
            case "profile":
                return "See your name";
            case "email":
                return "See your email address";
            case "offline_access":
                return "Keep access while you are not using the app";
            default:
                break;
        }
        boolean readOnly = scope.endsWith(".read");
        String base = readOnly ? scope.substring(0, scope.length() - ".read".length()) : scope;
        String what;
        if (base.startsWith("accounting.reports.") && !base.equals("accounting.reports.tenninetynine")) {
            String report = base.substring("accounting.reports.".length());
            what = "your " + switch (report) {
                case "aged" -> "aged receivables and payables";
                case "balancesheet" -> "balance sheet";
                case "banksummary" -> "bank summary";
                case "budgetsummary" -> "budget summary";
                case "executivesummary" -> "executive summary";
                case "profitandloss" -> "profit and loss";
                case "trialbalance" -> "trial balance";
                case "taxreports" -> "tax";
                default -> report;
            } + " reports";
        } else {
            what = switch (base) {
                case "accounting.settings" -> "your organisation settings (accounts, tax rates, items, tracking)";
                case "accounting.contacts" -> "your contacts";
                case "accounting.transactions" -> "your business transactions";
                case "accounting.attachments" -> "your attachments";
                case "accounting.reports" -> "your reports";
                case "accounting.reports.tenninetynine" -> "your 1099 reports";
                case "accounting.journals" -> "your general ledger journals";
                case "accounting.budgets" -> "your budgets";
                case "accounting.invoices" -> "your invoices, credit notes, quotes, purchase orders and items";
                case "accounting.payments" -> "your payments, prepayments and overpayments";
                case "accounting.banktransactions" -> "your bank transactions and transfers";
                case "accounting.manualjournals" -> "your manual journals";
                case "accounting.classicexpenses" -> "your expense claims and receipts";
                case "payroll.employees" -> "your payroll employees";
                case "payroll.payruns" -> "your pay runs";
                case "payroll.payslip" -> "your payslips";
                case "payroll.timesheets" -> "your timesheets";
                case "payroll.settings" -> "your payroll settings";
                case "assets" -> "your fixed assets";
                case "projects" -> "your projects";
                case "files" -> "your files";
                case "paymentservices" -> "your payment services";
                case "bankfeeds" -> "your bank feeds";
                default -> base;
            };
        }
        return (readOnly ? "View " : "View and manage ") + what;
    }

    private static String error(String message) {
        return message == null ? "" : "<p class=\"error\" id=\"error\" role=\"alert\">" + escape(message) + "</p>\n";
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s | Xero sandbox</title>
                <style>
                %s</style>
                </head>
                <body>
                <header><span class="logo">xero</span><span class="tag">Sandbox</span></header>
                <main>
                %s</main>
                <footer>An offline emulation of Xero's login for development and tests.</footer>
                </body>
                </html>
                """.formatted(escape(title), STYLE, body);
    }

    /** Text and attribute values, escaped for HTML. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
