package com.xerosync.sync;

import com.xerosync.store.ReportCell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

class ReportRowsTest {

    /** The BalanceSheet example of Xero's official spec. */
    private static JsonNode balanceSheet() throws Exception {
        String yaml = Files.readString(Path.of("src/test/resources/xero-openapi/xero_accounting.yaml"));
        // the spec is YAML; read it with Jackson 3's YAML module (what the spec test uses) and hand the example over
        String example = new YAMLMapper().readTree(yaml)
                .at("/paths/~1Reports~1BalanceSheet/get/responses/200/content/application~1json/example").toString();
        return PageWriter.JSON.readTree(example).get("Reports").get(0);
    }

    @Test
    void should_turn_every_cell_into_a_long_row_with_its_section_label_header_and_account() throws Exception {
        List<ReportCell> cells = ReportRows.flatten(balanceSheet());

        ReportCell bigBank = cells.stream()
                .filter(c -> "My Big Bank".equals(c.rowLabel()) && c.columnNumber() == 1).findFirst().orElseThrow();
        assertThat(bigBank.section()).isEqualTo("Bank");
        assertThat(bigBank.rowType()).isEqualTo("Row");
        assertThat(bigBank.columnHeader()).isEqualTo("30 Apr 2019");
        assertThat(bigBank.value()).isEqualByComparingTo("2146.37");
        assertThat(bigBank.valueText()).isEqualTo("2146.37");
        assertThat(bigBank.accountId()).isEqualTo("300f3bde-3a5c-4035-9ec5-45b09777679a");
        assertThat(bigBank.attributes()).contains("account");
        // every row has one cell per column after its label, numbered from 1
        assertThat(cells.stream().map(ReportCell::columnNumber).collect(Collectors.toSet())).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(cells).extracting(ReportCell::rowType).containsOnly("Row", "SummaryRow");
    }

    @Test
    void should_keep_rows_that_sum_to_their_section_totals() throws Exception {
        List<ReportCell> cells = ReportRows.flatten(balanceSheet());
        Map<String, List<ReportCell>> bySection = cells.stream().filter(c -> c.section() != null)
                .collect(Collectors.groupingBy(ReportCell::section));
        int checked = 0;
        for (Map.Entry<String, List<ReportCell>> section : bySection.entrySet()) {
            for (int column = 1; column <= 3; column++) {
                int col = column;
                List<ReportCell> inColumn = section.getValue().stream().filter(c -> c.columnNumber() == col).toList();
                List<ReportCell> totals = inColumn.stream().filter(c -> c.rowType().equals("SummaryRow")).toList();
                List<ReportCell> rows = inColumn.stream().filter(c -> c.rowType().equals("Row") && c.value() != null).toList();
                if (totals.size() == 1 && !rows.isEmpty()) {
                    BigDecimal sum = rows.stream().map(ReportCell::value).reduce(BigDecimal.ZERO, BigDecimal::add);
                    assertThat(sum).as("%s, column %d", section.getKey(), col).isEqualByComparingTo(totals.get(0).value());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }

    @Test
    void should_keep_text_cells_as_text_only() throws Exception {
        JsonNode report = PageWriter.JSON.readTree("""
                {"Rows":[{"RowType":"Header","Cells":[{"Value":""},{"Value":"Status"}]},
                 {"RowType":"Section","Title":"","Rows":[{"RowType":"Row","Cells":[{"Value":"Filed"},{"Value":"Lodged"}]}]}]}""");
        ReportCell cell = ReportRows.flatten(report).get(0);
        assertThat(cell.value()).isNull();
        assertThat(cell.valueText()).isEqualTo("Lodged");
        assertThat(cell.section()).isNull();
        assertThat(cell.columnHeader()).isEqualTo("Status");
    }
}
