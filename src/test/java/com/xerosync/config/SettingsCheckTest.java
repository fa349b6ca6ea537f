package com.xerosync.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsCheckTest {

    private final SettingsCheck check = SettingsCheck.ofPackagedFile();

    private static XeroSyncSettings settings(Map<String, String> overrides) {
        return XeroSyncSettings.of(new Properties(), Map.of(), new Properties(), overrides);
    }

    @Test
    void should_accept_the_packaged_file_as_it_is() throws Exception {
        Properties file = new Properties();
        try (var in = SettingsCheck.class.getResourceAsStream("/application.properties")) {
            file.load(in);
        }
        assertThatCode(() -> check.check(XeroSyncSettings.of(file, Map.of(), new Properties(), Map.of())))
                .doesNotThrowAnyException();
    }

    @Test
    void should_name_a_misspelt_key_and_the_key_meant() {
        assertThatThrownBy(() -> check.check(settings(Map.of("xero.clientid", "abc"))))
                .hasMessageContaining("'xero.clientid' is not a key of xero-sync: did you mean 'xero.client-id'?");
        assertThatThrownBy(() -> check.check(settings(Map.of("sync.invoice.cron", "0 * * * * ?"))))
                .hasMessageContaining("did you mean 'sync.invoices.cron'?");
        // a key far from every known one gets no guess
        assertThatThrownBy(() -> check.check(settings(Map.of("cluster.quorum-of-nodes-wanted", "3"))))
                .hasMessageContaining("'cluster.quorum-of-nodes-wanted' is not a key of xero-sync (application.properties");
    }

    @Test
    void should_reject_a_system_property_typo_in_every_namespace() {
        Properties system = new Properties();
        system.setProperty("admin.usrname", "root");
        system.setProperty("java.home", "/usr/lib/jvm");
        assertThatThrownBy(() -> check.check(XeroSyncSettings.of(new Properties(), Map.of(), system, Map.of())))
                .hasMessageContaining("'admin.usrname' is not a key of xero-sync: did you mean 'admin.username'?")
                .hasMessageNotContaining("java.home");
    }

    @Test
    void should_name_each_bad_cron_port_count_and_choice_at_once() {
        assertThatThrownBy(() -> check.check(settings(Map.of("sync.invoices.cron", "*/5 * * * *",
                "camel.server.port", "80800", "db.pool-size", "0", "sync.runs-at-once", "ten",
                "xero.auth-mode", "client_credentials"))))
                .hasMessageContaining("5 mistakes")
                .hasMessageContaining("'sync.invoices.cron' = '*/5 * * * *' is not a Quartz cron")
                .hasMessageContaining("'camel.server.port' = '80800': allowed are 0 to 65535 (0 = any free port)")
                .hasMessageContaining("'db.pool-size' = '0': allowed are 1 to 1000")
                .hasMessageContaining("'sync.runs-at-once' = 'ten' is not a whole number")
                .hasMessageContaining("'xero.auth-mode' = 'client_credentials': allowed are refresh-token and client-credentials");
    }

    @Test
    void should_name_a_page_size_page_bound_and_retry_delay_out_of_range() {
        assertThatThrownBy(() -> check.check(settings(Map.of("sync.page-size", "1001", "sync.max-page-bytes", "99",
                "xero.retry.initial-delay-ms", "-1", "xero.retry.max-attempts", "0"))))
                .hasMessageContaining("4 mistakes")
                .hasMessageContaining("'sync.page-size' = '1001': allowed are 1 to 1000")
                .hasMessageContaining("'sync.max-page-bytes' = '99': allowed are 10000 to 1000000000")
                .hasMessageContaining("'xero.retry.initial-delay-ms' = '-1': allowed are 0 to 3600000")
                .hasMessageContaining("'xero.retry.max-attempts' = '0': allowed are 1 to 100");
    }

    @Test
    void should_refuse_a_secret_given_outside_the_environment() {
        assertThatThrownBy(() -> check.check(settings(Map.of("xero.client-secret", "s3cret"))))
                .hasMessageContaining("'xero.client-secret' is a secret, read only from the environment variable "
                        + "XERO_CLIENT_SECRET").hasMessageNotContaining("s3cret");
    }
}
