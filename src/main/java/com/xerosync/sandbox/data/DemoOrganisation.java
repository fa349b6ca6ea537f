package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.RecordSeries.Selection;
import com.xerosync.sandbox.endpoints.ApiCollection;
import com.xerosync.sandbox.endpoints.ReportKind;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;
import com.xerosync.sandbox.settings.SandboxSettings;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntToLongFunction;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static com.xerosync.sandbox.data.RandomText.code;
import static com.xerosync.sandbox.data.RandomText.digits;

/**
 * One tenant: a Demo Company with its organisation record and one series per collection. Small
 * collections (the chart, settings) are built once and kept; contacts, invoices and transactions
 * are rebuilt from their index whenever they are served.
 */
public final class DemoOrganisation {

    private final SeededIds ids;
    private final int index;
    private final String tenantId;
    private final String name;
    private final JsonNodeFactory json;
    private final ObjectNode organisation;
    private final ChartOfAccounts chart;
    private final SettingsCatalogue settings;
    private final ContactFactory contactFactory;
    private final InvoiceFactory invoiceFactory;
    private final RecordSeries<Contact> contacts;
    private final RecordSeries<Invoice> invoices;
    private final Map<ApiCollection, RecordSeries<? extends SandboxRecord>> series = new EnumMap<>(ApiCollection.class);
    private final SettingsChanges settingsChanges;
    private final InvoiceDocuments invoiceDocuments;
    private final TransactionChanges transactionChanges;
    private final GeneralLedger ledger;
    private final BudgetFactory budgets;
    private final ReportFactory reports;
    private final PayrollFactory payroll;
    private final Country country;
    private final HistoryWindow history;
    private long changeCalls;
    private volatile DeclaredRecords declared;

    public DemoOrganisation(SeededIds ids, int index, SandboxSettings sandboxSettings, HistoryWindow history, JsonNodeFactory json) {
        this.ids = ids;
        this.history = history;
        this.index = index;
        this.json = json;
        this.tenantId = ids.uuid(index, SeededIds.ORGANISATION, 0).toString();
        Country country = index % 2 == 0 ? Country.AU : Country.NZ;
        this.country = country;
        this.name = switch (index) {
            case 0 -> "Demo Company (AU)";
            case 1 -> "Demo Company (NZ)";
            default -> "Demo Company " + (index + 1);
        };
        long created = history.start() - 60 * XeroFormat.DAY_MILLIS + index * 3_600_000L;
        this.organisation = organisationJson(country, created);
        this.chart = new ChartOfAccounts(ids, index, country, history, json);
        this.settings = new SettingsCatalogue(ids, index, country, created, history, json);
        int contactCount = sandboxSettings.contactsOf(index);
        this.contactFactory = new ContactFactory(ids, index, country, contactCount, settings);
        this.invoiceFactory = new InvoiceFactory(ids, index, country, chart, settings, contactFactory, contactCount,
                sandboxSettings.invoicesOf(index));
        this.contacts = new RecordSeries<>(contactFactory.timeline(), contactFactory::generate,
                i -> contactFactory.facts(i).archived(),
                id -> ids.indexOf(index, SeededIds.CONTACT, id).isPresent() ? ids.indexOf(index, SeededIds.CONTACT, id)
                        : numbered(id, "C"));
        this.invoices = new RecordSeries<>(invoiceFactory.timeline(), invoiceFactory::generate,
                i -> false, id -> ids.indexOf(index, SeededIds.INVOICE, id));

        List<JsonRecord> accounts = new ArrayList<>();
        for (int i = 0; i < chart.accounts().size(); i++) {
            ObjectNode a = chart.accounts().get(i);
            accounts.add(new JsonRecord(i, a.get("AccountID").asText(), chart.updated(i), false, a));
        }
        series.put(ApiCollection.ACCOUNTS, fixed(accounts, r -> List.of(r.id())));
        series.put(ApiCollection.BRANDING_THEMES, fixed(settings.brandingThemes, r -> List.of(r.id())));
        series.put(ApiCollection.CURRENCIES, fixed(settings.currencies, r -> List.of(r.id())));
        series.put(ApiCollection.ITEMS, fixed(settings.items, r -> List.of(r.id(), r.text("Code"))));
        series.put(ApiCollection.INVOICE_REMINDERS, fixed(settings.invoiceReminders, r -> List.of()));
        series.put(ApiCollection.TAX_RATES, fixed(settings.taxRates, r -> List.of(r.id())));
        series.put(ApiCollection.TRACKING_CATEGORIES, fixed(settings.trackingCategories, r -> List.of(r.id())));
        series.put(ApiCollection.USERS, fixed(settings.users, r -> List.of(r.id())));
        series.put(ApiCollection.CONTACT_GROUPS, fixed(settings.contactGroups, r -> List.of(r.id())));
        series.put(ApiCollection.CONTACTS, contacts);
        series.put(ApiCollection.INVOICES, invoices);
        this.settingsChanges = new SettingsChanges(ids, index, country, json);

        Sizes sizes = Sizes.of(sandboxSettings.invoicesOf(index));
        DocumentLines documents = new DocumentLines(ids, index, country, chart, settings, contactFactory, contactCount);
        this.invoiceDocuments = new InvoiceDocuments(ids, index, country, chart, history, json);
        BankingFactory banking = new BankingFactory(ids, index, documents, sizes, json);
        PurchasingFactory purchasing = new PurchasingFactory(ids, index, documents, organisation, sizes, invoiceFactory::generate, json);
        ExpenseFactory expenses = new ExpenseFactory(ids, index, documents, sizes, json);
        series.put(ApiCollection.BANK_TRANSACTIONS, generated(banking.transactions, banking::bankTransaction, SeededIds.BANK_TRANSACTION));
        series.put(ApiCollection.BANK_TRANSFERS, new RecordSeries<>(banking.transfers, banking::bankTransfer,
                i -> banking.bankTransfer(i).hidden(), id -> ids.indexOf(index, SeededIds.BANK_TRANSFER, id)));
        series.put(ApiCollection.MANUAL_JOURNALS, generated(banking.journals, banking::manualJournal, SeededIds.MANUAL_JOURNAL));
        series.put(ApiCollection.QUOTES, generated(purchasing.quotes, purchasing::quote, SeededIds.QUOTE));
        series.put(ApiCollection.PURCHASE_ORDERS, new RecordSeries<>(purchasing.purchaseOrders, purchasing::purchaseOrder, i -> false,
                id -> ids.indexOf(index, SeededIds.PURCHASE_ORDER, id).isPresent() ? ids.indexOf(index, SeededIds.PURCHASE_ORDER, id)
                        : numbered(id, "PO-")));
        series.put(ApiCollection.REPEATING_INVOICES, generated(purchasing.repeatingInvoices, purchasing::repeatingInvoice,
                SeededIds.REPEATING_INVOICE));
        series.put(ApiCollection.LINKED_TRANSACTIONS, generated(purchasing.linkedTransactions, purchasing::linkedTransaction,
                SeededIds.LINKED_TRANSACTION));
        series.put(ApiCollection.EXPENSE_CLAIMS, generated(expenses.claims, expenses::claim, SeededIds.EXPENSE_CLAIM));
        series.put(ApiCollection.RECEIPTS, generated(expenses.receipts, expenses::receipt, SeededIds.RECEIPT));

        // payments and credits are the generated invoices' own, found through the ledger by position
        Timeline invoiceStamps = invoiceFactory.timeline();
        series.put(ApiCollection.PAYMENTS, new RecordSeries<>(Stamps.subset(invoiceStamps, () -> invoiceFactory.ledger().paying),
                this::generatedPayment, i -> false, this::paymentPosition));
        series.put(ApiCollection.CREDIT_NOTES, creditSeries(invoiceStamps, () -> invoiceFactory.ledger().creditNotes, SeededIds.CREDIT_NOTE));
        series.put(ApiCollection.PREPAYMENTS, creditSeries(invoiceStamps, () -> invoiceFactory.ledger().prepayments, SeededIds.PREPAYMENT));
        series.put(ApiCollection.OVERPAYMENTS, creditSeries(invoiceStamps, () -> invoiceFactory.ledger().overpayments, SeededIds.OVERPAYMENT));
        series.put(ApiCollection.BATCH_PAYMENTS, new RecordSeries<>(
                Stamps.lazy(() -> invoiceFactory.ledger().batches.stream().mapToLong(InvoiceLedger.Batch::stamp).toArray()),
                this::generatedBatch, i -> false, id -> ids.indexOf(index, SeededIds.BATCH_PAYMENT, id)));

        this.transactionChanges = new TransactionChanges(new TransactionChanges.Books(contacts, invoices,
                series(ApiCollection.PAYMENTS), series(ApiCollection.BATCH_PAYMENTS), series(ApiCollection.CREDIT_NOTES),
                series(ApiCollection.PREPAYMENTS), series(ApiCollection.OVERPAYMENTS), series(ApiCollection.BANK_TRANSACTIONS),
                series(ApiCollection.BANK_TRANSFERS), series(ApiCollection.MANUAL_JOURNALS), series(ApiCollection.PURCHASE_ORDERS),
                series(ApiCollection.QUOTES), series(ApiCollection.RECEIPTS), series(ApiCollection.EXPENSE_CLAIMS),
                invoiceFactory, invoiceDocuments, banking, purchasing, expenses, documents, settings, ids, index));

        Map<String, String> taxNames = new HashMap<>();
        settings.taxRates.forEach(t -> taxNames.putIfAbsent(t.text("TaxType"), t.text("Name")));
        this.ledger = new GeneralLedger(ids, index, chart, country, Map.copyOf(taxNames), history, json, invoiceFactory, invoiceDocuments,
                banking, expenses, new GeneralLedger.Sources(invoices, series(ApiCollection.PAYMENTS), series(ApiCollection.CREDIT_NOTES),
                series(ApiCollection.PREPAYMENTS), series(ApiCollection.OVERPAYMENTS), series(ApiCollection.BANK_TRANSACTIONS),
                series(ApiCollection.BANK_TRANSFERS), series(ApiCollection.MANUAL_JOURNALS), series(ApiCollection.EXPENSE_CLAIMS),
                series(ApiCollection.RECEIPTS)));
        int yearEndMonth = organisation.get("FinancialYearEndMonth").asInt();
        this.budgets = new BudgetFactory(ids, index, chart, settings, ledger, yearEndMonth, json);
        this.reports = new ReportFactory(ids, index, name, country, yearEndMonth, chart, ledger, budgets, this::invoicesOf, history, json);
        this.payroll = new PayrollFactory(ids, index, country, sandboxSettings.invoicesOf(index), history, json);
        series.put(ApiCollection.PAYROLL_EMPLOYEES, generated(payroll.employees, payroll::employee, SeededIds.PAYROLL_EMPLOYEE));
        series.put(ApiCollection.PAYROLL_LEAVE_APPLICATIONS, generated(payroll.leaveApplications, payroll::leaveApplication,
                SeededIds.LEAVE_APPLICATION));
    }

    /** A contact's invoices as they are now (generated ones found through the ledger's contact index), or empty without such a contact. */
    private Optional<List<Invoice>> invoicesOf(String contactId) {
        OptionalLong contact = contacts.indexOf(contactId);
        if (contact.isEmpty() || contacts.removed(contact.getAsLong())) {
            return Optional.empty();
        }
        List<Invoice> found = new ArrayList<>();
        int[] contactOf = invoiceFactory.ledger().contacts;
        for (int i = 0; i < contactOf.length; i++) {
            if (contactOf[i] == contact.getAsLong() && !invoices.removed(i)) {
                found.add(invoices.current(i));
            }
        }
        String id = contacts.current(contact.getAsLong()).id;
        for (long i = invoices.generatedCount(); i < invoices.size(); i++) {
            Invoice invoice = invoices.current(i);
            if (invoice.contactId.equalsIgnoreCase(id)) {
                found.add(invoice);
            }
        }
        return Optional.of(found);
    }

    /** A series generated by index whose ids derive from the index. */
    private RecordSeries<JsonRecord> generated(Stamps stamps, LongFunction<JsonRecord> generator, int kind) {
        return new RecordSeries<>(stamps, generator, i -> false, id -> ids.indexOf(index, kind, id));
    }

    private JsonRecord generatedPayment(long position) {
        Invoice invoice = invoiceFactory.generate(invoiceFactory.ledger().paying[(int) position]);
        Invoice.Payment payment = invoice.payments.get(0);
        return invoiceDocuments.payment(position, invoice, payment, "AUTHORISED", invoice.updated,
                invoiceDocuments.reconciledAtGeneration(invoice, payment));
    }

    /** A generated payment's id encodes its invoice (index << 20, first revision, first payment). */
    private OptionalLong paymentPosition(String id) {
        OptionalLong key = ids.indexOf(index, SeededIds.PAYMENT, id);
        if (key.isEmpty() || (key.getAsLong() & 0xFFFFF) != 0) {
            return OptionalLong.empty();
        }
        int at = InvoiceLedger.position(invoiceFactory.ledger().paying, key.getAsLong() >>> 20);
        return at < 0 ? OptionalLong.empty() : OptionalLong.of(at);
    }

    private RecordSeries<JsonRecord> creditSeries(Timeline invoiceStamps, Supplier<int[]> linked, int kind) {
        return new RecordSeries<>(Stamps.subset(invoiceStamps, linked), position -> {
            Invoice invoice = invoiceFactory.generate(linked.get()[(int) position]);
            return invoiceDocuments.credit(position, invoice, invoice.credits.get(0), invoice.brandingThemeId, invoice.updated);
        }, i -> false, id -> {
            OptionalLong key = ids.indexOf(index, kind, id);
            int at = key.isEmpty() ? -1 : InvoiceLedger.position(linked.get(), key.getAsLong());
            return at < 0 ? OptionalLong.empty() : OptionalLong.of(at);
        });
    }

    private JsonRecord generatedBatch(long position) {
        InvoiceLedger.Batch batch = invoiceFactory.ledger().batches.get((int) position);
        List<InvoiceDocuments.Paid> paid = new ArrayList<>();
        for (int invoiceIndex : batch.invoices()) {
            Invoice invoice = invoiceFactory.generate(invoiceIndex);
            paid.add(new InvoiceDocuments.Paid(invoice, invoice.payments.get(0)));
        }
        boolean reconciled = ids.random(index, SeededIds.BATCH_PAYMENT, position, 1).nextDouble()
                < (history.end() - batch.stamp() > 45 * XeroFormat.DAY_MILLIS ? 0.9 : 0.3);
        return invoiceDocuments.batch(position, batch.id(), "ACCPAY".equals(batch.type()) ? "PAYBATCH" : "RECBATCH",
                batch.date(), paid, "AUTHORISED", batch.stamp(), reconciled);
    }

    public String tenantId() {
        return tenantId;
    }

    public String name() {
        return name;
    }

    /** Callers must copy before changing it. */
    ObjectNode organisation() {
        return organisation;
    }

    public GeneralLedger ledger() {
        return ledger;
    }

    /**
     * The records of the declared APIs (Projects…), made up the first time they are asked for; their {@code ref}
     * fields pick among this organisation's records of the accounting collection they name.
     */
    public DeclaredRecords declared() {
        DeclaredRecords made = declared;
        if (made == null) {
            synchronized (this) {
                if (declared == null) {
                    declared = new DeclaredRecords(ids, index, organisation, history, json, name -> {
                        ApiCollection collection = ApiCollection.of(name);
                        return records(collection).map(r -> r.path(collection.idField).asText()).toList();
                    });
                }
                made = declared;
            }
        }
        return made;
    }

    public BudgetFactory budgets() {
        return budgets;
    }

    /** Whether AU Payroll serves this organisation (it is Australian). */
    public boolean hasAuPayroll() {
        return country == Country.AU;
    }

    /**
     * The Reports array of {@code GET /Reports[/<sub>]}; empty when {@code sub} names no report.
     *
     * @throws IllegalArgumentException for parameters Xero would refuse
     */
    public Optional<List<ObjectNode>> reports(String sub, Map<String, String> query, long now) {
        return reports.reports(sub, query, now);
    }

    @SuppressWarnings("unchecked")
    private <M extends SandboxRecord> RecordSeries<M> series(ApiCollection collection) {
        RecordSeries<? extends SandboxRecord> s = series.get(collection);
        if (s == null) {
            throw new IllegalArgumentException(collection.path + " is not a list of records");
        }
        return (RecordSeries<M>) s;
    }

    // ---- serving

    /** How many records a list GET with {@code selection} has: the pagination's itemCount. */
    public long count(ApiCollection collection, Selection selection) {
        if (collection == ApiCollection.ORGANISATION) {
            return 1;
        }
        return series(collection).count(selection);
    }

    /** A list GET's records in order; fresh trees. */
    public Stream<ObjectNode> list(ApiCollection collection, Selection selection, long skip, long limit, boolean detailed) {
        if (collection == ApiCollection.ORGANISATION) {
            return Stream.of(organisation.deepCopy()).skip(skip).limit(limit);
        }
        Stream<ObjectNode> records = series(collection).select(selection, skip, limit).map(r -> r.toJson(json, detailed));
        if (collection == ApiCollection.TRACKING_CATEGORIES && !selection.includeHidden()) {
            records = records.map(DemoOrganisation::withoutArchivedOptions);
        }
        return records;
    }

    /** A record as a single-record GET returns it; a fresh tree. */
    public Optional<ObjectNode> find(ApiCollection collection, String id) {
        switch (collection) {
            case JOURNALS -> {
                return ledger.find(GeneralLedger.Basis.ACCRUAL, id);
            }
            case BUDGETS -> {
                return budgets.find(id, null, null);
            }
            case REPORTS -> {
                // published returns only: the other reports are computed for a query (XeroSandbox#report)
                if (id == null || id.isBlank() || ReportKind.of(id).isPresent()) {
                    return Optional.empty();
                }
                return reports.reports(id, Map.of(), history.todayStart()).map(r -> r.get(0));
            }
            default -> {
            }
        }
        if (collection == ApiCollection.ORGANISATION) {
            return Optional.of(organisation.deepCopy()).filter(o -> tenantId.equalsIgnoreCase(id));
        }
        Optional<ObjectNode> found = series(collection).find(id).map(r -> r.toJson(json, true));
        if (collection == ApiCollection.CONTACT_GROUPS) {
            found = found.map(this::withMembers);
        }
        return found;
    }

    /**
     * Every record as the detailed listing serves it (line items included), in its default order,
     * hidden ones included; fresh trees.
     */
    public Stream<ObjectNode> records(ApiCollection collection) {
        return switch (collection) {
            case JOURNALS -> ledger.all(GeneralLedger.Basis.ACCRUAL);
            case BUDGETS -> budgets.list(Set.of()).stream();
            case REPORTS -> reports.reports(null, Map.of(), history.todayStart()).orElseThrow().stream();
            default -> list(collection, Selection.ALL, 0, Long.MAX_VALUE, true);
        };
    }

    /** A contact group's members, in contact order: the single-group GET shows them, the list does not. */
    private ObjectNode withMembers(ObjectNode group) {
        int g = settings.groupOrdinal(group.get("ContactGroupID").asText());
        ArrayNode members = group.putArray("Contacts");
        long size = contacts.size();
        for (long i = 0; i < size && g >= 0; i++) {
            if (!contacts.removed(i) && settings.member(g, i, contactFactory.facts(i))) {
                Contact contact = contacts.current(i);
                members.add(Documents.contactRef(json, contact.id, contact.name));
            }
        }
        return group;
    }

    private static ObjectNode withoutArchivedOptions(ObjectNode category) {
        JsonNode options = category.get("Options");
        if (options != null) {
            for (Iterator<JsonNode> it = options.elements(); it.hasNext(); ) {
                if ("ARCHIVED".equals(it.next().path("Status").asText())) {
                    it.remove();
                }
            }
        }
        return category;
    }

    // ---- changing

    /**
     * Changes {@code count} records, about one in ten a newly created one, stamped with
     * consecutive milliseconds from the sandbox clock. Which records change, and how, depends
     * only on the seed and on how many times this was called before for this organisation.
     */
    public synchronized List<String> applyChanges(ApiCollection collection, int count, IntToLongFunction clock) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (collection == ApiCollection.JOURNALS) {
            throw new IllegalArgumentException("Journals never change: they follow the documents (change Invoices, Payments, "
                    + "BankTransactions, … and new journals are posted)");
        }
        if (!collection.ifModifiedSince || collection == ApiCollection.ORGANISATION) {
            throw new IllegalArgumentException(collection.path + " has no If-Modified-Since, so the sandbox does not change it");
        }
        SplittableRandom r = ids.random(index, SeededIds.CHANGE, collection.ordinal(), changeCalls++);
        ChangeSet changes = new ChangeSet();
        // read under the lock: changes of one organisation then reach the overlays in timestamp order
        long first = clock.applyAsLong(count * TransactionChanges.stride(collection));
        List<String> changed = switch (collection) {
            case CONTACTS -> ChangeDriver.change(changes, contacts, count, 1, r, first, c -> true,
                    (i, now) -> contactFactory.create(i, now),
                    (contact, now) -> contactFactory.edit(contact, r, now));
            case INVOICES -> ChangeDriver.change(changes, invoices, count, 1, r, first, i -> true,
                    (i, now) -> invoiceFactory.create(i, now, contacts::current),
                    (invoice, now) -> {
                        Invoice after = invoiceFactory.edit(invoice, r, now);
                        transactionChanges.paymentsFollow(changes, invoice, after);
                        return after;
                    });
            case ACCOUNTS -> ChangeDriver.change(changes, series(collection), count, 1, r, first, a -> true,
                    (i, now) -> settingsChanges.newAccount(i, now, currentRecords(ApiCollection.ACCOUNTS)),
                    (account, now) -> settingsChanges.editAccount(account, r, now));
            case ITEMS -> ChangeDriver.change(changes, series(collection), count, 1, r, first, a -> true,
                    (i, now) -> settingsChanges.newItem(i, now, r),
                    (item, now) -> settingsChanges.editItem(item, r, now));
            case USERS -> ChangeDriver.change(changes, series(collection), count, 1, r, first, a -> true,
                    (i, now) -> settingsChanges.newUser(i, now, r),
                    (user, now) -> settingsChanges.editUser(user, r, now));
            case PAYROLL_EMPLOYEES -> ChangeDriver.change(changes, auPayroll(collection), count, 1, r, first, e -> true,
                    (i, now) -> payroll.newEmployee(i, now),
                    (employee, now) -> payroll.editEmployee(employee, r, now));
            case PAYROLL_LEAVE_APPLICATIONS -> {
                RecordSeries<JsonRecord> employees = auPayroll(ApiCollection.PAYROLL_EMPLOYEES);
                yield ChangeDriver.change(changes, auPayroll(collection), count, 1, r, first, l -> true,
                        (i, now) -> payroll.newLeaveApplication(i, now, r, e -> changes.current(employees, e), employees.size()),
                        (application, now) -> payroll.editLeaveApplication(application, r, now));
            }
            default -> transactionChanges.apply(collection, changes, count, r, first);
        };
        ledger.post(changes);
        changes.commit();
        return changed;
    }

    private RecordSeries<JsonRecord> auPayroll(ApiCollection collection) {
        if (!hasAuPayroll()) {
            throw new IllegalArgumentException(name + " is not an Australian organisation: AU Payroll does not serve it");
        }
        return series(collection);
    }

    /** A hard delete, as Xero's DELETE does for the collections whose records vanish. */
    public synchronized boolean deleteRecord(ApiCollection collection, String id) {
        switch (collection) {
            case ACCOUNTS, ITEMS, TRACKING_CATEGORIES, LINKED_TRANSACTIONS -> {
                RecordSeries<? extends SandboxRecord> s = series(collection);
                OptionalLong at = s.indexOf(id);
                return at.isPresent() && s.remove(at.getAsLong());
            }
            default -> throw new IllegalArgumentException("Xero does not delete " + collection.path
                    + " (they change status instead); only Accounts, Items, TrackingCategories and LinkedTransactions vanish");
        }
    }

    /** Deletes one option of a tracking category; the category keeps its place (TrackingCategories have no UpdatedDateUTC). */
    public synchronized boolean deleteTrackingOption(String categoryId, String optionId) {
        RecordSeries<JsonRecord> categories = series(ApiCollection.TRACKING_CATEGORIES);
        Optional<JsonRecord> category = categories.find(categoryId);
        if (category.isEmpty()) {
            return false;
        }
        ObjectNode body = category.get().body().deepCopy();
        boolean removed = false;
        for (Iterator<JsonNode> it = body.withArray("Options").elements(); it.hasNext(); ) {
            if (it.next().path("TrackingOptionID").asText().equalsIgnoreCase(optionId)) {
                it.remove();
                removed = true;
            }
        }
        if (removed) {
            categories.replaceInPlace(category.get().withBody(body));
        }
        return removed;
    }

    private List<JsonRecord> currentRecords(ApiCollection collection) {
        RecordSeries<JsonRecord> s = series(collection);
        return LongStream.range(0, s.size()).filter(i -> !s.removed(i)).mapToObj(s::current).toList();
    }

    /** A small collection built up front: records in their listing order, found by any of their keys (ids, codes). */
    private static RecordSeries<JsonRecord> fixed(List<JsonRecord> records, Function<JsonRecord, List<String>> keys) {
        long[] stamps = records.stream().mapToLong(JsonRecord::updated).toArray();
        Map<String, Long> byKey = new HashMap<>();
        for (JsonRecord record : records) {
            for (String key : keys.apply(record)) {
                byKey.putIfAbsent(key.toLowerCase(Locale.ROOT), record.index());
            }
        }
        return new RecordSeries<>(Stamps.of(stamps), i -> records.get((int) i), i -> records.get((int) i).hidden(),
                id -> {
                    Long at = id == null ? null : byKey.get(id.toLowerCase(Locale.ROOT));
                    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
                });
    }

    /** The index in a number like C00042 or PO-0042 (numbers count from 1). */
    static OptionalLong numbered(String id, String prefix) {
        if (id == null || id.length() <= prefix.length() || !id.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return OptionalLong.empty();
        }
        try {
            long n = Long.parseLong(id.substring(prefix.length()));
            return n >= 1 ? OptionalLong.of(n - 1) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private ObjectNode organisationJson(Country country, long created) {
        SplittableRandom r = ids.random(index, SeededIds.ORGANISATION, 1);
        boolean au = country == Country.AU;
        ObjectNode o = json.objectNode();
        o.put("APIKey", code(r, 30));
        o.put("Name", name);
        o.put("LegalName", name + " " + country.legalSuffix);
        o.put("PaysTax", true);
        o.put("Version", country.name());
        o.put("OrganisationType", "COMPANY");
        o.put("BaseCurrency", country.currency);
        o.put("CountryCode", country.name());
        o.put("IsDemoCompany", true);
        o.put("OrganisationStatus", "ACTIVE");
        o.put("RegistrationNumber", au ? "ACN " + digits(r, 3) + " " + digits(r, 3) + " " + digits(r, 3) : digits(r, 7));
        o.put("TaxNumber", au ? digits(r, 2) + " " + digits(r, 3) + " " + digits(r, 3) + " " + digits(r, 3)
                : digits(r, 3) + "-" + digits(r, 3) + "-" + digits(r, 3));
        o.put("FinancialYearEndDay", au ? 30 : 31);
        o.put("FinancialYearEndMonth", au ? 6 : 3);
        o.put("SalesTaxBasis", au ? "ACCRUALS" : "INVOICE");
        o.put("SalesTaxPeriod", au ? "QUARTERLY1" : "TWOMONTHS");
        o.put("DefaultSalesTax", "Tax Exclusive");
        o.put("DefaultPurchasesTax", "Tax Inclusive");
        // without an offset, as in Xero's example of GET /Organisation
        o.put("CreatedDateUTC", XeroFormat.msDateWithoutOffset(created));
        o.put("OrganisationEntityType", "COMPANY");
        o.put("Timezone", au ? "AUSEASTERNSTANDARDTIME" : "NEWZEALANDSTANDARDTIME");
        o.put("ShortCode", "!" + code(r, 5));
        o.put("OrganisationID", tenantId);
        o.put("Edition", "BUSINESS");
        o.put("Class", "DEMO");
        o.put("LineOfBusiness", au ? "Professional services" : "Wholesale trade");
        Country.Place place = country.places.get(0);
        ArrayNode addresses = o.putArray("Addresses");
        for (String type : List.of("POBOX", "STREET")) {
            ObjectNode a = addresses.addObject();
            a.put("AddressType", type);
            a.put("AddressLine1", (23 + index) + " Main Street");
            a.put("City", place.city());
            a.put("Region", place.region());
            a.put("PostalCode", place.postalCode());
            a.put("Country", country.countryName);
            a.put("AttentionTo", "Accounts");
        }
        ObjectNode phone = o.putArray("Phones").addObject();
        phone.put("PhoneType", "OFFICE");
        phone.put("PhoneNumber", digits(r, 4) + " " + digits(r, 4));
        phone.put("PhoneAreaCode", country.areaCodes.get(0));
        phone.put("PhoneCountryCode", country.phoneCountryCode);
        ObjectNode website = o.putArray("ExternalLinks").addObject();
        website.put("LinkType", "Website");
        website.put("Url", "https://demo-company-" + (index + 1) + ".example");
        ObjectNode terms = o.putObject("PaymentTerms");
        ObjectNode bills = terms.putObject("Bills");
        bills.put("Day", 20);
        bills.put("Type", "OFFOLLOWINGMONTH");
        ObjectNode sales = terms.putObject("Sales");
        sales.put("Day", 14);
        sales.put("Type", "DAYSAFTERBILLDATE");
        return o;
    }
}
