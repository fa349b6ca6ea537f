package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.Country.TaxClass;
import com.xerosync.sandbox.http.XeroFormat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import static com.xerosync.sandbox.data.RandomText.pick;

/**
 * How a bookkeeper changes the chart, the item list and the users: renames and descriptions,
 * archiving, new prices and stock counts, new roles, and now and then a new record.
 */
final class SettingsChanges {

    private static final List<String> NEW_ACCOUNTS = List.of("Marketing Events", "Staff Amenities", "Merchant Fees",
            "Research Costs", "Recruitment", "Website Hosting", "Equipment Hire", "Donations");
    private static final List<String> ROLES = List.of("STANDARD", "INVOICEONLY", "READONLY");

    private final SeededIds ids;
    private final int organisation;
    private final Country country;
    private final JsonNodeFactory json;

    SettingsChanges(SeededIds ids, int organisation, Country country, JsonNodeFactory json) {
        this.ids = ids;
        this.organisation = organisation;
        this.country = country;
        this.json = json;
    }

    /** A new expense account with the first free 4xx code. */
    JsonRecord newAccount(long index, long now, List<JsonRecord> current) {
        Set<String> codes = current.stream().map(a -> a.text("Code")).collect(Collectors.toSet());
        int code = 401;
        while (codes.contains(Integer.toString(code))) {
            code++;
        }
        String id = ids.uuid(organisation, SeededIds.ACCOUNT, index).toString();
        String name = NEW_ACCOUNTS.get((int) (index % NEW_ACCOUNTS.size()));
        ObjectNode a = json.objectNode();
        a.put("AccountID", id);
        a.put("Code", Integer.toString(code));
        a.put("Name", index < NEW_ACCOUNTS.size() + 77 ? name : name + " " + index);
        a.put("Status", "ACTIVE");
        a.put("Type", "EXPENSE");
        a.put("TaxType", country.taxType(TaxClass.PURCHASES));
        a.put("Description", name + " costs");
        a.put("Class", "EXPENSE");
        a.put("EnablePaymentsToAccount", false);
        a.put("ShowInExpenseClaims", true);
        a.put("ReportingCode", "EXP");
        a.put("ReportingCodeName", "Expense");
        a.put("HasAttachments", false);
        a.put("UpdatedDateUTC", XeroFormat.msDate(now));
        a.put("AddToWatchlist", false);
        return new JsonRecord(index, id, now, false, a);
    }

    /** A new description, a watchlist toggle, or (for accounts no system function depends on) archiving and restoring. */
    JsonRecord editAccount(JsonRecord account, SplittableRandom r, long now) {
        double what = r.nextDouble();
        boolean system = account.body().has("SystemAccount") || "BANK".equals(account.text("Type"));
        return account.changed(now, false, a -> {
            if (!system && what < 0.3) {
                a.put("Status", "ARCHIVED".equals(a.path("Status").asText()) ? "ACTIVE" : "ARCHIVED");
            } else if (what < 0.6 && a.has("Description")) {
                a.put("Description", a.get("Description").asText().replaceFirst(" \\(reviewed \\d+\\)$", "")
                        + " (reviewed " + (1 + r.nextInt(9)) + ")");
            } else {
                a.put("AddToWatchlist", !a.path("AddToWatchlist").asBoolean());
            }
        });
    }

    /** A new untracked service item, sold on account 200. */
    JsonRecord newItem(long index, long now, SplittableRandom r) {
        String id = ids.uuid(organisation, SeededIds.ITEM, index).toString();
        String code = String.format(Locale.ROOT, "ITEM-%03d", index + 1);
        BigDecimal price = BigDecimal.valueOf(50 + r.nextInt(950)).setScale(2, RoundingMode.UNNECESSARY);
        ObjectNode item = json.objectNode();
        item.put("ItemID", id);
        item.put("Code", code);
        item.put("Description", "Service package " + (index + 1));
        item.put("UpdatedDateUTC", XeroFormat.msDate(now));
        item.putObject("PurchaseDetails");
        ObjectNode sales = item.putObject("SalesDetails");
        sales.put("UnitPrice", price);
        sales.put("AccountCode", "200");
        sales.put("TaxType", country.taxType(TaxClass.SALES));
        item.put("Name", "Service package " + (index + 1));
        item.put("IsTrackedAsInventory", false);
        item.put("IsSold", true);
        item.put("IsPurchased", false);
        return new JsonRecord(index, id, now, false, item);
    }

    /** Tracked items sell or restock (quantity and cost pool move together); others change price or description. */
    JsonRecord editItem(JsonRecord item, SplittableRandom r, long now) {
        double what = r.nextDouble();
        return item.changed(now, false, i -> {
            if (i.path("IsTrackedAsInventory").asBoolean() && what < 0.6) {
                BigDecimal onHand = i.get("QuantityOnHand").decimalValue();
                BigDecimal pool = i.get("TotalCostPool").decimalValue();
                BigDecimal unitCost = onHand.signum() == 0 ? i.path("PurchaseDetails").path("UnitPrice").decimalValue()
                        : pool.divide(onHand, 6, RoundingMode.HALF_UP);
                int delta = what < 0.35 ? -Math.min(onHand.intValue(), 1 + r.nextInt(8)) : 5 + r.nextInt(40);
                BigDecimal quantity = onHand.add(BigDecimal.valueOf(delta)).setScale(4, RoundingMode.UNNECESSARY);
                i.put("QuantityOnHand", quantity);
                i.put("TotalCostPool", XeroFormat.money(quantity.multiply(unitCost)));
            } else if (what < 0.8) {
                String side = i.path("IsSold").asBoolean() ? "SalesDetails" : "PurchaseDetails";
                ObjectNode details = (ObjectNode) i.get(side);
                BigDecimal price = details.path("UnitPrice").decimalValue();
                details.put("UnitPrice", XeroFormat.money(price.multiply(BigDecimal.valueOf(100 + r.nextInt(16), 2))));
            } else {
                String field = i.has("Description") ? "Description" : "PurchaseDescription";
                i.put(field, i.path(field).asText().replaceFirst(" \\(v\\d+\\)$", "") + " (v" + (2 + r.nextInt(8)) + ")");
            }
        });
    }

    /** A new staff member with a standard role. */
    JsonRecord newUser(long index, long now, SplittableRandom r) {
        String id = ids.uuid(organisation, SeededIds.USER, index).toString();
        String first = pick(r, NameBook.FIRST_NAMES);
        String last = pick(r, NameBook.LAST_NAMES);
        ObjectNode u = json.objectNode();
        u.put("UserID", id);
        u.put("EmailAddress", NameBook.emailLocalPart(first, last) + index + "@demo-company-" + (organisation + 1) + ".example");
        u.put("FirstName", first);
        u.put("LastName", last);
        u.put("UpdatedDateUTC", XeroFormat.msDate(now));
        u.put("IsSubscriber", false);
        u.put("OrganisationRole", "STANDARD");
        return new JsonRecord(index, id, now, false, u);
    }

    /** Staff change roles; the subscriber keeps theirs and changes email. */
    JsonRecord editUser(JsonRecord user, SplittableRandom r, long now) {
        String role = pick(r, ROLES);
        return user.changed(now, false, u -> {
            if (u.path("IsSubscriber").asBoolean() || role.equals(u.path("OrganisationRole").asText())) {
                u.put("EmailAddress", "admin." + u.path("EmailAddress").asText().replaceFirst("^admin\\.", ""));
            } else {
                u.put("OrganisationRole", role);
            }
        });
    }
}
