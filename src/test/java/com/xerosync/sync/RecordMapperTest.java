package com.xerosync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.store.TableSchema;
import com.xerosync.store.TableSchema.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecordMapperTest {

    private static final TableSchema INVOICES = new TableSchema("invoices", Map.of(
            "tenant_id", ColumnType.TEXT, "invoice_id", ColumnType.TEXT, "invoice_number", ColumnType.TEXT,
            "contact_id", ColumnType.TEXT, "date", ColumnType.DATE, "total", ColumnType.NUMERIC,
            "is_discounted", ColumnType.BOOLEAN, "updated_date_utc", ColumnType.TIMESTAMPTZ,
            "line_count", ColumnType.INTEGER, "raw", ColumnType.JSONB), List.of("tenant_id", "invoice_id"));

    private final List<String> columns = INVOICES.orderedColumns();
    private final RecordMapper mapper = new RecordMapper(INVOICES, columns, Map.of("contact_id", "Contact.ContactID"));

    private Object value(Object[] row, String column) {
        return row[columns.indexOf(column)];
    }

    @Test
    void should_fill_columns_from_fields_of_the_same_name_and_declared_paths() throws Exception {
        JsonNode record = PageWriter.JSON.readTree("""
                {"InvoiceID":"inv-1","InvoiceNumber":"INV-0001","Contact":{"ContactID":"c-9","Name":"ACME"},
                 "Date":"/Date(1552262400000+0000)/","Total":1234.50,"IsDiscounted":false,
                 "UpdatedDateUTC":"/Date(1518685950940+0000)/","UnknownNewField":{"x":1}}""");

        Object[] row = mapper.map(record, Map.of(RecordMapper.TENANT, "t-1"));

        assertThat(value(row, "tenant_id")).isEqualTo("t-1");
        assertThat(value(row, "invoice_id")).isEqualTo("inv-1");
        assertThat(value(row, "invoice_number")).isEqualTo("INV-0001");
        assertThat(value(row, "contact_id")).isEqualTo("c-9");
        assertThat(value(row, "date")).isEqualTo(LocalDate.of(2019, 3, 11));
        assertThat(value(row, "total")).isEqualTo(new BigDecimal("1234.50"));
        assertThat(value(row, "is_discounted")).isEqualTo(false);
        assertThat(((OffsetDateTime) value(row, "updated_date_utc")).toInstant()).isEqualTo(Instant.ofEpochMilli(1518685950940L));
        assertThat(value(row, "line_count")).isNull();
        // raw keeps the record whole, unknown fields and exact decimals included
        assertThat(PageWriter.JSON.readTree((String) value(row, "raw"))).isEqualTo(record);
        assertThat((String) value(row, "raw")).contains("1234.50").contains("UnknownNewField");
    }

    @Test
    void should_store_nul_characters_as_the_replacement_character_in_columns_and_raw() throws Exception {
        JsonNode record = PageWriter.JSON.readTree("""
                {"InvoiceID":"inv-1","InvoiceNumber":"INV\\u00000001","Contact":{"ContactID":"c\\u0000","Name":"A\\u0000B"},
                 "LineItems":[{"Description":"\\u0000"}],"Note\\u0000":"x","Path":"C:\\\\u0000"}""");
        Object[] row = mapper.map(record, Map.of(RecordMapper.TENANT, "t-1"));

        assertThat(value(row, "invoice_number")).isEqualTo("INV\uFFFD0001");
        assertThat(value(row, "contact_id")).isEqualTo("c\uFFFD");
        String raw = (String) value(row, "raw");
        // PostgreSQL's jsonb refuses the escape \u0000 as well as the character itself: read back, no NUL is left
        assertThat(raw).doesNotContain("\u0000");
        assertThat(raw.replace("C:\\\\u0000", "")).doesNotContain("\\u0000");
        JsonNode stored = PageWriter.JSON.readTree(raw);
        assertThat(stored.path("Contact").path("Name").asText()).isEqualTo("A\uFFFDB");
        assertThat(stored.path("LineItems").path(0).path("Description").asText()).isEqualTo("\uFFFD");
        assertThat(stored.has("Note\uFFFD")).isTrue();
        // a backslash followed by the letters u0000 is text, not a NUL, and stays as it came
        assertThat(stored.path("Path").asText()).isEqualTo("C:\\u0000");
        assertThat(RecordMapper.convert(PageWriter.JSON.readTree("{\"a\":\"\\u0000\"}"), ColumnType.JSONB, "x"))
                .isEqualTo("{\"a\":\"\uFFFD\"}");
    }

    @Test
    void should_accept_numbers_sent_as_strings_and_keep_every_digit() throws Exception {
        JsonNode record = PageWriter.JSON.readTree("""
                {"InvoiceID":"i","Total":"12345678901234567890.123456789","LineCount":"3"}""");
        Object[] row = mapper.map(record, Map.of());
        assertThat(value(row, "total")).isEqualTo(new BigDecimal("12345678901234567890.123456789"));
        assertThat(value(row, "line_count")).isEqualTo(3);
    }

    @Test
    void should_name_the_field_and_value_when_a_value_does_not_fit_its_column() throws Exception {
        assertThatThrownBy(() -> mapper.map(PageWriter.JSON.readTree("{\"InvoiceID\":\"i\",\"Total\":\"lots\"}"), Map.of()))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("Total").hasMessageContaining("lots");
        assertThatThrownBy(() -> mapper.map(PageWriter.JSON.readTree("{\"InvoiceID\":\"i\",\"Date\":\"soon\"}"), Map.of()))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("Date").hasMessageContaining("soon");
        assertThatThrownBy(() -> mapper.map(PageWriter.JSON.readTree("{\"InvoiceID\":\"i\",\"IsDiscounted\":\"maybe\"}"), Map.of()))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("IsDiscounted");
        assertThatThrownBy(() -> mapper.map(PageWriter.JSON.readTree("{\"InvoiceID\":\"i\",\"UpdatedDateUTC\":12}"), Map.of()))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("UpdatedDateUTC");
    }

    @Test
    void should_step_into_arrays_by_position() throws Exception {
        RecordMapper byPosition = new RecordMapper(INVOICES, columns, Map.of("contact_id", "Tracking.1.Option"));
        JsonNode record = PageWriter.JSON.readTree(
                "{\"InvoiceID\":\"i\",\"Tracking\":[{\"Name\":\"Region\",\"Option\":\"North\"},{\"Name\":\"Dept\",\"Option\":\"Sales\"}]}");
        assertThat(byPosition.map(record, Map.of())[columns.indexOf("contact_id")]).isEqualTo("Sales");
        JsonNode oneCategory = PageWriter.JSON.readTree("{\"InvoiceID\":\"i\",\"Tracking\":[{\"Option\":\"North\"}]}");
        assertThat(byPosition.map(oneCategory, Map.of())[columns.indexOf("contact_id")]).isNull();
    }

    @Test
    void should_refuse_a_declared_column_the_table_lacks() {
        assertThatThrownBy(() -> new RecordMapper(INVOICES, columns, Map.of("contact_name", "Contact.Name")))
                .hasMessageContaining("contact_name");
    }

    @Test
    void should_only_ever_throw_bad_record_on_generated_garbage() {
        SplittableRandom random = new SplittableRandom(3);
        String[] fields = {"InvoiceID", "Total", "Date", "IsDiscounted", "UpdatedDateUTC", "LineCount", "Contact"};
        String[] values = {"null", "true", "1e400", "-0", "\"\"", "\"/Date(-1)/\"", "[1,2]", "{\"ContactID\":5}",
                "\"9999999999999999999999\"", "12.5", "\"2019-13-45\"", "\"\\u0000\"", "{}"};
        for (int i = 0; i < 5_000; i++) {
            StringBuilder json = new StringBuilder("{");
            for (int f = 0; f < fields.length; f++) {
                if (random.nextBoolean()) {
                    json.append(json.length() > 1 ? "," : "").append('"').append(fields[f]).append("\":")
                            .append(values[random.nextInt(values.length)]);
                }
            }
            try {
                mapper.map(PageWriter.JSON.readTree(json.append('}').toString()), Map.of());
            } catch (BadRecordException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (Exception e) {
                throw new AssertionError("Unexpected " + e + " for " + json, e);
            }
        }
    }
}
