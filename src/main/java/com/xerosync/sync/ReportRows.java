package com.xerosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.store.ReportCell;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Flattens a Xero report ({@code Rows} of Header, Section, Row and SummaryRow, with cells) into long rows: one per
 * (row, column), with the section title, the row label (its first cell), the column header (from the Header row),
 * the value as a number where it is one, and the ids its attributes link to. BI tools filter and pivot these; they
 * cannot read Xero's nested layout.
 */
public final class ReportRows {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private ReportRows() {
    }

    /** The cells of one report (an element of the response's {@code Reports} array). */
    public static List<ReportCell> flatten(JsonNode report) {
        List<ReportCell> cells = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        int[] rowNumber = {0};
        walk(report.path("Rows"), null, headers, rowNumber, cells);
        return cells;
    }

    private static void walk(JsonNode rows, String section, List<String> headers, int[] rowNumber, List<ReportCell> cells) {
        for (JsonNode row : rows) {
            String type = row.path("RowType").asText("");
            switch (type) {
                case "Header" -> {
                    headers.clear();
                    row.path("Cells").forEach(cell -> headers.add(cell.path("Value").asText("")));
                }
                case "Section" -> {
                    String title = row.path("Title").asText("");
                    walk(row.path("Rows"), title.isEmpty() ? section : title, headers, rowNumber, cells);
                }
                default -> {
                    JsonNode rowCells = row.path("Cells");
                    if (rowCells.size() == 0) {
                        continue;
                    }
                    rowNumber[0]++;
                    String label = rowCells.get(0).path("Value").asText("");
                    for (int column = 1; column < rowCells.size(); column++) {
                        JsonNode cell = rowCells.get(column);
                        String text = cell.path("Value").asText("");
                        JsonNode attributes = cell.path("Attributes");
                        cells.add(new ReportCell(rowNumber[0], column, section, type, label,
                                column < headers.size() ? headers.get(column) : null, text,
                                NUMBER.matcher(text).matches() ? new BigDecimal(text) : null,
                                attribute(attributes, "account"),
                                attributes.isArray() && attributes.size() > 0 ? attributes.toString() : null));
                    }
                }
            }
        }
    }

    private static String attribute(JsonNode attributes, String id) {
        for (JsonNode attribute : attributes) {
            if (id.equalsIgnoreCase(attribute.path("Id").asText())) {
                return attribute.path("Value").asText(null);
            }
        }
        return null;
    }
}
