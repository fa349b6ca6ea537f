package com.xerosync.sandbox.endpoints;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The accounting (and AU payroll) endpoints the sandbox serves, with what Xero's API reference
 * (developer.xero.com/documentation/api/accounting) says of each: the response key (the path name except for Organisation and InvoiceReminders), paging,
 * If-Modified-Since, ordering, the filter that shows hidden records, whether a single record can
 * be fetched by id, and the scopes that grant it. Callers may name an endpoint by path or key
 * (the payroll ones also as PayrollEmployees and PayrollLeaveApplications: the accounting API's
 * own Employees endpoint was removed in April 2026, so "Employees" names only payroll's).
 */
public enum ApiCollection {
    ORGANISATION("Organisation", "Organisations", "OrganisationID", Paging.NONE, false, null, false, Order.IGNORED, settings()),
    ACCOUNTS("Accounts", "Accounts", "AccountID", Paging.NONE, true, null, true, Order.UPDATED, settings()),
    BRANDING_THEMES("BrandingThemes", "BrandingThemes", "BrandingThemeID", Paging.NONE, false, null, true, Order.IGNORED, settings()),
    CURRENCIES("Currencies", "Currencies", "Code", Paging.NONE, false, null, false, Order.by("Code"), settings()),
    ITEMS("Items", "Items", "ItemID", Paging.NONE, true, null, true, Order.UPDATED, settings("accounting.invoices")),
    INVOICE_REMINDERS("InvoiceReminders/Settings", "InvoiceReminders", null, Paging.NONE, false, null, false, Order.IGNORED, settings()),
    TAX_RATES("TaxRates", "TaxRates", "TaxType", Paging.NONE, false, null, true, Order.by("Name"), settings()),
    TRACKING_CATEGORIES("TrackingCategories", "TrackingCategories", "TrackingCategoryID", Paging.NONE, false,
            "includeArchived", true, Order.by("Name"), settings()),
    USERS("Users", "Users", "UserID", Paging.NONE, true, null, true, Order.UPDATED, settings()),
    CONTACTS("Contacts", "Contacts", "ContactID", Paging.PAGE_SIZE, true, "includeArchived", true, Order.UPDATED,
            List.of("accounting.contacts")),
    CONTACT_GROUPS("ContactGroups", "ContactGroups", "ContactGroupID", Paging.NONE, false, null, true, Order.by("Name"),
            List.of("accounting.contacts")),
    BANK_TRANSACTIONS("BankTransactions", "BankTransactions", "BankTransactionID", Paging.PAGE_SIZE, true, null, true,
            Order.UPDATED, transactions("accounting.banktransactions")),
    BANK_TRANSFERS("BankTransfers", "BankTransfers", "BankTransferID", Paging.NONE, true, "includeDeleted", true,
            Order.by("CreatedDateUTC", "UpdatedDateUTC"), transactions("accounting.banktransactions")),
    BATCH_PAYMENTS("BatchPayments", "BatchPayments", "BatchPaymentID", Paging.NONE, true, null, true, Order.UPDATED,
            transactions("accounting.payments")),
    CREDIT_NOTES("CreditNotes", "CreditNotes", "CreditNoteID", Paging.PAGE_SIZE, true, null, true, Order.UPDATED,
            transactions("accounting.invoices")),
    EXPENSE_CLAIMS("ExpenseClaims", "ExpenseClaims", "ExpenseClaimID", Paging.NONE, true, null, true, Order.UPDATED,
            transactions("accounting.classicexpenses")),
    INVOICES("Invoices", "Invoices", "InvoiceID", Paging.PAGE_SIZE, true, null, true, Order.UPDATED,
            transactions("accounting.invoices")),
    LINKED_TRANSACTIONS("LinkedTransactions", "LinkedTransactions", "LinkedTransactionID", Paging.PAGE, false, null, true,
            Order.IGNORED, transactions("accounting.invoices")),
    MANUAL_JOURNALS("ManualJournals", "ManualJournals", "ManualJournalID", Paging.PAGE_SIZE, true, null, true, Order.UPDATED,
            transactions("accounting.manualjournals")),
    OVERPAYMENTS("Overpayments", "Overpayments", "OverpaymentID", Paging.PAGE_SIZE, true, null, true, Order.UPDATED,
            transactions("accounting.payments")),
    PAYMENTS("Payments", "Payments", "PaymentID", Paging.PAGE_SIZE, true, null, true, Order.UPDATED,
            transactions("accounting.payments")),
    PREPAYMENTS("Prepayments", "Prepayments", "PrepaymentID", Paging.PAGE_SIZE, true, null, true, Order.UPDATED,
            transactions("accounting.payments")),
    PURCHASE_ORDERS("PurchaseOrders", "PurchaseOrders", "PurchaseOrderID", Paging.PAGE_SIZE, true, null, true, Order.UPDATED,
            transactions("accounting.invoices")),
    QUOTES("Quotes", "Quotes", "QuoteID", Paging.PAGE, true, null, true, Order.UPDATED, transactions("accounting.invoices")),
    RECEIPTS("Receipts", "Receipts", "ReceiptID", Paging.NONE, true, null, true, Order.UPDATED,
            transactions("accounting.classicexpenses")),
    REPEATING_INVOICES("RepeatingInvoices", "RepeatingInvoices", "RepeatingInvoiceID", Paging.NONE, false, null, true,
            Order.NONE, transactions("accounting.invoices")),
    JOURNALS("Journals", "Journals", "JournalID", Paging.OFFSET, true, null, true, Order.IGNORED,
            List.of("accounting.journals.read")),
    BUDGETS("Budgets", "Budgets", "BudgetID", Paging.NONE, false, null, true, Order.IGNORED, List.of("accounting.budgets.read")),
    /** Published reports (GET /Reports, /Reports/{ReportID}); the other reports' scopes are {@link ReportKind}'s. */
    REPORTS("Reports", "Reports", "ReportID", Paging.NONE, false, null, true, Order.IGNORED,
            List.of("accounting.reports.read", "accounting.reports.taxreports.read")),
    PAYROLL_EMPLOYEES(Api.PAYROLL_AU, "Employees", "Employees", "EmployeeID", Paging.PAGE, true, true, Order.UPDATED,
            List.of("payroll.employees"), "PayrollEmployees"),
    PAYROLL_LEAVE_APPLICATIONS(Api.PAYROLL_AU, "LeaveApplications", "LeaveApplications", "LeaveApplicationID", Paging.PAGE, true,
            true, Order.UPDATED, List.of("payroll.employees"), "PayrollLeaveApplications");

    /**
     * How the endpoint pages, per Xero's API reference: none, {@code page} only (100 a page), {@code page} and
     * {@code pageSize}, or Journals' {@code offset} (JournalNumber greater than it, 100 a call).
     */
    public enum Paging { NONE, PAGE, PAGE_SIZE, OFFSET }

    /** Which API an endpoint belongs to, by its base path. */
    public enum Api {
        ACCOUNTING("/api.xro/2.0/"),
        PAYROLL_AU("/payroll.xro/1.0/");

        public final String prefix;

        Api(String prefix) {
            this.prefix = prefix;
        }
    }

    /**
     * The {@code order} a list GET accepts: fields the listing can be sorted by (the first is the
     * default), none at all (any order answers 400), or none that is looked at (ignored, as the
     * endpoints without {@code order} in the spec do).
     */
    public record Order(List<String> fields, boolean ignored) {
        static final Order UPDATED = new Order(List.of("UpdatedDateUTC"), false);
        static final Order NONE = new Order(List.of(), false);
        static final Order IGNORED = new Order(List.of(), true);

        static Order by(String... fields) {
            return new Order(List.of(fields), false);
        }
    }

    public final String path;
    public final String key;
    public final String idField;
    public final Paging paging;
    public final boolean ifModifiedSince;
    /** The query parameter that shows hidden records ({@code includeArchived}, {@code includeDeleted}), if any. */
    public final String showHidden;
    public final boolean single;
    public final Order order;
    /** The broad scope first, then its 2026 granular equivalents; each also grants with its {@code .read} variant. */
    public final List<String> scopes;
    public final Api api;
    /** Another name callers may use for it ("PayrollEmployees"), or null. */
    final String alias;

    ApiCollection(String path, String key, String idField, Paging paging, boolean ifModifiedSince, String showHidden,
                  boolean single, Order order, List<String> scopes) {
        this(Api.ACCOUNTING, path, key, idField, paging, ifModifiedSince, showHidden, single, order, scopes, null);
    }

    ApiCollection(Api api, String path, String key, String idField, Paging paging, boolean ifModifiedSince, boolean single,
                  Order order, List<String> scopes, String alias) {
        this(api, path, key, idField, paging, ifModifiedSince, null, single, order, scopes, alias);
    }

    ApiCollection(Api api, String path, String key, String idField, Paging paging, boolean ifModifiedSince, String showHidden,
                  boolean single, Order order, List<String> scopes, String alias) {
        this.api = api;
        this.alias = alias;
        this.path = path;
        this.key = key;
        this.idField = idField;
        this.paging = paging;
        this.ifModifiedSince = ifModifiedSince;
        this.showHidden = showHidden;
        this.single = single;
        this.order = order;
        this.scopes = scopes;
    }

    private static List<String> settings(String... granular) {
        return concat("accounting.settings", granular);
    }

    private static List<String> transactions(String... granular) {
        return concat("accounting.transactions", granular);
    }

    private static List<String> concat(String broad, String... granular) {
        return Stream.concat(Stream.of(broad), Arrays.stream(granular)).toList();
    }

    /** The path segment the endpoint is named by ("InvoiceReminders" for InvoiceReminders/Settings). */
    public String pathName() {
        int slash = path.indexOf('/');
        return slash < 0 ? path : path.substring(0, slash);
    }

    public String broadScope() {
        return scopes.get(0);
    }

    /** Whether a token with {@code granted} may read this endpoint: any of its scopes, read-write or {@code .read}. */
    public boolean grantedBy(Set<String> granted) {
        return grantedBy(scopes, granted);
    }

    public static boolean grantedBy(List<String> scopes, Set<String> granted) {
        for (String scope : scopes) {
            if (granted.contains(scope) || granted.contains(scope + ".read")) {
                return true;
            }
        }
        return false;
    }

    /** Each scope and, unless it is one already, its {@code .read} variant. */
    public static List<String> withReadVariants(List<String> scopes) {
        return scopes.stream().flatMap(s -> s.endsWith(".read") ? Stream.of(s) : Stream.of(s, s + ".read")).toList();
    }

    /** Xero's paths are case-insensitive, so are these names. */
    public static Optional<ApiCollection> find(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (ApiCollection c : values()) {
            if (c.path.toLowerCase(Locale.ROOT).equals(wanted) || c.key.toLowerCase(Locale.ROOT).equals(wanted)
                    || c.pathName().toLowerCase(Locale.ROOT).equals(wanted)
                    || (c.alias != null && c.alias.toLowerCase(Locale.ROOT).equals(wanted))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    public static ApiCollection of(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "Unknown collection '" + name + "': use one of " + Arrays.stream(values()).map(c -> c.key).toList()
                        + " or a declared one " + DeclaredApis.ALL.stream().flatMap(a -> a.collections().stream())
                        .map(DeclaredApis.Collection::name).toList()));
    }

    /**
     * The one name a collection is counted, faulted and answered for under, however it was named: this enum's
     * constant name, or a {@link DeclaredApis declared} collection's name; empty when no collection has that name.
     */
    public static Optional<String> canonicalName(String name) {
        return find(name).map(ApiCollection::name).or(() -> DeclaredApis.find(name).map(DeclaredApis.Collection::name));
    }

    public boolean paged() {
        return paging != Paging.NONE;
    }
}
