package com.xerosync.sandbox.data;

import com.xerosync.sandbox.data.ChartOfAccounts.Ledger;
import com.xerosync.sandbox.data.Country.TaxClass;
import com.xerosync.sandbox.data.Invoice.Line;
import com.xerosync.sandbox.data.Invoice.Payment;
import com.xerosync.sandbox.data.Invoice.Tracking;
import com.xerosync.sandbox.http.XeroFormat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import static com.xerosync.sandbox.data.RandomText.pick;
import static com.xerosync.sandbox.data.RandomText.weighted;

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
    private static final long RECENT_MILLIS = 45 * XeroFormat.DAY_MILLIS;

    private final SeededIds ids;
    private final int organisation;
    private final Country home;
    private final ChartOfAccounts chart;
    private final ContactFactory contacts;
    private final SettingsCatalogue settings;
    private final long contactCount;
    private final Timeline timeline;

    InvoiceFactory(SeededIds ids, int organisation, Country home, ChartOfAccounts chart, SettingsCatalogue settings,
                   ContactFactory contacts, long contactCount, int count) {
        this.ids = ids;
        this.settings = settings;
        this.organisation = organisation;
        this.home = home;
        this.chart = chart;
        this.contacts = contacts;
        this.contactCount = contactCount;
        this.timeline = new Timeline(ids, organisation, SeededIds.INVOICE, count,
                settings.history.start(), settings.history.end());
    }

    Timeline timeline() {
        return timeline;
    }

    /** Credit notes, prepayments and overpayments raised for invoices, drawn per invoice apart from its own stream. */
    private static final double CREDIT_NOTE_SHARE = 0.05;
    private static final double PREPAYMENT_SHARE = 0.02;
    private static final double OVERPAYMENT_SHARE = 0.015;

    /** Keys of credits created by changes start here, clear of every generated invoice index. */
    static final long CREATED_KEYS = 1L << 32;

    private volatile InvoiceLedger ledger;

    /**
     * What the generated invoices add up to (which have payments, credits, batch payments), worked
     * out once, on first use, from every generated invoice.
     */
    InvoiceLedger ledger() {
        InvoiceLedger built = ledger;
        if (built == null) {
            synchronized (this) {
                built = ledger;
                if (built == null) {
                    built = InvoiceLedger.build(this, ids, organisation, home.currency, timeline.count());
                    ledger = built;
                }
            }
        }
        return built;
    }

    /** An invoice as it was last changed within the generated history, batch payments included. */
    Invoice generate(long index) {
        Invoice invoice = raw(index);
        InvoiceLedger.Batch batch = ledger().batchOf(index);
        if (batch != null) {
            Payment paid = invoice.payments.get(0);
            invoice.payments.set(0, new Payment(paid.id(), batch.date(), paid.amount(), batch.id()));
        }
        return invoice;
    }

    /** An invoice as generated, before batch payments are known (they are worked out from these). */
    Invoice raw(long index) {
        SplittableRandom r = ids.random(organisation, SeededIds.INVOICE, index);
        long updated = timeline.stamp(index);
        boolean sale = r.nextDouble() < 0.75;
        long contactIndex = r.nextLong(contactCount);
        ContactFactory.Facts facts = contacts.facts(contactIndex);
        for (int attempt = 0; attempt < 32 && !(sale ? facts.customer() : facts.supplier()); attempt++) {
            contactIndex = r.nextLong(contactCount);
            facts = contacts.facts(contactIndex);
        }
        String status = STATUSES[weighted(r, settings.history.end() - updated < RECENT_MILLIS ? RECENT_WEIGHTS : SETTLED_WEIGHTS)];
        LocalDate day = XeroFormat.day(updated);
        LocalDate date = day.minusDays("PAID".equals(status) ? 3 + r.nextInt(58) : r.nextInt(31));

        Invoice invoice = start(index, updated, sale, status, date);
        invoice.contactId = contacts.id(contactIndex);
        invoice.contactName = contacts.name(contactIndex, facts);
        fill(invoice, r, facts.country());
        linkCredit(invoice, day);
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
                    repriceUnlessCredited(invoice, r);
                }
            }
            case "SUBMITTED" -> {
                if (what < 0.70) {
                    approve(invoice, r);
                } else if (what < 0.85) {
                    invoice.status = "DELETED";
                } else {
                    repriceUnlessCredited(invoice, r);
                }
            }
            case "AUTHORISED" -> {
                boolean unpaid = invoice.payments.isEmpty() && invoice.amountCredited().signum() == 0;
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
                Payment last = invoice.payments.isEmpty() ? null : invoice.payments.get(invoice.payments.size() - 1);
                if (what < 0.5 && last != null && last.batchId() == null) {
                    unpay(invoice, last.id());
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
            List<Tracking> tracking = new ArrayList<>(2);
            if (r.nextDouble() < 0.3) {
                tracking.add(settings.region(r.nextInt(SettingsCatalogue.REGIONS.size())));
            }
            // drawn apart from r, so that adding it changed no earlier line
            SplittableRandom departments = ids.random(organisation, SeededIds.LINE_TRACKING, invoice.index * 8 + n);
            if (departments.nextDouble() < 0.35) {
                tracking.add(settings.department(departments.nextInt(SettingsCatalogue.DEPARTMENTS.size())));
            }
            String description = pick(r, ledger.lines());
            invoice.lines.add(Line.priced(ids.uuid(organisation, SeededIds.LINE_ITEM, invoice.index * 8 + n).toString(),
                    description, quantity(r, unit), unit.multiply(invoice.currencyRate),
                    ledger.code(), ledger.accountId(), taxType, invoice.lineAmountTypes, List.copyOf(tracking),
                    settings.itemFor(ledger.code(), description)));
        }
        if (sale) {
            invoice.brandingThemeId = settings.themeFor(ids.random(organisation, SeededIds.BRANDING_THEME, invoice.index));
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

    private void repriceUnlessCredited(Invoice invoice, SplittableRandom r) {
        if (invoice.amountCredited().signum() == 0) {
            reprice(invoice, r);
        } else {
            invoice.hasAttachments = true;
        }
    }

    /** A payment brings an invoice to PAID once nothing is left to pay. */
    private void pay(Invoice invoice, LocalDate on, BigDecimal amount) {
        pay(invoice, on, amount, null);
    }

    /** Pays {@code amount} on {@code on}, in batch {@code batchId} if not null; the id is derived from the invoice and its revision. */
    Payment pay(Invoice invoice, LocalDate on, BigDecimal amount, String batchId) {
        long serial = invoice.revision * 8L + invoice.payments.size();
        Payment payment = new Payment(ids.uuid(organisation, SeededIds.PAYMENT, (invoice.index << 20) + serial).toString(),
                on, amount, batchId);
        invoice.payments.add(payment);
        invoice.status = invoice.amountDue().signum() <= 0 ? "PAID" : "AUTHORISED";
        return payment;
    }

    /** Removes a payment (Xero then marks it DELETED); a paid invoice is open again. */
    void unpay(Invoice invoice, String paymentId) {
        if (invoice.payments.removeIf(p -> p.id().equals(paymentId)) && "PAID".equals(invoice.status)) {
            invoice.status = invoice.amountDue().signum() <= 0 ? "PAID" : "AUTHORISED";
        }
    }

    /** Allocates a new credit to an open invoice; PAID once nothing is left to pay. */
    void allocate(Invoice invoice, Invoice.Credit credit) {
        invoice.credits.add(credit);
        if (credit.isAllocated()) {
            invoice.status = invoice.amountDue().signum() <= 0 ? "PAID" : "AUTHORISED";
        }
    }

    /** About one invoice in twelve had a credit note, prepayment or overpayment raised for it. */
    private void linkCredit(Invoice invoice, LocalDate day) {
        SplittableRandom c = ids.random(organisation, SeededIds.CREDIT_LINK, invoice.index);
        double draw = c.nextDouble();
        Invoice.CreditKind kind = draw < CREDIT_NOTE_SHARE ? Invoice.CreditKind.CREDIT_NOTE
                : draw < CREDIT_NOTE_SHARE + PREPAYMENT_SHARE ? Invoice.CreditKind.PREPAYMENT
                : draw < CREDIT_NOTE_SHARE + PREPAYMENT_SHARE + OVERPAYMENT_SHARE ? Invoice.CreditKind.OVERPAYMENT : null;
        if (kind != null) {
            invoice.credits.add(creditFor(invoice, kind, c, day, invoice.index, true));
        }
    }

    /**
     * A credit note, prepayment or overpayment for {@code invoice}: a credit note credits part of a
     * line, a prepayment was paid ahead for part of one, an overpayment is money paid over. On an
     * approved invoice it is allocated to it (in full, or leaving credit to spare) without settling
     * it; otherwise it stands unallocated, with a status to match the invoice's.
     *
     * @param day      the day it was allocated by (credit notes are dated between the invoice and this)
     * @param key      what its id and numbers derive from: the invoice index for generated ones
     * @param allocate whether it may be allocated to the invoice
     */
    Invoice.Credit creditFor(Invoice invoice, Invoice.CreditKind kind, SplittableRandom c, LocalDate day, long key,
                             boolean allocate) {
        boolean sale = "ACCREC".equals(invoice.type);
        Line base = invoice.lines.get(c.nextInt(invoice.lines.size()));
        int stream = switch (kind) {
            case CREDIT_NOTE -> SeededIds.CREDIT_NOTE;
            case PREPAYMENT -> SeededIds.PREPAYMENT;
            case OVERPAYMENT -> SeededIds.OVERPAYMENT;
        };
        String lineId = ids.uuid(organisation, SeededIds.DOCUMENT_LINE, key * 4 + kind.ordinal()).toString();
        String lineAmountTypes;
        Line line;
        if (kind == Invoice.CreditKind.OVERPAYMENT) {
            lineAmountTypes = "NoTax";
            ChartOfAccounts.Account control = chart.account(sale ? "610" : "800");
            BigDecimal amount = XeroFormat.money(invoice.total().multiply(BigDecimal.valueOf(0.05 + c.nextDouble() * 0.25)))
                    .max(XeroFormat.money(100));
            line = Line.priced(lineId, "Overpayment", BigDecimal.ONE, amount, control.code(), control.accountId(),
                    home.taxType(TaxClass.EXCLUDED), lineAmountTypes, List.of(), null);
        } else {
            lineAmountTypes = invoice.lineAmountTypes;
            double share = kind == Invoice.CreditKind.CREDIT_NOTE ? 0.1 + c.nextDouble() * 0.4 : 0.2 + c.nextDouble() * 0.4;
            BigDecimal amount = XeroFormat.money(base.lineAmount().multiply(BigDecimal.valueOf(share))).max(XeroFormat.money(100));
            line = Line.priced(lineId, (kind == Invoice.CreditKind.CREDIT_NOTE ? "Credit: " : "Prepayment: ") + base.description(),
                    BigDecimal.ONE, amount, base.accountCode(), base.accountId(), base.taxType(), lineAmountTypes,
                    base.tracking(), kind == Invoice.CreditKind.CREDIT_NOTE ? base.item() : null);
        }
        List<Line> lines = List.of(line);
        BigDecimal total = Documents.total(lines, lineAmountTypes);
        long span = Math.max(0, day.toEpochDay() - invoice.date.toEpochDay());
        LocalDate date = kind == Invoice.CreditKind.CREDIT_NOTE ? invoice.date.plusDays(c.nextLong(span + 1))
                : invoice.date.minusDays(1 + c.nextInt(30));
        boolean full = c.nextDouble() < 0.6;
        BigDecimal partial = XeroFormat.money(total.multiply(BigDecimal.valueOf(0.3 + c.nextDouble() * 0.6)));
        String id = ids.uuid(organisation, stream, key).toString();
        // generated credits take their invoice's number; ones created by changes count on from 900000
        long serial = key < CREATED_KEYS ? key + 1 : 900_000 + key - CREATED_KEYS;
        String number = kind != Invoice.CreditKind.CREDIT_NOTE ? null
                : sale ? String.format(Locale.ROOT, "CN-%05d", serial) : "SCN-" + (10000 + c.nextInt(90000));
        String reference = switch (kind) {
            case CREDIT_NOTE -> "Credit for " + invoice.number;
            case PREPAYMENT -> "Deposit " + (sale ? "received" : "paid") + " for " + invoice.number;
            case OVERPAYMENT -> "Overpaid " + invoice.number;
        };
        String allocationId = ids.uuid(organisation, SeededIds.ALLOCATION, key * 4 + kind.ordinal()).toString();
        BigDecimal room = invoice.amountDue().subtract(XeroFormat.money(1));
        boolean open = "AUTHORISED".equals(invoice.status) || "PAID".equals(invoice.status);
        if (allocate && open && room.signum() > 0) {
            BigDecimal allocated = (full ? total : partial).min(room).max(XeroFormat.money(1));
            String status = allocated.compareTo(total) >= 0 ? "PAID" : "AUTHORISED";
            LocalDate allocatedOn = kind == Invoice.CreditKind.CREDIT_NOTE ? date : invoice.date;
            return new Invoice.Credit(kind, id, number, date, status, lineAmountTypes, lines, reference, allocated, allocatedOn, allocationId);
        }
        String status = switch (invoice.status) {
            case "DRAFT", "SUBMITTED" -> kind == Invoice.CreditKind.CREDIT_NOTE ? invoice.status : "AUTHORISED";
            case "DELETED" -> kind == Invoice.CreditKind.CREDIT_NOTE ? "DELETED" : "VOIDED";
            case "VOIDED" -> "VOIDED";
            default -> kind == Invoice.CreditKind.CREDIT_NOTE ? "DRAFT" : "AUTHORISED";
        };
        return new Invoice.Credit(kind, id, number, date, status, lineAmountTypes, lines, reference, XeroFormat.money(0), null, allocationId);
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
