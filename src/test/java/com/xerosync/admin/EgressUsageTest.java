package com.xerosync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.xerosync.config.XeroPlan;
import com.xerosync.sync.EgressMeter;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressUsageTest {

    private static final long GB = 1_000_000_000L;

    private static EgressUsage.Month month(XeroPlan plan, double elapsed, long wire, long decoded) {
        return new EgressUsage.Month(YearMonth.of(2026, 12), elapsed, List.of(), wire, decoded, 10, plan);
    }

    @Test
    void should_project_the_month_end_linearly_by_elapsed_time() {
        EgressUsage.Month quarter = month(XeroPlan.CORE, 0.25, 3 * GB, 20 * GB);

        assertThat(quarter.projectedWireBytes()).isEqualTo(12 * GB);
        assertThat(quarter.projectedDecodedBytes()).isEqualTo(80 * GB);
        assertThat(quarter.allowanceUsed()).isCloseTo(0.3, within(1e-9));
        // the first instant of a month projects what it has, not infinity
        assertThat(month(XeroPlan.CORE, 0, 5, 7).projectedWireBytes()).isEqualTo(5);
    }

    @Test
    void should_price_only_the_gigabytes_above_the_plans_allowance() {
        EgressUsage.Month core = month(XeroPlan.CORE, 0.5, 6 * GB, 40 * GB);

        assertThat(core.overageAud(core.projectedWireBytes())).isCloseTo(2 * XeroPlan.OVERAGE_AUD_PER_GB, within(1e-9));
        assertThat(core.overageAud(core.projectedDecodedBytes())).isCloseTo(70 * 2.40, within(1e-9));
        assertThat(core.overageAud(9 * GB)).isZero();
        // Starter and Enterprise include egress without limit
        assertThat(month(XeroPlan.STARTER, 0.5, 600 * GB, 900 * GB).overageAud(1200 * GB)).isZero();
        assertThat(month(XeroPlan.ENTERPRISE, 0.5, 600 * GB, 900 * GB).allowanceUsed()).isZero();
    }

    @Test
    void should_write_byte_counts_in_decimal_units() {
        assertThat(EgressMeter.bytes(999)).isEqualTo("999 B");
        assertThat(EgressMeter.bytes(1_500)).isEqualTo("1.50 kB");
        assertThat(EgressMeter.bytes(42_051)).isEqualTo("42.1 kB");
        assertThat(EgressMeter.bytes(10_148_816)).isEqualTo("10.1 MB");
        assertThat(EgressMeter.bytes(250 * GB)).isEqualTo("250 GB");
    }
}
