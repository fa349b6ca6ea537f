package com.xerosync.sandbox;

import com.xerosync.sandbox.ChartOfAccounts.Ledger;
import com.xerosync.sandbox.Country.TaxClass;
import com.xerosync.sandbox.Invoice.Line;
import com.xerosync.sandbox.Invoice.Payment;
import com.xerosync.sandbox.Invoice.Tracking;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import static com.xerosync.sandbox.RandomText.pick;
import static com.xerosync.sandbox.RandomText.weighted;

/**
 * Builds an organisation's invoices from their index: three in four are sales (ACCREC), the rest
 * bills (ACCPAY); older invoices are mostly paid, recent ones mostly open, and every invoice
 * posts to accounts of the chart and is addressed to a contact of the organisation.
 */
final class InvoiceFactory {

    private static final String[] STATUSES = {"DRAFT", "SUBMITTED", "AUTHORISED", "PAID", "VOIDED", "DELETED"};
    private static final int[] RECENT_WEIGHTS = {15, 8, 50, 20, 4, 3};
    private static final int[] SETTLED_WEIGHTS = {2, 1, 8, 80, 5, 4};
    private static final int[] LINE_COUNT_WEIGHTS = {40, 25, 15, 12, 8};
    private static final List<String> REGIONS = List.of("North", "South", "East", "West");
    private static final long RECENT_MILLIS = 45 * XeroFormat.DAY_MILLIS;

    private final SeededIds ids;
    private final int organisation;
    private final Country home;
    private final ChartOfAccounts chart;
    private final ContactFactory contacts;
    private final long contactCount;
    private final Timeline timeline;

    InvoiceFactory(SeededIds ids, int organisation, Country home, ChartOfAccounts chart,
                   ContactFactory contacts, long contactCount, int count) {
        this.ids = ids;
        this.organisation = organisation;
        this.home = home;
        this.chart = chart;
        this.contacts = contacts;
        this.contactCount = contactCount;
        this.timeline = new Timeline(ids, organisation, SeededIds.INVOICE, count,
                SandboxClock.HISTORY_START, SandboxClock.HISTORY_END);
    }

    Timeline timeline() {
        return timeline;
    }

    /** An invoice as it was last changed within the generated history. */
    Invoice generate(long index) {
        SplittableRandom r = ids.random(organisation, SeededIds.INVOICE, index);
        long updated = timeline.stamp(index);
        boolean sale = r.nextDouble() < 0.75;
        long contactIndex = r.nextLong(contactCount);
        ContactFactory.Facts facts = contacts.facts(contactIndex);
        for (int attempt = 0; attempt < 32 && !(sale ? facts.customer() : facts.supplier()); attempt++) {
            contactIndex = r.nextLong(contactCount);
            facts = contacts.facts(contactIndex);
        }
        String status = STATUSES[weighted(r, SandboxClock.HISTORY_END - updated < RECENT_MILLIS ? RECENT_WEIGHTS : SETTLED_WEIGHTS)];
        LocalDate day = XeroFormat.day(updated);
        LocalDate date = day.minusDays("PAID".equals(status) ? 3 + r.nextInt(58) : r.nextInt(31));

        Invoice invoice = start(index, updated, sale, status, date);
        invoice.contactId = contacts.id(contactIndex);
        invoice.contactName = contacts.name(contactIndex, facts);
        fill(invoice, r, facts.country());
        if ("PAID".equals(status)) {
            pay(invoice, day, invoice.amountDue());
        } else if ("AUTHORISED".equals(status) && r.nextDouble() < 0.12) {
            LocalDate paidOn = date.plusDays(r.nextInt((int) (day.toEpochDay() - date.toEpochDay()) + 1));
            pay(invoice, paidOn, partOf(invoice.amountDue(), r));
        }
        invoice.sentToContact = sale && ("AUTHORISED".equals(status) || "PAID".equals(status)) && r.nextDouble() < 0.85;
        invoice.hasAttachments = r.nextDouble() < (sale ? 0.05 : 0.35);
        return invoice;
    }

    /** An invoice entered now, by a change, for a contact that is active now. */
    Invoice create(long index, long now, LongFunction<Contact> currentContact) {
        SplittableRandom r = ids.random(organisation, SeededIds.INVOICE, index);
        boolean sale = r.nextDouble() < 0.75;
        Contact contact = currentContact.apply(r.nextLong(contactCount));
        for (int attempt = 0; attempt < 64 && (contact.archived() || !(sale ? contact.customer : contact.supplier)); attempt++) {
            contact = currentContact.apply(r.nextLong(contactCount));
        }
        Invoice invoice = start(index, now, sale, r.nextBoolean() ? "DRAFT" : "AUTHORISED", XeroFormat.day(now));
        invoice.contactId = contact.id;
        invoice.contactName = contact.name;
        fill(invoice, r, contact.country);
        return invoice;
    }

    /**
     * One step of an invoice's life: drafts get approved, submitted or deleted; approved ones get
     * paid (in part or full) or voided; a payment may be removed again; amounts of unpaid
     * invoices may be edited; anything may get an attachment.
     */
    Invoice edit(Invoice current, SplittableRandom r, long now) {
        Invoice invoice = current.copy();
        invoice.revision++;
        invoice.updated = now;
        LocalDate today = XeroFormat.day(now);
        double what = r.nextDouble();
        switch (invoice.status) {
            case "DRAFT" -> {
                if (what < 0.40) {
                    approve(invoice, r);
                } else if (what < 0.60) {
                    invoice.status = "SUBMITTED";
                } else if (what < 0.75) {
                    invoice.status = "DELETED";
                } else {
                    reprice(invoice, r);
                }
            }
            case "SUBMITTED" -> {
                if (what < 0.70) {
                    approve(invoice, r);
                } else if (what < 0.85) {
                    invoice.status = "DELETED";
                } else {
                    reprice(invoice, r);
                }
            }
            case "AUTHORISED" -> {
                boolean unpaid = invoice.payments.isEmpty();
                if (what < (unpaid ? 0.45 : 0.70)) {
                    pay(invoice, today, invoice.amountDue());
                } else if (unpaid && what < 0.65) {
                    pay(invoice, today, partOf(invoice.amountDue(), r));
                } else if (unpaid && what < 0.85) {
                    invoice.status = "VOIDED";
                } else if (unpaid) {
                    reprice(invoice, r);
                } else {
                    invoice.hasAttachments = true;
                }
            }
            case "PAID" -> {
                if (what < 0.5) {
                    invoice.payments.remove(invoice.payments.size() - 1);
                    invoice.status = "AUTHORISED";
                } else {
                    invoice.hasAttachments = true;
                }
            }
            default -> invoice.hasAttachments = true;
        }
        return invoice;
    }

    private Invoice start(long index, long updated, boolean sale, String status, LocalDate date) {
        Invoice invoice = new Invoice();
        invoice.index = index;
        invoice.id = ids.uuid(organisation, SeededIds.INVOICE, index).toString();
        invoice.updated = updated;
        invoice.type = sale ? "ACCREC" : "ACCPAY";
        invoice.status = status;
        invoice.date = date;
        return invoice;
    }

    /** Currency, tax treatment, lines, number, reference and due date. */
    private void fill(Invoice invoice, SplittableRandom r, Country contactCountry) {
        boolean sale = "ACCREC".equals(invoice.type);
        boolean abroad = contactCountry != home;
        invoice.currency = contactCountry.currency;
        invoice.currencyRate = abroad
                ? home.baseRateTo(contactCountry).multiply(BigDecimal.valueOf(0.95 + r.nextDouble() * 0.1)).setScale(6, RoundingMode.HALF_UP)
                : BigDecimal.ONE.setScale(6, RoundingMode.UNNECESSARY);
        double treatment = r.nextDouble();
        invoice.lineAmountTypes = abroad || treatment < 0.80 ? "Exclusive" : treatment < 0.97 ? "Inclusive" : "NoTax";

        int lineCount = 1 + weighted(r, LINE_COUNT_WEIGHTS);
        List<Ledger> ledgers = sale ? chart.revenue() : chart.expenses();
        for (int n = 0; n < lineCount; n++) {
            Ledger ledger = pick(r, ledgers);
            String taxType = abroad ? home.taxType(sale ? TaxClass.EXPORT : TaxClass.EXEMPT_PURCHASES)
                    : "NoTax".equals(invoice.lineAmountTypes) ? home.taxType(TaxClass.EXCLUDED) : ledger.taxType();
            BigDecimal unit = BigDecimal.valueOf(ledger.minCents() + r.nextLong(ledger.maxCents() - ledger.minCents() + 1), 2);
            if (unit.compareTo(BigDecimal.valueOf(100)) > 0) {
                unit = unit.setScale(0, RoundingMode.HALF_UP);
            }
            Tracking tracking = r.nextDouble() < 0.3 ? region(r.nextInt(REGIONS.size())) : null;
            invoice.lines.add(Line.priced(ids.uuid(organisation, SeededIds.LINE_ITEM, invoice.index * 8 + n).toString(),
                    pick(r, ledger.lines()), quantity(r, unit), unit.multiply(invoice.currencyRate),
                    ledger.code(), ledger.accountId(), taxType, invoice.lineAmountTypes, tracking));
        }

        if (sale) {
            invoice.number = String.format(Locale.ROOT, "INV-%05d", invoice.index + 1);
            invoice.reference = r.nextDouble() < 0.45 ? "PO " + (1000 + r.nextInt(9000)) : "";
            invoice.dueDate = invoice.date.plusDays(new int[] {7, 14, 14, 30, 30}[r.nextInt(5)]);
        } else {
            invoice.number = "SI-" + (10000 + r.nextInt(90000));
            invoice.reference = invoice.lines.get(0).description() + " - "
                    + invoice.date.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + invoice.date.getYear();
            invoice.dueDate = r.nextDouble() < 0.6
                    ? invoice.date.plusMonths(1).withDayOfMonth(20)
                    : invoice.date.plusDays(30);
        }
    }

    private void approve(Invoice invoice, SplittableRandom r) {
        invoice.status = "AUTHORISED";
        invoice.sentToContact = "ACCREC".equals(invoice.type) && r.nextBoolean();
    }

    private void reprice(Invoice invoice, SplittableRandom r) {
        invoice.lines.replaceAll(line -> line.repriced(
                quantity(r, line.unitAmount()),
                line.unitAmount().multiply(BigDecimal.valueOf(80 + r.nextInt(46), 2)),
                invoice.lineAmountTypes));
    }

    /** A payment brings an invoice to PAID once nothing is left to pay. */
    private void pay(Invoice invoice, LocalDate on, BigDecimal amount) {
        long serial = invoice.revision * 8L + invoice.payments.size();
        invoice.payments.add(new Payment(ids.uuid(organisation, SeededIds.PAYMENT, (invoice.index << 20) + serial).toString(), on, amount));
        invoice.status = invoice.amountDue().signum() <= 0 ? "PAID" : "AUTHORISED";
    }

    private Tracking region(int option) {
        return new Tracking(ids.uuid(organisation, SeededIds.TRACKING, 0).toString(), "Region",
                ids.uuid(organisation, SeededIds.TRACKING, 1 + option).toString(), REGIONS.get(option));
    }

    /** Expensive things are bought one at a time; services often by the half hour. */
    private static BigDecimal quantity(SplittableRandom r, BigDecimal unit) {
        if (unit.compareTo(BigDecimal.valueOf(1000)) > 0) {
            return BigDecimal.ONE;
        }
        return r.nextDouble() < 0.3 ? BigDecimal.valueOf(1 + r.nextInt(16), 0).divide(BigDecimal.valueOf(2)) : BigDecimal.valueOf(1 + r.nextInt(10));
    }

    private static BigDecimal partOf(BigDecimal due, SplittableRandom r) {
        return XeroFormat.money(due.multiply(BigDecimal.valueOf(0.2 + r.nextDouble() * 0.6))).max(XeroFormat.money(1));
    }
}
