package com.xerosync.it;

import com.xerosync.auth.XeroIdentityClient;
import com.xerosync.sandbox.XeroSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service as its own process against a Xero running apart from it (the sandbox), as a real deployment runs: with a
 * refresh token an admin obtained, and only the APIs a test needs. Used by the crash test and the cluster test.
 */
final class ServiceProcess {

    static final String CLIENT_ID = "sandbox-client";
    static final String CLIENT_SECRET = "sandbox-secret";

    private ServiceProcess() {
    }

    /** A refresh token for these scopes, as an admin would get by connecting in the browser. */
    static String refreshToken(XeroSandbox xero, String scopes) throws Exception {
        XeroIdentityClient admin = new XeroIdentityClient(xero.baseUrl(), xero.baseUrl(), xero.baseUrl(), CLIENT_ID,
                CLIENT_SECRET, Duration.ofSeconds(10), Clock.systemUTC());
        String redirect = "http://localhost/callback";
        return admin.exchangeCode(SandboxLoginPages.demoCode(admin, redirect, scopes, "s"), redirect).refreshToken();
    }

    /** The environment of a real-app deployment holding that refresh token. */
    static Map<String, String> env(String refreshToken) {
        return Map.of("XERO_CLIENT_SECRET", CLIENT_SECRET, "XERO_REFRESH_TOKEN", refreshToken,
                "XERO_SYNC_TOKEN_KEY", XeroSyncHarness.TOKEN_KEY);
    }

    /** Points the overrides at the sandbox as at Xero, as a real app's configuration, on the plan the sandbox serves. */
    static void talkTo(XeroSandbox xero, Map<String, String> overrides) {
        overrides.put("xero.client-id", CLIENT_ID);
        overrides.put("xero.plan", xero.plan().key());
        for (String key : List.of("xero.identity-url", "xero.login-url", "xero.api-url")) {
            overrides.put(key, xero.baseUrl());
        }
    }

    /**
     * Enables the given APIs (names as in sync.&lt;api&gt;.enabled) and disables every other one in application.properties;
     * with a cron, the enabled ones fire on it.
     */
    static void onlyApis(Map<String, String> overrides, List<String> apis, String cron) throws Exception {
        List<String> keys = Files.readAllLines(Path.of("application.properties")).stream()
                .map(line -> line.split("=")[0].trim()).toList();
        for (String key : keys) {
            // an API's switch is the one beside its schedule (sync.<api>.cron); other sync.*.enabled keys are not APIs
            if (key.startsWith("sync.") && key.endsWith(".enabled")
                    && keys.contains(key.substring(0, key.length() - ".enabled".length()) + ".cron")) {
                String api = key.substring("sync.".length(), key.length() - ".enabled".length());
                overrides.put(key, Boolean.toString(apis.contains(api)));
                if (cron != null) {
                    overrides.put("sync." + api + ".cron", cron);
                }
            }
        }
    }

    /** Starts {@code XeroSyncApplication} with these settings (as -D) and arguments, its output into {@code log}. */
    static Process start(Map<String, String> overrides, Map<String, String> env, Path log, String maxHeap,
                         String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path")));
        overrides.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("com.xerosync.XeroSyncApplication");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }
}
