package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.Country.TaxClass;
import com.xerosync.sandbox.data.Invoice.ItemRef;
import com.xerosync.sandbox.data.Invoice.Tracking;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import static com.xerosync.sandbox.data.RandomText.pick;

/**
 * An organisation's settings as the accounting.settings and accounting.contacts scopes serve
 * them, all small and built up front: branding themes, currencies, items, tax rates, tracking
 * categories, users, contact groups and the invoice reminder setting. Documents refer to them:
 * lines carry tracking options and item codes, claims have users, invoices branding themes.
 */
final class SettingsCatalogue {

    /** Region's ids are the ones invoices have always been tracked with (category 0, options 1..4). */
    static final List<String> REGIONS = List.of("North", "South", "East", "West");
    static final List<String> DEPARTMENTS = List.of("Sales", "Operations", "Administration", "Marketing");
    static final List<String> PROJECTS = List.of("Apollo", "Borealis", "Cygnus");
    private static final int REGION_BASE = 0;
    private static final int DEPARTMENT_BASE = 10;
    private static final int PROJECT_BASE = 20;

    /** An item template: sold on {@code salesAccount} under {@code salesLine}, bought on {@code purchaseAccount}. */
    private record ItemTemplate(String code, String name, String salesLine, String salesAccount, String purchaseLine,
                                String purchaseAccount, boolean tracked, long priceCents) {
        boolean sold() {
            return salesLine != null;
        }

        boolean purchased() {
            return purchaseLine != null;
        }
    }

    /**
     * Descriptions match the lines the chart's accounts post (ChartOfAccounts), so those lines carry
     * the item's code. Tracked items are bought into inventory (630) and sold on 200.
     */
    private static final List<ItemTemplate> ITEMS = List.of(
            new ItemTemplate("CONSULT", "Consulting", "Consulting services", "200", null, null, false, 18_000),
            new ItemTemplate("INSTALL", "Installation", "Installation services", "200", null, null, false, 12_000),
            new ItemTemplate("SW-LIC", "Software licence", "Software licence", "200", null, null, false, 99_000),
            new ItemTemplate("TRAINING", "Training workshop", "Training workshop", "200", null, null, false, 150_000),
            new ItemTemplate("SUPPORT-M", "Support retainer", "Monthly support retainer", "220", null, null, false, 45_000),
            new ItemTemplate("MAINT-Y", "Maintenance plan", "Annual maintenance plan", "220", null, null, false, 240_000),
            new ItemTemplate("HOSTING", "Hosting", "Hosting subscription", "220", null, null, false, 9_900),
            new ItemTemplate("HW-KIT", "Hardware kit", "Hardware supply", "200", "Hardware kit - stock", "310", true, 65_000),
            new ItemTemplate("ROUTER-X1", "Router X1", "Router X1", "200", "Router X1 - stock", "310", true, 34_900),
            new ItemTemplate("CABLE-PK", "Cable pack", "Cable pack (10)", "200", "Cable pack - stock", "310", true, 4_500),
            new ItemTemplate("COMPONENTS", "Components", null, null, "Components", "310", false, 25_000),
            new ItemTemplate("RAW-MAT", "Raw materials", null, null, "Raw materials", "310", false, 18_000),
            new ItemTemplate("WHOLESALE", "Wholesale goods", null, null, "Wholesale goods", "300", false, 40_000),
            new ItemTemplate("STOCK", "Stock", null, null, "Stock purchase", "300", false, 30_000),
            new ItemTemplate("OFFICE-SUP", "Office supplies", null, null, "Office supplies", "453", false, 8_000),
            new ItemTemplate("TONER", "Printer toner", null, null, "Printer toner", "461", false, 12_000),
            new ItemTemplate("BUS-CARDS", "Business cards", null, null, "Business cards", "461", false, 9_000));

    /** A contact group: who belongs is a draw per contact, so membership needs no list. */
    private record GroupTemplate(String name, boolean active, boolean customers, boolean suppliers, double share) {
    }

    private static final List<GroupTemplate> GROUPS = List.of(
            new GroupTemplate("Key Accounts", true, true, false, 0.06),
            new GroupTemplate("Preferred Suppliers", true, false, true, 0.30),
            new GroupTemplate("Wholesale Customers", true, true, false, 0.12),
            new GroupTemplate("Christmas Card List 2022", false, true, true, 0));

    /** A user as expense claims and receipts refer to it. */
    record User(String id, String firstName, String lastName, String email, long updated) {
    }

    /** A contact group a contact belongs to. */
    record Group(String id, String name) {
    }

    private final SeededIds ids;
    private final int organisation;
    private final Country country;
    private final JsonNodeFactory json;
    private final long setupStart;
    /** The organisation's history, for the factories that generate documents within it. */
    final HistoryWindow history;
    final List<JsonRecord> brandingThemes = new ArrayList<>();
    final List<JsonRecord> currencies = new ArrayList<>();
    final List<JsonRecord> items = new ArrayList<>();
    final List<JsonRecord> taxRates = new ArrayList<>();
    final List<JsonRecord> trackingCategories = new ArrayList<>();
    final List<JsonRecord> users = new ArrayList<>();
    final List<JsonRecord> contactGroups = new ArrayList<>();
    final List<JsonRecord> invoiceReminders = new ArrayList<>();
    private final List<User> userRefs = new ArrayList<>();
    private final Map<String, ItemRef> itemsByLine = new HashMap<>();
    private final String standardThemeId;
    private final String specialThemeId;

    SettingsCatalogue(SeededIds ids, int organisation, Country country, long organisationCreated, HistoryWindow history,
                      JsonNodeFactory json) {
        this.history = history;
        this.ids = ids;
        this.organisation = organisation;
        this.country = country;
        this.json = json;
        this.setupStart = history.start() - 30 * XeroFormat.DAY_MILLIS;
        brandingThemes(organisationCreated);
        this.standardThemeId = brandingThemes.get(0).id();
        this.specialThemeId = brandingThemes.get(1).id();
        currencies();
        items();
        taxRates();
        trackingCategories();
        buildUsers();
        contactGroups();
        ObjectNode reminders = json.objectNode();
        reminders.put("Enabled", country == Country.AU);
        invoiceReminders.add(new JsonRecord(0, "Settings", setupStart, false, reminders));
    }

    // ---- what documents refer to

    Tracking region(int option) {
        return tracking(REGION_BASE, "Region", option, REGIONS.get(option));
    }

    Tracking department(int option) {
        return tracking(DEPARTMENT_BASE, "Department", option, DEPARTMENTS.get(option));
    }

    /** Up to one option of each active category, drawn from {@code r}: what a line, journal line or transfer carries. */
    List<Tracking> drawTracking(SplittableRandom r, double regionShare, double departmentShare) {
        List<Tracking> tracking = new ArrayList<>(2);
        if (r.nextDouble() < regionShare) {
            tracking.add(region(r.nextInt(REGIONS.size())));
        }
        if (r.nextDouble() < departmentShare) {
            tracking.add(department(r.nextInt(DEPARTMENTS.size())));
        }
        return tracking;
    }

    /** The item a line with that account and description sells or buys, if there is one. */
    ItemRef itemFor(String accountCode, String description) {
        return itemsByLine.get(accountCode + "|" + description);
    }

    List<User> users() {
        return userRefs;
    }

    String standardThemeId() {
        return standardThemeId;
    }

    /** Mostly the standard theme, sometimes the special-projects one. */
    String themeFor(SplittableRandom r) {
        return r.nextDouble() < 0.85 ? standardThemeId : specialThemeId;
    }

    /** The active groups a contact belongs to, in name order. */
    List<Group> groupsOf(long contactIndex, ContactFactory.Facts facts) {
        List<Group> groups = new ArrayList<>(1);
        for (int g = 0; g < GROUPS.size(); g++) {
            if (member(g, contactIndex, facts)) {
                groups.add(new Group(groupId(g), GROUPS.get(g).name()));
            }
        }
        return groups;
    }

    /** Whether a contact is in group {@code g} of {@link #GROUPS} (deleted groups have nobody). */
    boolean member(int g, long contactIndex, ContactFactory.Facts facts) {
        GroupTemplate t = GROUPS.get(g);
        if (!t.active() || !((t.customers() && facts.customer()) || (t.suppliers() && facts.supplier()))) {
            return false;
        }
        return ids.random(organisation, SeededIds.CONTACT_GROUP, g, contactIndex).nextDouble() < t.share();
    }

    /** The position in {@link #GROUPS} of a group id, or -1. */
    int groupOrdinal(String groupId) {
        for (int g = 0; g < GROUPS.size(); g++) {
            if (groupId(g).equalsIgnoreCase(groupId)) {
                return g;
            }
        }
        return -1;
    }

    // ---- the collections

    private void brandingThemes(long organisationCreated) {
        String[] names = {"Standard", "Special Projects", "Very orange invoice!"};
        for (int i = 0; i < names.length; i++) {
            String id = ids.uuid(organisation, SeededIds.BRANDING_THEME, i).toString();
            long created = organisationCreated + (i == 0 ? 0 : (20L + 35L * i) * XeroFormat.DAY_MILLIS);
            ObjectNode t = json.objectNode();
            t.put("BrandingThemeID", id);
            t.put("Name", names[i]);
            if (i == 1) {
                t.put("LogoUrl", "https://in.xero.com/logo?id=" + ids.uuid(organisation, SeededIds.BRANDING_THEME, 100 + i));
            }
            t.put("Type", "INVOICE");
            t.put("SortOrder", i);
            t.put("CreatedDateUTC", XeroFormat.msDate(created));
            brandingThemes.add(new JsonRecord(i, id, created, false, t));
        }
    }

    private void currencies() {
        List<Country> all = new ArrayList<>(List.of(country));
        all.addAll(Country.FOREIGN);
        all.sort(Comparator.comparing(c -> c.currency));
        for (Country c : all) {
            ObjectNode node = json.objectNode();
            node.put("Code", c.currency);
            node.put("Description", c.currencyName());
            currencies.add(new JsonRecord(currencies.size(), c.currency, setupStart, false, node));
        }
    }

    private void items() {
        Timeline setup = new Timeline(ids, organisation, SeededIds.ITEM, ITEMS.size(), setupStart, history.start());
        for (int i = 0; i < ITEMS.size(); i++) {
            ItemTemplate t = ITEMS.get(i);
            SplittableRandom r = ids.random(organisation, SeededIds.ITEM, i);
            String id = ids.uuid(organisation, SeededIds.ITEM, i).toString();
            BigDecimal price = BigDecimal.valueOf(Math.round(t.priceCents() * (0.9 + r.nextDouble() * 0.2)), 2);
            if (price.compareTo(BigDecimal.valueOf(100)) > 0) {
                price = price.setScale(0, RoundingMode.HALF_UP).setScale(2, RoundingMode.UNNECESSARY);
            }
            BigDecimal cost = XeroFormat.money(price.multiply(BigDecimal.valueOf(0.55 + r.nextDouble() * 0.15)));
            long updated = setup.stamp(i);
            ObjectNode item = json.objectNode();
            item.put("ItemID", id);
            item.put("Code", t.code());
            if (t.sold()) {
                item.put("Description", t.salesLine());
            }
            if (t.purchased()) {
                item.put("PurchaseDescription", t.purchaseLine());
            }
            item.put("UpdatedDateUTC", XeroFormat.msDate(updated));
            ObjectNode purchase = item.putObject("PurchaseDetails");
            if (t.purchased()) {
                purchase.put("UnitPrice", t.sold() ? cost : price);
                purchase.put(t.tracked() ? "COGSAccountCode" : "AccountCode", t.purchaseAccount());
                purchase.put("TaxType", country.taxType(TaxClass.PURCHASES));
            }
            ObjectNode sales = item.putObject("SalesDetails");
            if (t.sold()) {
                sales.put("UnitPrice", price);
                sales.put("AccountCode", t.salesAccount());
                sales.put("TaxType", country.taxType(TaxClass.SALES));
            }
            item.put("Name", t.name());
            item.put("IsTrackedAsInventory", t.tracked());
            if (t.tracked()) {
                BigDecimal onHand = BigDecimal.valueOf(10 + r.nextInt(240)).setScale(4, RoundingMode.UNNECESSARY);
                item.put("InventoryAssetAccountCode", "630");
                item.put("TotalCostPool", XeroFormat.money(onHand.multiply(cost)));
                item.put("QuantityOnHand", onHand);
            }
            item.put("IsSold", t.sold());
            item.put("IsPurchased", t.purchased());
            items.add(new JsonRecord(i, id, updated, false, item));
            ItemRef ref = new ItemRef(t.code(), id, t.name());
            if (t.sold()) {
                itemsByLine.put(t.salesAccount() + "|" + t.salesLine(), ref);
            }
            if (t.purchased() && !t.tracked()) {
                itemsByLine.put(t.purchaseAccount() + "|" + t.purchaseLine(), ref);
            }
        }
    }

    /** Xero's AU and NZ GST rates: every TaxType the chart and documents use, plus a compound and a deleted custom rate. */
    private void taxRates() {
        List<ObjectNode> rates = new ArrayList<>();
        if (country == Country.AU) {
            rates.add(taxRate("GST on Income", "OUTPUT", "OUTPUT", "ACTIVE", "10", "AERL", gst("10")));
            rates.add(taxRate("GST on Expenses", "INPUT", "INPUT", "ACTIVE", "10", "AELX", gst("10")));
            rates.add(taxRate("GST Free Income", "EXEMPTOUTPUT", "EXEMPTOUTPUT", "ACTIVE", "0", "AERL", gst("0")));
            rates.add(taxRate("GST Free Expenses", "EXEMPTEXPENSES", "EXEMPTEXPENSES", "ACTIVE", "0", "AELX", gst("0")));
            rates.add(taxRate("GST Free Exports", "EXEMPTEXPORT", "EXEMPTEXPORT", "ACTIVE", "0", "AR", gst("0")));
            rates.add(taxRate("GST on Capital", "CAPEXINPUT", "CAPITALEXINPUT", "ACTIVE", "10", "A", gst("10")));
            rates.add(taxRate("GST Free Capital", "EXEMPTCAPITAL", "EXEMPTCAPITAL", "ACTIVE", "0", "A", gst("0")));
            rates.add(taxRate("Input Taxed", "INPUTTAXED", "INPUTTAXED", "ACTIVE", "0", "AELRX", gst("0")));
            rates.add(taxRate("BAS Excluded", "BASEXCLUDED", "BASEXCLUDED", "ACTIVE", "0", "AELRX", gst("0")));
            rates.add(taxRate("GST on Imports", "GSTONIMPORTS", "GSTONIMPORTS", "ACTIVE", "0", "L", gst("0")));
            rates.add(taxRate("GST on Capital Imports", "GSTONCAPIMPORTS", "GSTONCAPIMPORTS", "ACTIVE", "0", "L", gst("0")));
            // Wine Equalisation Tax: 29% on the wholesale value, GST compounding on top (1.29 × 1.1 = 41.9% in all)
            rates.add(taxRate("Wine Equalisation Tax", "TAX001", "OUTPUT", "ACTIVE", "41.9", "R",
                    List.of(component("WET", "29", false), component("GST", "10", true))));
            rates.add(taxRate("Luxury Car Tax (old)", "TAX002", "OUTPUT", "DELETED", "33", "R",
                    List.of(component("LCT", "33", false))));
        } else {
            rates.add(taxRate("15% GST on Income", "OUTPUT2", "OUTPUT", "ACTIVE", "15", "AELR", gst("15")));
            rates.add(taxRate("15% GST on Expenses", "INPUT2", "INPUT", "ACTIVE", "15", "AELX", gst("15")));
            rates.add(taxRate("GST on Imports", "GSTONIMPORTS", "GSTONIMPORTS", "ACTIVE", "0", "L", gst("0")));
            rates.add(taxRate("No GST", "NONE", "NONE", "ACTIVE", "0", "AELRX", gst("0")));
            rates.add(taxRate("Zero Rated", "ZERORATED", "OUTPUT", "ACTIVE", "0", "LR", gst("0")));
            rates.add(taxRate("Exempt Income", "EXEMPTOUTPUT", "EXEMPTOUTPUT", "ACTIVE", "0", "R", gst("0")));
            rates.add(taxRate("Exempt Expenses", "EXEMPTINPUT", "EXEMPTINPUT", "ACTIVE", "0", "AELX", gst("0")));
            rates.add(taxRate("12.5% GST on Income (pre Oct 2010)", "TAX001", "OUTPUT", "DELETED", "12.5", "AELR", gst("12.5")));
        }
        rates.sort(Comparator.comparing(n -> n.get("Name").asText()));
        for (ObjectNode rate : rates) {
            taxRates.add(new JsonRecord(taxRates.size(), rate.get("TaxType").asText(), setupStart, false, rate));
        }
    }

    private List<ObjectNode> gst(String rate) {
        return List.of(component("GST", rate, false));
    }

    private ObjectNode component(String name, String rate, boolean compound) {
        ObjectNode c = json.objectNode();
        c.put("Name", name);
        c.put("Rate", new BigDecimal(rate).setScale(4, RoundingMode.UNNECESSARY));
        c.put("IsCompound", compound);
        c.put("IsNonRecoverable", false);
        return c;
    }

    /** @param appliesTo the account classes it may be used on: Assets, Equity, Liabilities, Revenue, eXpenses */
    private ObjectNode taxRate(String name, String taxType, String reportTaxType, String status, String effective,
                               String appliesTo, List<ObjectNode> components) {
        ObjectNode t = json.objectNode();
        t.put("Name", name);
        t.put("TaxType", taxType);
        t.put("ReportTaxType", reportTaxType);
        t.put("CanApplyToAssets", appliesTo.contains("A"));
        t.put("CanApplyToEquity", appliesTo.contains("E"));
        t.put("CanApplyToExpenses", appliesTo.contains("X"));
        t.put("CanApplyToLiabilities", appliesTo.contains("L"));
        t.put("CanApplyToRevenue", appliesTo.contains("R"));
        BigDecimal rate = new BigDecimal(effective).setScale(4, RoundingMode.UNNECESSARY);
        t.put("DisplayTaxRate", rate);
        t.put("EffectiveRate", rate);
        t.put("Status", status);
        ArrayNode list = t.putArray("TaxComponents");
        components.forEach(list::add);
        return t;
    }

    /** Region and Department are active (Xero allows two), Project was archived; each active one has an archived option. */
    private void trackingCategories() {
        List<JsonRecord> categories = new ArrayList<>();
        categories.add(category(REGION_BASE, "Region", "ACTIVE", List.of("North", "South", "East", "West", "Central"), 4));
        categories.add(category(DEPARTMENT_BASE, "Department", "ACTIVE", List.of("Sales", "Operations", "Administration", "Marketing", "Research"), 4));
        categories.add(category(PROJECT_BASE, "Project", "ARCHIVED", PROJECTS, -1));
        categories.sort(Comparator.comparing(c -> c.body().get("Name").asText()));
        for (JsonRecord c : categories) {
            trackingCategories.add(new JsonRecord(trackingCategories.size(), c.id(), setupStart, c.hidden(), c.body()));
        }
    }

    private JsonRecord category(int base, String name, String status, List<String> options, int archivedOption) {
        String id = ids.uuid(organisation, SeededIds.TRACKING, base).toString();
        ObjectNode c = json.objectNode();
        c.put("Name", name);
        c.put("Status", status);
        c.put("TrackingCategoryID", id);
        ArrayNode list = c.putArray("Options");
        for (int o = 0; o < options.size(); o++) {
            ObjectNode option = list.addObject();
            option.put("TrackingOptionID", ids.uuid(organisation, SeededIds.TRACKING, base + 1 + o).toString());
            option.put("Name", options.get(o));
            option.put("Status", o == archivedOption ? "ARCHIVED" : "ACTIVE");
        }
        return new JsonRecord(0, id, setupStart, "ARCHIVED".equals(status), c);
    }

    private Tracking tracking(int base, String name, int option, String optionName) {
        return new Tracking(ids.uuid(organisation, SeededIds.TRACKING, base).toString(), name,
                ids.uuid(organisation, SeededIds.TRACKING, base + 1 + option).toString(), optionName);
    }

    /** The subscriber (an adviser) and four staff with narrower roles. */
    private void buildUsers() {
        String[] roles = {"FINANCIALADVISER", "STANDARD", "STANDARD", "INVOICEONLY", "READONLY"};
        Timeline setup = new Timeline(ids, organisation, SeededIds.USER, roles.length, setupStart, history.start());
        for (int i = 0; i < roles.length; i++) {
            SplittableRandom r = ids.random(organisation, SeededIds.USER, i);
            String id = ids.uuid(organisation, SeededIds.USER, i).toString();
            String first = pick(r, NameBook.FIRST_NAMES);
            String last = pick(r, NameBook.LAST_NAMES);
            String email = NameBook.emailLocalPart(first, last) + "@demo-company-" + (organisation + 1) + ".example";
            long updated = setup.stamp(i);
            ObjectNode u = json.objectNode();
            u.put("UserID", id);
            u.put("EmailAddress", email);
            u.put("FirstName", first);
            u.put("LastName", last);
            u.put("UpdatedDateUTC", XeroFormat.msDate(updated));
            u.put("IsSubscriber", i == 0);
            u.put("OrganisationRole", roles[i]);
            users.add(new JsonRecord(i, id, updated, false, u));
            userRefs.add(new User(id, first, last, email, updated));
        }
    }

    /** In name order; members are left to the single-group GET, as at Xero. */
    private void contactGroups() {
        List<Integer> order = new ArrayList<>();
        for (int g = 0; g < GROUPS.size(); g++) {
            order.add(g);
        }
        order.sort(Comparator.comparing(g -> GROUPS.get(g).name().toLowerCase(Locale.ROOT)));
        for (int g : order) {
            GroupTemplate t = GROUPS.get(g);
            ObjectNode node = json.objectNode();
            node.put("ContactGroupID", groupId(g));
            node.put("Name", t.name());
            node.put("Status", t.active() ? "ACTIVE" : "DELETED");
            node.putArray("Contacts");
            contactGroups.add(new JsonRecord(contactGroups.size(), groupId(g), setupStart, false, node));
        }
    }

    private String groupId(int g) {
        return ids.uuid(organisation, SeededIds.CONTACT_GROUP, g).toString();
    }
}
