package com.xerosync.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The sandbox's demo user allowing access without a browser, as a person would in one: opens an authorize URL, logs in
 * on the sandbox's login page as {@link XeroSandbox#DEMO_EMAIL}, and on the consent page allows every organisation
 * offered. It is how the demo connects itself at start-up and how tests connect. The pages are read with regular
 * expressions, which suits the sandbox's own pages only: Xero's real pages are for people, in a browser.
 */
public final class DemoLogin {

    private static final Pattern FORM_ACTION = Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-zA-Z-]+)=\"([^\"]*)\"");
    private static final Pattern ERROR = Pattern.compile("<[a-z]+\\b[^>]*\\bid=\"error\"[^>]*>(.*?)</[a-z]+>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** The authorize pages did not lead to a redirect back to the app; the message says where they stopped. */
    public static final class NotApproved extends RuntimeException {
        NotApproved(String why) {
            super(why);
        }

        NotApproved(String why, Throwable cause) {
            super(why, cause);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Duration timeout;

    public DemoLogin(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Walks the pages from {@code authorizeUrl} and returns where the sandbox redirects the browser back to the app
     * (with {@code code} and {@code state}, or {@code error}); an authorize endpoint that redirects at once is followed
     * too.
     *
     * @throws NotApproved when a page was not what the sandbox shows, the login was refused, or Allow access did not
     *                     redirect
     */
    public String redirectAfterConsent(String authorizeUrl) {
        HttpResponse<String> authorize = send(HttpRequest.newBuilder(URI.create(authorizeUrl)).timeout(timeout).GET().build());
        if (authorize.statusCode() / 100 == 3) {
            return location(authorize);
        }
        PageForm login = pageForm(authorize, "the authorize page");
        HttpResponse<String> consent = post(login.action(), List.of(Map.entry("request", login.request()),
                Map.entry("email", XeroSandbox.DEMO_EMAIL), Map.entry("password", XeroSandbox.DEMO_PASSWORD)));
        if (consent.statusCode() / 100 == 3) {
            return location(consent);
        }
        PageForm choice = pageForm(consent, "the login page");
        if (choice.tenants().isEmpty()) {
            String refused = pageError(consent);
            throw new NotApproved(refused.isEmpty() ? "after logging in as " + XeroSandbox.DEMO_EMAIL + " it offered no "
                    + "organisation to allow" : "logging in as " + XeroSandbox.DEMO_EMAIL + " was refused" + refused);
        }
        List<Map.Entry<String, String>> allow = new ArrayList<>(List.of(Map.entry("request", choice.request()),
                Map.entry("decision", "allow")));
        choice.tenants().forEach(tenant -> allow.add(Map.entry("tenant", tenant)));
        HttpResponse<String> redirect = post(choice.action(), allow);
        if (redirect.statusCode() / 100 != 3) {
            throw new NotApproved("Allow access answered HTTP " + redirect.statusCode() + " instead of a redirect"
                    + pageError(redirect));
        }
        return location(redirect);
    }

    /** The form of one of the authorize pages: where it posts, its request id, and the organisations offered. */
    private record PageForm(URI action, String request, List<String> tenants) {
    }

    private static PageForm pageForm(HttpResponse<String> page, String what) {
        String html = page.body() == null ? "" : page.body();
        Matcher action = FORM_ACTION.matcher(html);
        String request = null;
        List<String> tenants = new ArrayList<>();
        Matcher input = INPUT.matcher(html);
        while (input.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher attribute = ATTRIBUTE.matcher(input.group());
            while (attribute.find()) {
                attributes.putIfAbsent(attribute.group(1).toLowerCase(Locale.ROOT), unescape(attribute.group(2)));
            }
            if ("request".equals(attributes.get("name")) && request == null) {
                request = attributes.get("value");
            } else if ("tenant".equals(attributes.get("name")) && attributes.get("value") != null) {
                tenants.add(attributes.get("value"));
            }
        }
        if (page.statusCode() != 200 || !action.find() || request == null || request.isEmpty()) {
            throw new NotApproved(what + " answered HTTP " + page.statusCode() + " without the form the sandbox shows"
                    + pageError(page));
        }
        return new PageForm(page.request().uri().resolve(unescape(action.group(1))), request, tenants);
    }

    private HttpResponse<String> post(URI action, List<Map.Entry<String, String>> fields) {
        String body = fields.stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(action).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String location(HttpResponse<String> redirect) {
        return redirect.headers().firstValue("Location").orElse("");
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new NotApproved("the authorize page at " + request.uri().getHost() + " could not be reached: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotApproved("interrupted while opening the authorize page", e);
        }
    }

    /** ": " and the page's error message (#error), if it shows one. */
    private static String pageError(HttpResponse<String> page) {
        Matcher error = ERROR.matcher(page.body() == null ? "" : page.body());
        if (!error.find()) {
            return "";
        }
        return ": " + unescape(error.group(1).replaceAll("<[^>]*>", "")).replaceAll("\\s+", " ").trim();
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
