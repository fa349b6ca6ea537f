package com.xerosync.sandbox.data;

import com.xerosync.sandbox.data.Country.TaxClass;

import java.util.Locale;
import java.util.SplittableRandom;

import static com.xerosync.sandbox.data.RandomText.digits;
import static com.xerosync.sandbox.data.RandomText.pick;

/**
 * Builds an organisation's contacts from their index. The few facts invoices need (role,
 * currency, status, name) come from their own small random stream, so an invoice can address a
 * contact without building it in full.
 */
final class ContactFactory {

    /** What an invoice needs to know about the contact it is addressed to. */
    record Facts(boolean customer, boolean supplier, boolean company, Country country, boolean archived) {
    }

    private final SeededIds ids;
    private final int organisation;
    private final Country home;
    private final Timeline timeline;
    private final long companyOffset;
    private final long personOffset;
    private final SettingsCatalogue settings;

    ContactFactory(SeededIds ids, int organisation, Country home, int count, SettingsCatalogue settings) {
        this.ids = ids;
        this.settings = settings;
        this.organisation = organisation;
        this.home = home;
        this.timeline = new Timeline(ids, organisation, SeededIds.CONTACT, count,
                settings.history.start(), settings.history.end());
        this.companyOffset = ids.mix(organisation, SeededIds.CONTACT, -1);
        this.personOffset = ids.mix(organisation, SeededIds.CONTACT, -2);
    }

    Timeline timeline() {
        return timeline;
    }

    /** 65% customers, 25% suppliers, 10% both; 70% companies; 8% abroad (trading in USD/GBP/EUR); 6% archived. */
    Facts facts(long index) {
        SplittableRandom r = ids.random(organisation, SeededIds.CONTACT, index);
        double role = r.nextDouble();
        boolean company = r.nextDouble() < 0.70;
        boolean abroad = r.nextDouble() < 0.08;
        Country country = Country.FOREIGN.get(r.nextInt(Country.FOREIGN.size()));
        boolean archived = r.nextDouble() < 0.06;
        return new Facts(role < 0.65 || role >= 0.90, role >= 0.65, company, abroad ? country : home, archived);
    }

    String id(long index) {
        return ids.uuid(organisation, SeededIds.CONTACT, index).toString();
    }

    String name(long index, Facts facts) {
        if (facts.company()) {
            return NameBook.company(index, companyOffset, facts.country());
        }
        String[] person = NameBook.person(index, personOffset);
        return person[0] + " " + person[1];
    }

    /** A contact as it was last changed within the generated history. */
    Contact generate(long index) {
        return build(index, timeline.stamp(index), facts(index).archived());
    }

    /** A contact added now, by a change. */
    Contact create(long index, long now) {
        return build(index, now, false);
    }

    private Contact build(long index, long updated, boolean archived) {
        Facts facts = facts(index);
        SplittableRandom r = ids.random(organisation, SeededIds.CONTACT_DETAIL, index);
        Contact c = new Contact();
        c.index = index;
        c.id = id(index);
        c.updated = updated;
        c.status = archived ? "ARCHIVED" : "ACTIVE";
        c.number = String.format(Locale.ROOT, "C%05d", index + 1);
        c.accountNumber = (facts.customer() ? "AR" : "AP") + (10000 + index);
        c.originalName = name(index, facts);
        c.name = c.originalName;
        c.country = facts.country();
        c.customer = facts.customer();
        c.supplier = facts.supplier();
        if (facts.company()) {
            c.firstName = pick(r, NameBook.FIRST_NAMES);
            c.lastName = pick(r, NameBook.LAST_NAMES);
            String domain = NameBook.domainOf(c.name);
            c.email = (r.nextBoolean() ? "accounts" : NameBook.emailLocalPart(c.firstName, c.lastName)) + "@" + domain;
            c.website = r.nextDouble() < 0.4 ? "https://www." + domain : null;
        } else {
            String[] person = NameBook.person(index, personOffset);
            c.firstName = person[0];
            c.lastName = person[1];
            c.email = NameBook.emailLocalPart(c.firstName, c.lastName) + "@mail.example";
        }
        c.street = (1 + r.nextInt(250)) + " " + pick(r, NameBook.STREETS);
        c.place = pick(r, c.country.places);
        c.areaCode = pick(r, c.country.areaCodes);
        c.phone = digits(r, 3) + " " + digits(r, 4);
        c.mobile = r.nextDouble() < 0.6 ? c.country.mobilePrefix + digits(r, 2) + " " + digits(r, 3) + " " + digits(r, 3) : "";
        c.taxNumber = facts.company() ? taxNumber(r, c.country) : "";
        c.bankAccountDetails = facts.supplier() ? digits(r, 6) + digits(r, 8) : "";
        boolean abroad = c.country != home;
        c.defaultCurrency = abroad ? c.country.currency : null;
        c.receivableTaxType = facts.customer() ? home.taxType(abroad ? TaxClass.EXPORT : TaxClass.SALES) : null;
        c.payableTaxType = facts.supplier() ? home.taxType(abroad ? TaxClass.EXEMPT_PURCHASES : TaxClass.PURCHASES) : null;
        c.hasAttachments = r.nextDouble() < 0.03;
        c.groups = settings.groupsOf(index, facts);
        return c;
    }

    /**
     * One change as a bookkeeper would make it: new email and phone, a rename, a move, or
     * archiving; archived contacts get restored or renamed.
     */
    Contact edit(Contact current, SplittableRandom r, long now) {
        Contact c = current.copy();
        c.updated = now;
        double what = r.nextDouble();
        if (c.archived()) {
            if (what < 0.6) {
                c.status = "ACTIVE";
            } else {
                rename(c);
            }
        } else if (what < 0.35) {
            c.email = "billing." + c.email.replaceFirst("^billing\\.", "");
            c.phone = digits(r, 3) + " " + digits(r, 4);
        } else if (what < 0.60) {
            rename(c);
        } else if (what < 0.80) {
            c.street = (1 + r.nextInt(250)) + " " + pick(r, NameBook.STREETS);
            c.place = pick(r, c.country.places);
        } else {
            c.status = "ARCHIVED";
        }
        return c;
    }

    private static void rename(Contact c) {
        c.renames++;
        c.name = NameBook.renamed(c.originalName, c.renames);
    }

    private static String taxNumber(SplittableRandom r, Country country) {
        return switch (country) {
            case AU -> digits(r, 2) + " " + digits(r, 3) + " " + digits(r, 3) + " " + digits(r, 3);
            case NZ -> digits(r, 3) + "-" + digits(r, 3) + "-" + digits(r, 3);
            case GB -> "GB" + digits(r, 9);
            case DE -> "DE" + digits(r, 9);
            case US -> digits(r, 2) + "-" + digits(r, 7);
        };
    }
}
