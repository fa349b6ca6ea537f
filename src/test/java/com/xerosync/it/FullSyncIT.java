package com.xerosync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.xerosync.sandbox.XeroSandbox;
import com.xerosync.sync.XeroDates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A first sync of every API, through the real routes, the sandbox over HTTP and an embedded PostgreSQL. */
class FullSyncIT {

    private static XeroSyncHarness harness;

    @BeforeAll
    static void syncEverythingOnce() throws Exception {
        harness = XeroSyncHarness.start(XeroSyncHarness.smallSandbox(XeroSyncHarness.newDataDir("full-sync")));
        harness.syncSkeletonApis();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void should_make_every_table_equal_to_the_sandbox_for_every_organisation() throws Exception {
        SandboxTables.assertEqualToSandbox(harness);
    }

    @Test
    void should_record_one_successful_run_per_api_and_organisation_with_its_counts() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        List<Map<String, Object>> runs = harness.query("SELECT api, tenant_id, status, records, pages, api_calls, error "
                + "FROM xero_sync.sync_run ORDER BY api, tenant_id");
        assertThat(runs).hasSize(4 * sandbox.tenantIds().size());
        for (Map<String, Object> run : runs) {
            assertThat(run.get("status")).as("run %s", run).isEqualTo("success");
            String collection = switch ((String) run.get("api")) {
                case "organisation" -> "Organisations";
                case "accounts" -> "Accounts";
                case "contacts" -> "Contacts";
                default -> "Invoices";
            };
            long records = sandbox.records((String) run.get("tenant_id"), collection).count();
            assertThat(((Number) run.get("records")).longValue()).as("records of %s", run).isEqualTo(records);
            // a page per call: no call was wasted on retries
            assertThat(run.get("api_calls")).as("calls of %s", run).isEqualTo(run.get("pages"));
            if (collection.equals("Invoices") || collection.equals("Contacts")) {
                // 100 per page: each page moves the If-Modified-Since key past the records it stored
                assertThat(((Number) run.get("pages")).longValue()).as("pages of %s", run)
                        .isBetween(records / 100, records / 100 + 2);
            }
        }
        assertThat(harness.count("SELECT count(*) FROM xero_sync.sync_failure")).isZero();
    }

    @Test
    void should_store_typed_columns_field_by_field() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        String tenantId = sandbox.tenantIds().get(0);
        List<JsonNode> invoices = sandbox.records(tenantId, "Invoices").collect(Collectors.toList());
        List<JsonNode> sample = new ArrayList<>();
        for (int i = 0; i < invoices.size(); i += 53) {
            sample.add(invoices.get(i));
        }
        invoices.stream().filter(i -> i.path("Status").asText().equals("VOIDED")).findFirst().ifPresent(sample::add);
        invoices.stream().filter(i -> i.path("Status").asText().equals("DELETED")).findFirst().ifPresent(sample::add);
        invoices.stream().filter(i -> i.has("CurrencyRate") && i.path("CurrencyRate").decimalValue().compareTo(BigDecimal.ONE) != 0)
                .findFirst().ifPresent(sample::add);
        assertThat(sample).hasSizeGreaterThan(10);
        for (JsonNode invoice : sample) {
            String id = invoice.get("InvoiceID").asText();
            Map<String, Object> row = harness.query("SELECT * FROM xero.invoices WHERE tenant_id = ? AND invoice_id = ?",
                    tenantId, id).get(0);
            assertThat(row.get("invoice_number")).isEqualTo(text(invoice, "InvoiceNumber"));
            assertThat(row.get("type")).isEqualTo(text(invoice, "Type"));
            assertThat(row.get("status")).isEqualTo(text(invoice, "Status"));
            assertThat(row.get("currency_code")).isEqualTo(text(invoice, "CurrencyCode"));
            assertThat(row.get("contact_id")).isEqualTo(invoice.path("Contact").path("ContactID").asText());
            assertThat(row.get("contact_name")).isEqualTo(invoice.path("Contact").path("Name").asText());
            assertThat(((java.sql.Date) row.get("date")).toLocalDate()).isEqualTo(XeroDates.parseDate(invoice.get("Date").asText()));
            if (invoice.hasNonNull("DueDate")) {
                assertThat(((java.sql.Date) row.get("due_date")).toLocalDate())
                        .isEqualTo(XeroDates.parseDate(invoice.get("DueDate").asText()));
            }
            for (String money : List.of("SubTotal", "TotalTax", "Total", "AmountDue", "AmountPaid")) {
                String column = money.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
                assertThat((BigDecimal) row.get(column)).as("%s of %s", money, id).isEqualByComparingTo(invoice.get(money).decimalValue());
            }
            assertThat(((java.sql.Timestamp) row.get("updated_date_utc")).toInstant())
                    .isEqualTo(XeroDates.parse(invoice.get("UpdatedDateUTC").asText()).toInstant());

            List<Map<String, Object>> lines = harness.query("SELECT * FROM xero.invoice_line_items "
                    + "WHERE tenant_id = ? AND invoice_id = ? ORDER BY line_number", tenantId, id);
            JsonNode expectedLines = invoice.get("LineItems");
            assertThat(lines).hasSize(expectedLines.size());
            for (int i = 0; i < lines.size(); i++) {
                Map<String, Object> line = lines.get(i);
                JsonNode expected = expectedLines.get(i);
                assertThat(line.get("line_item_id")).isEqualTo(text(expected, "LineItemID"));
                assertThat(line.get("description")).isEqualTo(text(expected, "Description"));
                assertThat(line.get("account_code")).isEqualTo(text(expected, "AccountCode"));
                assertThat((BigDecimal) line.get("line_amount")).isEqualByComparingTo(expected.get("LineAmount").decimalValue());
                assertThat((BigDecimal) line.get("quantity")).isEqualByComparingTo(expected.get("Quantity").decimalValue());
                assertThat((BigDecimal) line.get("unit_amount")).isEqualByComparingTo(expected.get("UnitAmount").decimalValue());
            }
        }
        assertThat(harness.count("SELECT count(*) FROM xero.invoices WHERE status IN ('VOIDED', 'DELETED')")).isPositive();
    }

    @Test
    void should_store_contacts_accounts_and_organisation_columns() throws Exception {
        XeroSandbox sandbox = harness.sandbox();
        for (String tenantId : sandbox.tenantIds()) {
            JsonNode organisation = sandbox.records(tenantId, "Organisations").findFirst().orElseThrow();
            Map<String, Object> row = harness.query("SELECT * FROM xero.organisations WHERE tenant_id = ?", tenantId).get(0);
            assertThat(row.get("organisation_id")).isEqualTo(tenantId);
            assertThat(row.get("name")).isEqualTo(text(organisation, "Name"));
            assertThat(row.get("base_currency")).isEqualTo(text(organisation, "BaseCurrency"));
            assertThat(row.get("country_code")).isEqualTo(text(organisation, "CountryCode"));

            List<JsonNode> contacts = sandbox.records(tenantId, "Contacts").collect(Collectors.toList());
            assertThat(contacts.stream().map(c -> c.path("ContactStatus").asText())).contains("ACTIVE", "ARCHIVED");
            for (int i = 0; i < contacts.size(); i += 37) {
                JsonNode contact = contacts.get(i);
                Map<String, Object> c = harness.query("SELECT * FROM xero.contacts WHERE tenant_id = ? AND contact_id = ?",
                        tenantId, contact.get("ContactID").asText()).get(0);
                assertThat(c.get("name")).isEqualTo(text(contact, "Name"));
                assertThat(c.get("contact_status")).isEqualTo(text(contact, "ContactStatus"));
                assertThat(c.get("email_address")).isEqualTo(text(contact, "EmailAddress"));
                assertThat(c.get("is_supplier")).isEqualTo(contact.hasNonNull("IsSupplier") ? contact.get("IsSupplier").asBoolean() : null);
                assertThat(((java.sql.Timestamp) c.get("updated_date_utc")).toInstant())
                        .isEqualTo(XeroDates.parse(contact.get("UpdatedDateUTC").asText()).toInstant());
            }
            for (JsonNode account : sandbox.records(tenantId, "Accounts").toList()) {
                Map<String, Object> a = harness.query("SELECT * FROM xero.accounts WHERE tenant_id = ? AND account_id = ?",
                        tenantId, account.get("AccountID").asText()).get(0);
                assertThat(a.get("code")).isEqualTo(text(account, "Code"));
                assertThat(a.get("type")).isEqualTo(text(account, "Type"));
                assertThat(a.get("status")).isEqualTo(text(account, "Status"));
            }
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

}
