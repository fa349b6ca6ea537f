package com.xerosync.sandbox.data;

import com.xerosync.sandbox.data.ChartOfAccounts.Ledger;
import com.xerosync.sandbox.data.Country.TaxClass;
import com.xerosync.sandbox.data.Invoice.Line;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import static com.xerosync.sandbox.data.RandomText.pick;

/**
 * What the transaction factories share: picking a contact in the right role, a currency rate,
 * and lines posted to the chart's revenue or expense accounts with tracking and items, priced
 * like invoice lines.
 */
final class DocumentLines {

    /** A contact as a document is addressed to it. */
    record Party(long index, String id, String name, Country country) {
    }

    private static final Set<String> CLAIMABLE = Set.of("420", "429", "449", "453", "461", "489", "493");
    private static final Set<String> ORDERABLE = Set.of("300", "310", "320", "453", "457", "461");

    private final SeededIds ids;
    private final int organisation;
    final Country home;
    final ChartOfAccounts chart;
    final SettingsCatalogue settings;
    private final ContactFactory contacts;
    private final long contactCount;
    final List<Ledger> claimable;
    final List<Ledger> orderable;

    DocumentLines(SeededIds ids, int organisation, Country home, ChartOfAccounts chart, SettingsCatalogue settings,
                  ContactFactory contacts, long contactCount) {
        this.ids = ids;
        this.organisation = organisation;
        this.home = home;
        this.chart = chart;
        this.settings = settings;
        this.contacts = contacts;
        this.contactCount = contactCount;
        this.claimable = chart.expenses().stream().filter(l -> CLAIMABLE.contains(l.code())).toList();
        this.orderable = chart.expenses().stream().filter(l -> ORDERABLE.contains(l.code())).toList();
    }

    /** A generated contact that is a customer (or a supplier), as generated. */
    Party party(SplittableRandom r, boolean customer) {
        long index = r.nextLong(contactCount);
        ContactFactory.Facts facts = contacts.facts(index);
        for (int attempt = 0; attempt < 32 && !(customer ? facts.customer() : facts.supplier()); attempt++) {
            index = r.nextLong(contactCount);
            facts = contacts.facts(index);
        }
        return new Party(index, contacts.id(index), contacts.name(index, facts), facts.country());
    }

    /** An active contact as it is now, for records created by changes. */
    Party currentParty(SplittableRandom r, boolean customer, LongFunction<Contact> current) {
        Contact contact = current.apply(r.nextLong(contactCount));
        for (int attempt = 0; attempt < 64 && (contact.archived() || !(customer ? contact.customer : contact.supplier)); attempt++) {
            contact = current.apply(r.nextLong(contactCount));
        }
        return new Party(contact.index, contact.id, contact.name, contact.country);
    }

    /** Units of the contact's currency per unit of the home currency (1 at home), as invoices draw it. */
    BigDecimal rateFor(SplittableRandom r, Country country) {
        return country == home ? BigDecimal.ONE.setScale(6, RoundingMode.UNNECESSARY)
                : home.baseRateTo(country).multiply(BigDecimal.valueOf(0.95 + r.nextDouble() * 0.1)).setScale(6, RoundingMode.HALF_UP);
    }

    /**
     * 1–{@code maxLines} lines on {@code ledgers}, in the document's currency ({@code rate}), taxed
     * as the chart says (export/exempt abroad, excluded without tax), a third tracked by region, a
     * third by department, with the item code where the line is an item's.
     *
     * @param kind     the document kind (a SeededIds stream), so line ids of different documents never meet
     */
    List<Line> draw(SplittableRandom r, int kind, long docIndex, List<Ledger> ledgers, boolean sale, boolean abroad,
                    String lineAmountTypes, BigDecimal rate, int maxLines) {
        int count = 1 + r.nextInt(maxLines);
        List<Line> lines = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            Ledger ledger = pick(r, ledgers);
            String taxType = abroad ? home.taxType(sale ? TaxClass.EXPORT : TaxClass.EXEMPT_PURCHASES)
                    : "NoTax".equals(lineAmountTypes) ? home.taxType(TaxClass.EXCLUDED) : ledger.taxType();
            BigDecimal unit = BigDecimal.valueOf(ledger.minCents() + r.nextLong(ledger.maxCents() - ledger.minCents() + 1), 2);
            if (unit.compareTo(BigDecimal.valueOf(100)) > 0) {
                unit = unit.setScale(0, RoundingMode.HALF_UP);
            }
            String description = pick(r, ledger.lines());
            BigDecimal quantity = unit.compareTo(BigDecimal.valueOf(1000)) > 0 ? BigDecimal.ONE : BigDecimal.valueOf(1 + r.nextInt(5));
            lines.add(Line.priced(lineId(kind, docIndex, n), description, quantity, unit.multiply(rate), ledger.code(),
                    ledger.accountId(), taxType, lineAmountTypes, settings.drawTracking(r, 0.3, 0.3),
                    settings.itemFor(ledger.code(), description)));
        }
        return lines;
    }

    String lineId(int kind, long docIndex, int n) {
        return ids.uuid(organisation, 100 + kind, docIndex * 16 + n).toString();
    }
}
