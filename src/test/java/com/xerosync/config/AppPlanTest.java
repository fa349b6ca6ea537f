package com.xerosync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xerosync.XeroSyncRuntime;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which Xero plan the app is on, from the settings, and what each plan allows. */
class AppPlanTest {

    private static XeroSyncSettings settings(Map<String, String> values) {
        return XeroSyncSettings.of(new Properties(), Map.of(), new Properties(), values);
    }

    private static Map<String, String> realApp() {
        Map<String, String> values = new HashMap<>();
        values.put("xero.client-id", "my-app");
        return values;
    }

    @Test
    void should_put_a_new_real_app_on_starter_and_the_sandboxs_app_on_advanced() {
        assertThat(AppPlan.of(settings(realApp()))).isEqualTo(new AppPlan(XeroPlan.STARTER, "xero.plan"));
        assertThat(AppPlan.of(settings(Map.of()))).isEqualTo(new AppPlan(XeroPlan.ADVANCED, "sandbox.plan"));
    }

    @Test
    void should_read_the_plan_of_the_app_being_synced_whatever_the_other_setting_says() {
        Map<String, String> values = realApp();
        values.put("xero.plan", " Core ");
        values.put("sandbox.plan", "starter");
        assertThat(AppPlan.of(settings(values)).plan()).isEqualTo(XeroPlan.CORE);
        assertThat(AppPlan.of(settings(Map.of("xero.plan", "core", "sandbox.plan", "starter"))))
                .isEqualTo(new AppPlan(XeroPlan.STARTER, "sandbox.plan"));
    }

    @Test
    void should_refuse_a_plan_that_does_not_exist_naming_the_setting_and_the_plans() {
        Map<String, String> values = realApp();
        values.put("xero.plan", "platinum");
        assertThatThrownBy(() -> AppPlan.of(settings(values))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'xero.plan'").hasMessageContaining("platinum")
                .hasMessageContaining("starter, core, plus, advanced, enterprise");
        // a misspelt plan stops the start even when the other one is in use, before anything is started
        assertThatThrownBy(() -> XeroSyncRuntime.start(settings(Map.of("xero.plan", "startr")), false))
                .hasMessageContaining("'xero.plan'").hasMessageContaining("startr");
    }

    @Test
    void should_map_each_plan_to_xeros_connections_calls_a_day_and_journals() {
        assertThat(XeroPlan.STARTER.connections()).isEqualTo(5);
        assertThat(XeroPlan.STARTER.callsPerDay()).isEqualTo(1_000);
        assertThat(XeroPlan.CORE.connections()).isEqualTo(50);
        assertThat(XeroPlan.PLUS.connections()).isEqualTo(1_000);
        assertThat(XeroPlan.ADVANCED.connections()).isEqualTo(10_000);
        assertThat(XeroPlan.ENTERPRISE.capsConnections()).isFalse();
        for (XeroPlan paid : new XeroPlan[] {XeroPlan.CORE, XeroPlan.PLUS, XeroPlan.ADVANCED, XeroPlan.ENTERPRISE}) {
            assertThat(paid.callsPerDay()).as(paid.title()).isEqualTo(5_000);
        }
        assertThat(XeroPlan.serving(XeroPlan.JOURNALS)).containsExactly(XeroPlan.ADVANCED, XeroPlan.ENTERPRISE);
        assertThat(XeroPlan.STARTER.serves(XeroPlan.JOURNALS)).isFalse();
        assertThatThrownBy(() -> XeroPlan.STARTER.serves("payroll")).hasMessageContaining("payroll");
        assertThat(XeroPlan.PLUS.title()).isEqualTo("Plus");
    }

    @Test
    void should_count_connections_against_the_cap_and_warn_from_80_percent() {
        AppPlan starter = new AppPlan(XeroPlan.STARTER, "xero.plan");
        assertThat(starter.connectionsUsed(3)).isEqualTo("3 of 5 connections (Starter)");
        assertThat(starter.nearCap(3)).isFalse();
        assertThat(starter.nearCap(4)).isTrue();
        assertThat(starter.atCap(4)).isFalse();
        assertThat(starter.atCap(5)).isTrue();
        AppPlan core = new AppPlan(XeroPlan.CORE, "xero.plan");
        assertThat(core.nearCap(39)).isFalse();
        assertThat(core.nearCap(40)).isTrue();
        AppPlan enterprise = new AppPlan(XeroPlan.ENTERPRISE, "xero.plan");
        assertThat(enterprise.connectionsUsed(1)).isEqualTo("1 connection (Enterprise)");
        assertThat(enterprise.connectionsUsed(12_000)).isEqualTo("12,000 connections (Enterprise)");
        assertThat(enterprise.nearCap(1_000_000)).isFalse();
        assertThat(new AppPlan(XeroPlan.ADVANCED, "sandbox.plan").connectionsUsed(2))
                .isEqualTo("2 of 10,000 connections (Advanced)");
    }
}
