package com.xerosync.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.RecordSeries.Selection;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.xerosync.sandbox.RandomText.code;
import static com.xerosync.sandbox.RandomText.digits;

/**
 * One tenant: a Demo Company with its organisation record, chart of accounts, contacts and
 * invoices. Only the organisation and the chart are held; contacts and invoices are rebuilt from
 * their index whenever they are served.
 */
final class DemoOrganisation {

    private final SeededIds ids;
    private final int index;
    private final String tenantId;
    private final String name;
    private final JsonNodeFactory json;
    private final ObjectNode organisation;
    private final ChartOfAccounts chart;
    private final ContactFactory contactFactory;
    private final InvoiceFactory invoiceFactory;
    private final RecordSeries<Contact> contacts;
    private final RecordSeries<Invoice> invoices;
    private long changeCalls;

    DemoOrganisation(SeededIds ids, int index, SandboxSettings settings, JsonNodeFactory json) {
        this.ids = ids;
        this.index = index;
        this.json = json;
        this.tenantId = ids.uuid(index, SeededIds.ORGANISATION, 0).toString();
        Country country = index % 2 == 0 ? Country.AU : Country.NZ;
        this.name = switch (index) {
            case 0 -> "Demo Company (AU)";
            case 1 -> "Demo Company (NZ)";
            default -> "Demo Company " + (index + 1);
        };
        this.organisation = organisationJson(country);
        this.chart = new ChartOfAccounts(ids, index, country, json);
        int contactCount = settings.contactsOf(index);
        this.contactFactory = new ContactFactory(ids, index, country, contactCount);
        this.invoiceFactory = new InvoiceFactory(ids, index, country, chart, contactFactory, contactCount, settings.invoicesOf(index));
        this.contacts = new RecordSeries<>(contactFactory.timeline(), contactFactory::generate,
                i -> contactFactory.facts(i).archived(), id -> ids.indexOf(index, SeededIds.CONTACT, id));
        this.invoices = new RecordSeries<>(invoiceFactory.timeline(), invoiceFactory::generate,
                i -> false, id -> ids.indexOf(index, SeededIds.INVOICE, id));
    }

    String tenantId() {
        return tenantId;
    }

    String name() {
        return name;
    }

    /** Callers must copy before changing it. */
    ObjectNode organisation() {
        return organisation;
    }

    /** Accounts have no paging, so a list is fine; they are few. */
    List<ObjectNode> accounts(Selection selection) {
        List<ObjectNode> all = chart.accounts();
        IntStream order = IntStream.range(0, all.size());
        if (selection.descending()) {
            order = order.map(i -> all.size() - 1 - i);
        }
        return order.filter(i -> chart.updated(i) > selection.modifiedAfter()).mapToObj(all::get).toList();
    }

    /** The contacts or invoices series. */
    RecordSeries<? extends SandboxRecord> series(ApiCollection collection) {
        return switch (collection) {
            case CONTACTS -> contacts;
            case INVOICES -> invoices;
            default -> throw new IllegalArgumentException(collection.path + " is not a paged collection");
        };
    }

    /** A record as a single-record GET returns it (invoices with LineItems); a fresh tree. */
    Optional<ObjectNode> find(ApiCollection collection, String id) {
        return switch (collection) {
            case ORGANISATION -> Optional.of(organisation.deepCopy()).filter(o -> tenantId.equalsIgnoreCase(id));
            case ACCOUNTS -> chart.accounts().stream().filter(a -> a.get("AccountID").asText().equalsIgnoreCase(id))
                    .findFirst().map(ObjectNode::deepCopy);
            case CONTACTS, INVOICES -> series(collection).find(id).map(r -> r.toJson(json, true));
        };
    }

    /** Every record as a paged GET serves it, in UpdatedDateUTC order, archived ones included; fresh trees. */
    Stream<ObjectNode> records(ApiCollection collection) {
        return switch (collection) {
            case ORGANISATION -> Stream.of(organisation.deepCopy());
            case ACCOUNTS -> chart.accounts().stream().map(ObjectNode::deepCopy);
            case CONTACTS, INVOICES -> series(collection).select(Selection.ALL, 0, Long.MAX_VALUE).map(r -> r.toJson(json, true));
        };
    }

    /**
     * Changes {@code count} records, about one in ten a newly created one, stamped with
     * consecutive milliseconds from the sandbox clock. Which records change, and how, depends
     * only on the seed and on how many times this was called before for this organisation.
     */
    synchronized List<String> applyChanges(ApiCollection collection, int count, IntToLongFunction clock) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if (collection != ApiCollection.CONTACTS && collection != ApiCollection.INVOICES) {
            throw new IllegalArgumentException("Only Contacts and Invoices can be changed, not " + collection.path);
        }
        // read under the lock: changes of one organisation then reach the overlay in timestamp order
        long first = clock.applyAsLong(count);
        SplittableRandom r = ids.random(index, SeededIds.CHANGE, collection.ordinal(), changeCalls++);
        return switch (collection) {
            case CONTACTS -> change(contacts, count, r, first, contactFactory::create,
                    (contact, now) -> contactFactory.edit(contact, r, now));
            case INVOICES -> change(invoices, count, r, first, (i, now) -> invoiceFactory.create(i, now, contacts::current),
                    (invoice, now) -> invoiceFactory.edit(invoice, r, now));
            default -> throw new IllegalStateException("unreachable: checked above");
        };
    }

    /** Builds a new record from its index, as of a timestamp. */
    private interface Creation<M> {
        M create(long index, long now);
    }

    /** Changes a record as of a timestamp. */
    private interface Edit<M> {
        M edit(M current, long now);
    }

    private static <M extends SandboxRecord> List<String> change(RecordSeries<M> series, int count, SplittableRandom r,
                                                                 long firstStamp, Creation<M> create, Edit<M> edit) {
        long existing = series.size();
        Set<Long> picked = new HashSet<>();
        List<M> changed = new ArrayList<>(count);
        long created = 0;
        for (int n = 0; n < count; n++) {
            long now = firstStamp + n;
            if (r.nextDouble() < 0.1 || picked.size() >= existing) {
                changed.add(create.create(existing + created++, now));
            } else {
                long pick = r.nextLong(existing);
                while (!picked.add(pick)) {
                    pick = r.nextLong(existing);
                }
                changed.add(edit.edit(series.current(pick), now));
            }
        }
        series.putAll(changed);
        return changed.stream().map(SandboxRecord::id).toList();
    }

    private ObjectNode organisationJson(Country country) {
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
        o.put("CreatedDateUTC", XeroFormat.msDate(SandboxClock.HISTORY_START - 60 * XeroFormat.DAY_MILLIS + index * 3_600_000L));
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
