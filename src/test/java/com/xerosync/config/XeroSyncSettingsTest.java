package com.xerosync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XeroSyncSettingsTest {

    private static Properties file() {
        Properties file = new Properties();
        file.setProperty("db.url", "");
        file.setProperty("sync.invoices.cron", "0 0/5 * * * ?");
        file.setProperty("xero.api-url", "https://api.xero.com");
        file.setProperty("db.password", "from-a-file-is-ignored");
        return file;
    }

    @Test
    void should_let_the_environment_override_the_file_and_system_properties_override_both() {
        Properties system = new Properties();
        system.setProperty("xero.api-url", "http://from-system");
        system.setProperty("java.home", "/not/a/setting");
        XeroSyncSettings settings = XeroSyncSettings.of(file(),
                Map.of("DB_URL", "jdbc:postgresql://db/x", "SYNC_INVOICES_CRON", "0 0 * * * ?", "XERO_API_URL", "http://from-env"),
                system, Map.of());

        assertThat(settings.get("db.url")).contains("jdbc:postgresql://db/x");
        assertThat(settings.get("sync.invoices.cron")).contains("0 0 * * * ?");
        assertThat(settings.get("xero.api-url")).contains("http://from-system");
        assertThat(settings.asProperties()).doesNotContainKey("java.home");
    }

    @Test
    void should_let_a_system_property_override_any_key_the_file_names() {
        Properties file = new Properties();
        file.setProperty("health.failures-in-a-row", "3");
        file.setProperty("cluster.enabled", "false");
        Properties system = new Properties();
        system.setProperty("health.failures-in-a-row", "5");
        system.setProperty("cluster.enabled", "true");
        system.setProperty("user.name", "not-a-setting");
        XeroSyncSettings settings = XeroSyncSettings.of(file, Map.of(), system, Map.of());
        assertThat(settings.getInt("health.failures-in-a-row", 0)).isEqualTo(5);
        assertThat(settings.getBoolean("cluster.enabled", false)).isTrue();
        assertThat(settings.get("user.name")).isEmpty();
    }

    @Test
    void should_read_the_documented_database_variables_even_when_the_key_is_not_in_the_file() {
        XeroSyncSettings settings = XeroSyncSettings.of(new Properties(),
                Map.of("DB_URL", "jdbc:postgresql://db/x", "DB_USER", "sync"), new Properties(), Map.of());
        assertThat(settings.get("db.url")).contains("jdbc:postgresql://db/x");
        assertThat(settings.get("db.user")).contains("sync");
    }

    @Test
    void should_read_secrets_from_the_environment_only_and_never_expose_them_as_properties() {
        XeroSyncSettings settings = XeroSyncSettings.of(file(), Map.of("DB_PASSWORD", "s3cret"), new Properties(), Map.of());
        assertThat(settings.secret("db.password")).contains("s3cret");
        assertThat(settings.asProperties()).doesNotContainKey("db.password");
        assertThat(settings.asProperties().values()).doesNotContain("s3cret", "from-a-file-is-ignored");
        assertThat(XeroSyncSettings.of(file(), Map.of(), new Properties(), Map.of()).secret("db.password")).isEmpty();
    }

    @Test
    void should_treat_blank_values_as_absent_and_explain_a_missing_or_invalid_key() {
        XeroSyncSettings settings = XeroSyncSettings.of(file(), Map.of(), new Properties(),
                Map.of("sync.page-size", "lots", "sync.once-timeout", "PT2M"));
        assertThat(settings.get("db.url")).isEmpty();
        assertThatThrownBy(() -> settings.require("db.url")).hasMessageContaining("DB_URL");
        assertThatThrownBy(() -> settings.getInt("sync.page-size", 1000)).hasMessageContaining("sync.page-size")
                .hasMessageContaining("lots");
        assertThat(settings.getDuration("sync.once-timeout", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.getInt("missing", 7)).isEqualTo(7);
    }

    @Test
    void should_refuse_a_page_size_outside_what_xero_serves_and_a_boolean_that_is_neither_true_nor_false() {
        for (String size : new String[] {"0", "-1", "1001"}) {
            XeroSyncSettings settings = XeroSyncSettings.of(file(), Map.of(), new Properties(), Map.of("sync.page-size", size));
            assertThatThrownBy(() -> settings.getInt("sync.page-size", 1000, 1, 1000)).as(size)
                    .hasMessageContaining("sync.page-size").hasMessageContaining("'" + size + "'")
                    .hasMessageContaining("1 to 1000");
        }
        XeroSyncSettings fine = XeroSyncSettings.of(file(), Map.of(), new Properties(),
                Map.of("sync.page-size", "1000", "sync.invoices.enabled", "FALSE", "sync.contacts.enabled", "ture"));
        assertThat(fine.getInt("sync.page-size", 1000, 1, 1000)).isEqualTo(1000);
        assertThat(fine.getBoolean("sync.invoices.enabled", true)).isFalse();
        assertThatThrownBy(() -> fine.getBoolean("sync.contacts.enabled", true)).hasMessageContaining("sync.contacts.enabled")
                .hasMessageContaining("'ture'").hasMessageContaining("true and false");
    }

    @Test
    void should_take_every_key_the_working_directory_file_leaves_out_from_the_packaged_one(@TempDir Path dir)
            throws Exception {
        Path trimmed = dir.resolve("application.properties");
        Files.writeString(trimmed, "sync.page-size = 250\n");
        XeroSyncSettings settings = XeroSyncSettings.load(trimmed, Map.of("sync.invoices.enabled", "false"));
        assertThat(settings.get("sync.page-size")).hasValue("250");
        // from the packaged file, which lists every key with its default
        assertThat(settings.get("sync.max-page-bytes")).hasValue("20000000");
        assertThat(settings.get("sync.projects.cron")).isPresent();
        assertThat(settings.get("sync.invoices.enabled")).hasValue("false");
        assertThat(XeroSyncSettings.load(dir.resolve("absent.properties"), Map.of()).get("sync.page-size")).hasValue("1000");
    }
}
