package com.xerosync.store;

import java.math.BigDecimal;

/**
 * One cell of a Xero report, as a long row of {@code xero.report_rows}.
 *
 * @param rowNumber    position of the row in the report, 1-based, counting only Row and SummaryRow
 * @param columnNumber position of the cell in its row, 1-based; the label (column 0) is in {@code rowLabel}
 * @param value        the value as a number, or null when it is not one (then see {@code valueText})
 * @param accountId    the {@code account} attribute, linking the row to an account
 * @param attributes   every attribute of the cell as JSON ({@code [{"Id":…,"Value":…}]}), or null
 */
public record ReportCell(int rowNumber, int columnNumber, String section, String rowType, String rowLabel,
                         String columnHeader, String valueText, BigDecimal value, String accountId, String attributes) {
}
