package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongFunction;

import static com.xerosync.sandbox.data.RandomText.digits;
import static com.xerosync.sandbox.data.RandomText.pick;
import static com.xerosync.sandbox.data.RandomText.weighted;

/**
 * AU Payroll v1 for an Australian organisation: employees (20 + invoices/500, at most 60), with
 * a home address, leave balances and, for about one in six, a termination; and their leave
 * applications (three per employee), split over fortnightly pay periods. Both are rebuilt from
 * their index; UpdatedDateUTC rises with it. New Zealand organisations have none (AU Payroll does
 * not serve them).
 */
public final class PayrollFactory {

    /** A leave type, as PayItems would list it, and balances and applications refer to it. */
    record LeaveType(String id, String name, double share, int maxDays, double maxHours) {
    }

    /** What a leave application needs to know of its employee, without building the record. */
    record Facts(long index, String id, LocalDate start, LocalDate terminated) {
        boolean employedThrough(LocalDate from, LocalDate to) {
            return !start.isAfter(from) && (terminated == null || terminated.isAfter(to));
        }
    }

    static final double HOURS_PER_DAY = 7.6;
    private static final List<String> JOB_TITLES = List.of("Account Manager", "Sales Representative", "Operations Coordinator",
            "Office Manager", "Bookkeeper", "Marketing Specialist", "Project Manager", "Technician", "Installer", "Support Analyst",
            "Customer Service Officer", "Warehouse Assistant");
    private static final List<String> STREETS = List.of("High", "Station", "Church", "Victoria", "King", "Queen", "George",
            "William", "Park", "Beach", "Bridge", "Elizabeth");
    private static final String[] TERMINATION_REASONS = {"V", "R", "F", "C", "I"};
    private static final int[] TERMINATION_WEIGHTS = {70, 10, 6, 12, 2};
    /** Fortnightly pay periods run Monday to Sunday from here. */
    private static final LocalDate FIRST_PAY_PERIOD = LocalDate.of(2022, 1, 3);

    private final SeededIds ids;
    private final int organisation;
    private final String domain;
    private final LocalDate historyLastDay;
    private final JsonNodeFactory json;
    final Timeline employees;
    final Timeline leaveApplications;
    private final List<LeaveType> leaveTypes;
    private final String earningsRateId;
    private final String weeklyCalendarId;
    private final String fortnightlyCalendarId;

    PayrollFactory(SeededIds ids, int organisation, Country home, long invoices, HistoryWindow history, JsonNodeFactory json) {
        this.historyLastDay = history.lastDay();
        this.ids = ids;
        this.organisation = organisation;
        this.domain = "demo-company-" + (organisation + 1) + ".example";
        this.json = json;
        long count = home == Country.AU ? Math.min(60, 20 + invoices / 500) : 0;
        this.employees = new Timeline(ids, organisation, SeededIds.PAYROLL_EMPLOYEE, count, history.start(),
                history.end());
        this.leaveApplications = new Timeline(ids, organisation, SeededIds.LEAVE_APPLICATION, count * 3, history.start(),
                history.end());
        this.leaveTypes = List.of(
                new LeaveType(settingId(10), "Annual Leave", 0.65, 10, 160),
                new LeaveType(settingId(11), "Personal/Carer's Leave", 0.30, 3, 76),
                new LeaveType(settingId(12), "Long Service Leave", 0.05, 15, 300));
        this.earningsRateId = settingId(1);
        this.weeklyCalendarId = settingId(2);
        this.fortnightlyCalendarId = settingId(3);
    }

    private String settingId(int n) {
        return ids.uuid(organisation, SeededIds.PAYROLL_SETTINGS, n).toString();
    }

    // ---- employees

    Facts facts(long index) {
        SplittableRandom r = ids.random(organisation, SeededIds.PAYROLL_EMPLOYEE, index, 1);
        LocalDate updatedOn = XeroFormat.day(employees.stamp(index));
        boolean terminated = r.nextDouble() < 0.18;
        LocalDate terminatedOn = terminated ? updatedOn.minusDays(r.nextInt(15)) : null;
        LocalDate start = terminated ? terminatedOn.minusDays(180 + r.nextInt(2400)) : updatedOn.minusDays(r.nextInt(2600));
        return new Facts(index, ids.uuid(organisation, SeededIds.PAYROLL_EMPLOYEE, index).toString(), start, terminatedOn);
    }

    JsonRecord employee(long index) {
        Facts facts = facts(index);
        long stamp = employees.stamp(index);
        SplittableRandom r = ids.random(organisation, SeededIds.PAYROLL_EMPLOYEE, index);
        return employee(index, facts, stamp, r);
    }

    private JsonRecord employee(long index, Facts facts, long stamp, SplittableRandom r) {
        String first = pick(r, NameBook.FIRST_NAMES);
        String last = pick(r, NameBook.LAST_NAMES);
        String gender = new String[] {"F", "M", "N", "I"}[weighted(r, new int[] {48, 48, 3, 1})];
        String jobTitle = index == 0 ? "Operations Manager" : pick(r, JOB_TITLES);
        boolean manager = jobTitle.endsWith("Manager");
        ObjectNode e = json.objectNode();
        e.put("EmployeeID", facts.id());
        if (!gender.equals("N") && !gender.equals("I")) {
            e.put("Title", gender.equals("M") ? "Mr" : r.nextBoolean() ? "Ms" : "Mrs");
        }
        e.put("FirstName", first);
        if (r.nextDouble() < 0.35) {
            e.put("MiddleNames", pick(r, NameBook.FIRST_NAMES));
        }
        e.put("LastName", last);
        e.put("Status", facts.terminated() == null ? "ACTIVE" : "TERMINATED");
        e.put("Email", (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "") + (index + 1) + "@" + domain);
        e.put("DateOfBirth", XeroFormat.msDate(facts.start().minusYears(19 + r.nextInt(30)).minusDays(r.nextInt(365))));
        e.put("JobTitle", jobTitle);
        e.put("Gender", gender);
        Country.Place place = pick(r, Country.AU.places);
        ObjectNode address = e.putObject("HomeAddress");
        address.put("AddressLine1", (1 + r.nextInt(240)) + " " + pick(r, STREETS) + " Street");
        if (r.nextDouble() < 0.2) {
            address.put("AddressLine2", "Unit " + (1 + r.nextInt(30)));
        }
        address.put("City", place.city());
        address.put("Region", place.region());
        address.put("PostalCode", place.postalCode());
        address.put("Country", "AUSTRALIA");
        e.put("Phone", pick(r, Country.AU.areaCodes) + " " + digits(r, 4) + " " + digits(r, 4));
        e.put("Mobile", "04" + digits(r, 2) + " " + digits(r, 3) + " " + digits(r, 3));
        e.put("StartDate", XeroFormat.msDate(facts.start()));
        e.put("Classification", manager ? "Manager" : "Clerks Award Level " + (1 + r.nextInt(5)));
        e.put("OrdinaryEarningsRateID", earningsRateId);
        e.put("PayrollCalendarID", r.nextDouble() < 0.8 ? fortnightlyCalendarId : weeklyCalendarId);
        e.put("EmployeeGroupName", pick(r, SettingsCatalogue.DEPARTMENTS));
        e.put("IsAuthorisedToApproveLeave", manager);
        e.put("IsAuthorisedToApproveTimesheets", manager);
        if (facts.terminated() != null) {
            e.put("TerminationDate", XeroFormat.msDate(facts.terminated()));
            e.put("TerminationReason", TERMINATION_REASONS[weighted(r, TERMINATION_WEIGHTS)]);
        }
        e.put("IncomeType", "SALARYANDWAGES");
        e.put("EmploymentType", "EMPLOYEE");
        e.put("IsSTP2Qualified", true);
        ArrayNode balances = e.putArray("LeaveBalances");
        long tenureYears = facts.start().until(facts.terminated() == null ? historyLastDay : facts.terminated()).toTotalMonths() / 12;
        for (LeaveType type : leaveTypes) {
            if (type.name().startsWith("Long") && tenureYears < 7) {
                continue;
            }
            double hours = facts.terminated() != null ? 0 : r.nextDouble() * type.maxHours();
            ObjectNode b = balances.addObject();
            b.put("LeaveName", type.name());
            b.put("LeaveTypeID", type.id());
            b.put("NumberOfUnits", BigDecimal.valueOf(hours).setScale(4, RoundingMode.HALF_UP));
            b.put("TypeOfUnits", "Hours");
        }
        e.put("UpdatedDateUTC", XeroFormat.msDate(stamp));
        return new JsonRecord(index, facts.id(), stamp, false, e);
    }

    /** Someone who starts today. */
    JsonRecord newEmployee(long index, long now) {
        LocalDate today = XeroFormat.day(now);
        Facts facts = new Facts(index, ids.uuid(organisation, SeededIds.PAYROLL_EMPLOYEE, index).toString(), today, null);
        return employee(index, facts, now, ids.random(organisation, SeededIds.PAYROLL_EMPLOYEE, index));
    }

    /** A terminated employee gets a correction; an active one a new phone, job title or address, or a termination today. */
    JsonRecord editEmployee(JsonRecord employee, SplittableRandom r, long now) {
        double what = r.nextDouble();
        boolean active = "ACTIVE".equals(employee.status());
        return employee.changed(now, false, e -> {
            if (active && what < 0.25) {
                e.put("Status", "TERMINATED");
                e.put("TerminationDate", XeroFormat.msDate(XeroFormat.day(now)));
                e.put("TerminationReason", "V");
                e.withArray("LeaveBalances").forEach(b -> ((ObjectNode) b).put("NumberOfUnits", BigDecimal.ZERO.setScale(4)));
            } else if (what < 0.5) {
                e.put("Mobile", "04" + digits(r, 2) + " " + digits(r, 3) + " " + digits(r, 3));
            } else if (what < 0.75) {
                e.put("JobTitle", pick(r, JOB_TITLES));
            } else {
                ((ObjectNode) e.get("HomeAddress")).put("AddressLine1", (1 + r.nextInt(240)) + " " + pick(r, STREETS) + " Street");
            }
        });
    }

    // ---- leave applications

    JsonRecord leaveApplication(long index) {
        SplittableRandom r = ids.random(organisation, SeededIds.LEAVE_APPLICATION, index);
        long stamp = leaveApplications.stamp(index);
        LocalDate applied = XeroFormat.day(stamp);
        LeaveType type = leaveType(r);
        LocalDate start = workday(applied.plusDays(3 + r.nextInt(42)));
        LocalDate end = addWorkdays(start, r.nextInt(type.maxDays()));
        Facts employee = null;
        long count = employees.count();
        for (int attempt = 0; attempt < 48 && employee == null; attempt++) {
            Facts candidate = facts(r.nextLong(count));
            if (candidate.employedThrough(start, end)) {
                employee = candidate;
            }
        }
        if (employee == null) {
            // leave taken just before a termination, by whoever was employed longest
            employee = facts(0);
            start = workday(employee.start().plusDays(30));
            end = start;
        }
        return leaveApplication(index, employee.id(), type, start, end, stamp, r);
    }

    private JsonRecord leaveApplication(long index, String employeeId, LeaveType type, LocalDate start, LocalDate end, long stamp,
                                        SplittableRandom r) {
        String id = ids.uuid(organisation, SeededIds.LEAVE_APPLICATION, index).toString();
        ObjectNode l = json.objectNode();
        l.put("LeaveApplicationID", id);
        l.put("EmployeeID", employeeId);
        l.put("LeaveTypeID", type.id());
        ArrayNode periods = l.putArray("LeavePeriods");
        LocalDate periodStart = FIRST_PAY_PERIOD.plusDays(Math.floorDiv(start.toEpochDay() - FIRST_PAY_PERIOD.toEpochDay(), 14) * 14);
        LocalDate processedBy = XeroFormat.day(stamp).isAfter(historyLastDay) ? XeroFormat.day(stamp) : historyLastDay;
        for (; !periodStart.isAfter(end); periodStart = periodStart.plusDays(14)) {
            LocalDate periodEnd = periodStart.plusDays(13);
            LocalDate from = start.isAfter(periodStart) ? start : periodStart;
            LocalDate to = end.isBefore(periodEnd) ? end : periodEnd;
            ObjectNode p = periods.addObject();
            p.put("PayPeriodStartDate", XeroFormat.msDate(periodStart));
            p.put("PayPeriodEndDate", XeroFormat.msDate(periodEnd));
            p.put("LeavePeriodStatus", periodEnd.isBefore(processedBy.minusDays(3)) ? "PROCESSED" : "SCHEDULED");
            p.put("NumberOfUnits", BigDecimal.valueOf(workdays(from, to) * HOURS_PER_DAY).setScale(4, RoundingMode.HALF_UP));
        }
        boolean cashedOut = type.name().equals("Annual Leave") && r.nextDouble() < 0.04;
        l.put("Title", cashedOut ? "Cashed out annual leave" : r.nextDouble() < 0.7 ? type.name()
                : pick(r, List.of("Family holiday", "School holidays", "Moving house", "Wedding", "Medical appointment", "Trip to Bali")));
        l.put("StartDate", XeroFormat.msDate(start));
        l.put("EndDate", XeroFormat.msDate(end));
        if (r.nextDouble() < 0.3) {
            l.put("Description", "Approved by manager");
        }
        l.put("PayOutType", cashedOut ? "CASHED_OUT" : "DEFAULT");
        l.put("UpdatedDateUTC", XeroFormat.msDate(stamp));
        return new JsonRecord(index, id, stamp, false, l, List.of());
    }

    /** Leave an active employee (as they are now) applies for today, starting in a week or few. */
    JsonRecord newLeaveApplication(long index, long now, SplittableRandom r, LongFunction<JsonRecord> currentEmployee,
                                   long employeeCount) {
        JsonRecord employee = currentEmployee.apply(r.nextLong(employeeCount));
        for (int attempt = 0; attempt < 64 && !"ACTIVE".equals(employee.status()); attempt++) {
            employee = currentEmployee.apply(r.nextLong(employeeCount));
        }
        LeaveType type = leaveType(r);
        LocalDate start = workday(XeroFormat.day(now).plusDays(7 + r.nextInt(30)));
        LocalDate end = addWorkdays(start, r.nextInt(type.maxDays()));
        return leaveApplication(index, employee.id(), type, start, end, now, r);
    }

    /** A changed description or title; the periods stay. */
    JsonRecord editLeaveApplication(JsonRecord application, SplittableRandom r, long now) {
        boolean describe = r.nextBoolean();
        return application.changed(now, false, l -> {
            if (describe) {
                l.put("Description", "Updated: " + pick(r, List.of("dates confirmed", "handover arranged", "cover organised")));
            } else {
                l.put("Title", l.path("Title").asText() + " (confirmed)");
            }
        });
    }

    private LeaveType leaveType(SplittableRandom r) {
        double draw = r.nextDouble();
        double cumulative = 0;
        for (LeaveType type : leaveTypes) {
            cumulative += type.share();
            if (draw < cumulative) {
                return type;
            }
        }
        return leaveTypes.get(0);
    }

    private static LocalDate workday(LocalDate date) {
        LocalDate d = date;
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            d = d.plusDays(1);
        }
        return d;
    }

    private static LocalDate addWorkdays(LocalDate start, int days) {
        LocalDate d = start;
        for (int added = 0; added < days; ) {
            d = d.plusDays(1);
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return d;
    }

    public static long workdays(LocalDate from, LocalDate to) {
        long days = 0;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days++;
            }
        }
        return days;
    }
}
