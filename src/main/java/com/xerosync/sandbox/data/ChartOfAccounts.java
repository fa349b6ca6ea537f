package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.data.Country.TaxClass;
import com.xerosync.sandbox.http.XeroFormat;
import com.xerosync.sandbox.settings.HistoryWindow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A demo company's chart of accounts, modelled on Xero's AU/NZ demo chart (77 accounts, three of
 * them archived). Revenue and expense accounts also say what invoice lines posted to them look
 * like, so generated invoices read like real ones.
 */
final class ChartOfAccounts {

    /** One account as a template; {@code lines} and the price range (cents) only on accounts invoices post to. */
    private record Template(String code, String name, String nzName, String type, TaxClass taxClass,
                            String description, String systemAccount, String reportingCode, String reportingName,
                            boolean archived, String bankAccountType, List<String> lines, long minCents, long maxCents) {
    }

    /** A posted-to account as invoice lines see it. */
    record Ledger(String code, String accountId, String taxType, List<String> lines, long minCents, long maxCents) {
    }

    /** Any account as other documents refer to it; {@code currency} only on bank accounts. */
    record Account(String code, String accountId, String name, String type, String taxType, String currency, boolean archived) {
    }

    private static final List<Template> TEMPLATES = List.of(
            bank("090", "Business Bank Account", "BANK", false),
            bank("091", "Business Savings Account", "BANK", false),
            bank("092", "Company Credit Card", "CREDITCARD", false),
            bank("093", "USD Trading Account", "BANK", false),
            bank("094", "Old Cheque Account", "BANK", true),
            account("200", "Sales", "REVENUE", TaxClass.SALES, "Income from any normal business activity", "REV.TRA.SER", "Revenue",
                    List.of("Consulting services", "Project delivery - milestone", "Hardware supply", "Installation services",
                            "Software licence", "Training workshop"), 8_000, 450_000),
            account("220", "Subscription Revenue", "REVENUE", TaxClass.SALES, "Recurring support and hosting plans", "REV.TRA.SER", "Revenue",
                    List.of("Monthly support retainer", "Annual maintenance plan", "Hosting subscription"), 5_000, 120_000),
            account("260", "Other Revenue", "REVENUE", TaxClass.SALES, "Any other income that does not relate to normal business activities", "REV.OTH", "Other revenue",
                    List.of("Reimbursable travel", "Late payment fee", "Materials recharge"), 2_000, 60_000),
            plain("270", "Interest Income", "OTHERINCOME", TaxClass.EXEMPT_SALES, "Interest income", "REV.INV", "Investment revenue"),
            account("300", "Purchases", "DIRECTCOSTS", TaxClass.PURCHASES, "Goods purchased for resale", "EXP.COS", "Cost of sales",
                    List.of("Stock purchase", "Wholesale goods"), 10_000, 500_000),
            account("310", "Cost of Goods Sold", "DIRECTCOSTS", TaxClass.PURCHASES, "Cost of goods sold by the business", "EXP.COS", "Cost of sales",
                    List.of("Components", "Raw materials"), 5_000, 300_000),
            account("320", "Subcontractors", "DIRECTCOSTS", TaxClass.PURCHASES, "Labour bought in for client work", "EXP.COS", "Cost of sales",
                    List.of("Subcontract labour", "Specialist contractor"), 20_000, 600_000),
            expense("400", "Advertising", TaxClass.PURCHASES, List.of("Online advertising campaign", "Print advertisement", "Trade show stand"), 10_000, 250_000),
            plain("404", "Bank Fees", "EXPENSE", TaxClass.INPUT_TAXED, "Fees charged by your bank for transactions regarding your bank account(s)", "EXP", "Expense"),
            expense("408", "Cleaning", TaxClass.PURCHASES, List.of("Office cleaning - monthly", "Window cleaning"), 8_000, 60_000),
            expense("412", "Consulting & Accounting", TaxClass.PURCHASES, List.of("Accounting fees", "Tax return preparation", "Payroll advice"), 20_000, 300_000),
            plain("416", "Depreciation", "DEPRECIATN", TaxClass.EXCLUDED, "The amount of the asset's cost allocated as an expense for the period", "EXP.DEP", "Depreciation"),
            expense("420", "Entertainment", TaxClass.PURCHASES, List.of("Client lunch", "Team dinner"), 4_000, 60_000),
            archivedExpense("421", "Entertainment - Non deductible"),
            expense("425", "Freight & Courier", TaxClass.PURCHASES, List.of("Courier - same day", "Freight charges"), 1_500, 40_000),
            expense("429", "General Expenses", TaxClass.PURCHASES, List.of("Sundry supplies", "Kitchen supplies"), 1_000, 20_000),
            expense("433", "Insurance", TaxClass.PURCHASES, List.of("Public liability insurance", "Professional indemnity insurance"), 30_000, 400_000),
            plain("437", "Interest Expense", "EXPENSE", TaxClass.INPUT_TAXED, "Any interest expenses paid to your tax authority, business bank accounts or credit card accounts", "EXP.INT", "Interest expense"),
            expense("441", "Legal expenses", TaxClass.PURCHASES, List.of("Contract review", "Trademark registration"), 30_000, 500_000),
            expense("445", "Light, Power, Heating", TaxClass.PURCHASES, List.of("Electricity", "Gas"), 10_000, 90_000),
            expense("449", "Motor Vehicle Expenses", TaxClass.PURCHASES, List.of("Fuel", "Vehicle service", "Tyres"), 5_000, 120_000),
            expense("453", "Office Expenses", TaxClass.PURCHASES, List.of("Office supplies", "Coffee machine lease"), 2_000, 50_000),
            expense("457", "Computer Software", TaxClass.PURCHASES, List.of("Design software licence", "Antivirus renewal"), 5_000, 200_000),
            expense("461", "Printing & Stationery", TaxClass.PURCHASES, List.of("Business cards", "Printer toner"), 3_000, 40_000),
            archivedExpense("464", "Postage"),
            expense("469", "Rent", TaxClass.PURCHASES, List.of("Office rent"), 150_000, 600_000),
            expense("473", "Repairs and Maintenance", TaxClass.PURCHASES, List.of("Air conditioning repair", "Plumbing repair"), 10_000, 150_000),
            plain("477", "Wages and Salaries", "EXPENSE", TaxClass.EXCLUDED, "Payment to employees in exchange for their resources", "EXP.EMP.WAG", "Wages and salaries"),
            new Template("478", "Superannuation", "KiwiSaver Employer Contributions", "EXPENSE", TaxClass.EXCLUDED,
                    "Employer retirement contributions", null, "EXP.EMP.SUP", "Superannuation", false, null, List.of(), 0, 0),
            expense("480", "Staff Training", TaxClass.PURCHASES, List.of("First aid course", "Leadership workshop"), 20_000, 250_000),
            expense("485", "Subscriptions", TaxClass.PURCHASES, List.of("Cloud software subscription", "Industry association membership"), 1_500, 80_000),
            expense("489", "Telephone & Internet", TaxClass.PURCHASES, List.of("Mobile plan", "Broadband"), 5_000, 40_000),
            expense("493", "Travel - National", TaxClass.PURCHASES, List.of("Domestic flights", "Accommodation"), 15_000, 150_000),
            expense("494", "Travel - International", TaxClass.EXEMPT_PURCHASES, List.of("International flights", "Overseas accommodation"), 80_000, 500_000),
            system("497", "Bank Revaluations", "EXPENSE", "BANKCURRENCYGAIN", "EXP.FOR", "Foreign exchange"),
            system("498", "Unrealised Currency Gains", "EXPENSE", "UNREALISEDCURRENCYGAIN", "EXP.FOR", "Foreign exchange"),
            system("499", "Realised Currency Gains", "EXPENSE", "REALISEDCURRENCYGAIN", "EXP.FOR", "Foreign exchange"),
            plain("505", "Income Tax Expense", "EXPENSE", TaxClass.EXCLUDED, "A percentage of total earnings paid to the government", "EXP.INC", "Income tax expense"),
            system("610", "Accounts Receivable", "CURRENT", "DEBTORS", "ASS.CUR.REC.TRA", "Trade receivables"),
            plain("611", "Less Provision for Doubtful Debts", "CURRENT", TaxClass.EXCLUDED, "Allowance for receivables unlikely to be collected", "ASS.CUR.REC.TRA", "Trade receivables"),
            plain("615", "Sundry Debtors", "CURRENT", TaxClass.EXCLUDED, "Amounts owed by parties other than trade customers", "ASS.CUR.REC.OTH", "Other receivables"),
            plain("620", "Prepayments", "PREPAYMENT", TaxClass.EXCLUDED, "An expenditure that has been paid for in advance", "ASS.CUR.REC.PRE", "Prepayments"),
            plain("630", "Inventory", "INVENTORY", TaxClass.EXCLUDED, "Value of tracked items for resale", "ASS.CUR.INY", "Inventory"),
            plain("640", "Undeposited Funds", "CURRENT", TaxClass.EXCLUDED, "Receipts not yet banked", "ASS.CUR.CAS", "Cash"),
            plain("710", "Office Equipment", "FIXED", TaxClass.CAPITAL, "Office equipment that is owned and controlled by the business", "ASS.NCA.FIX.OWN", "Plant and equipment"),
            plain("711", "Less Accumulated Depreciation on Office Equipment", "FIXED", TaxClass.EXCLUDED, "The total amount of office equipment cost that has been consumed by the entity", "ASS.NCA.FIX.OWN.ACC", "Accumulated depreciation"),
            plain("720", "Computer Equipment", "FIXED", TaxClass.CAPITAL, "Computer equipment that is owned and controlled by the business", "ASS.NCA.FIX.OWN", "Plant and equipment"),
            plain("721", "Less Accumulated Depreciation on Computer Equipment", "FIXED", TaxClass.EXCLUDED, "The total amount of computer equipment cost that has been consumed by the business", "ASS.NCA.FIX.OWN.ACC", "Accumulated depreciation"),
            plain("730", "Motor Vehicles", "FIXED", TaxClass.CAPITAL, "Vehicles owned by the business", "ASS.NCA.FIX.OWN", "Plant and equipment"),
            plain("731", "Less Accumulated Depreciation on Motor Vehicles", "FIXED", TaxClass.EXCLUDED, "Vehicle cost consumed to date", "ASS.NCA.FIX.OWN.ACC", "Accumulated depreciation"),
            plain("740", "Furniture & Fittings", "FIXED", TaxClass.CAPITAL, "Office furniture and fit-out", "ASS.NCA.FIX.OWN", "Plant and equipment"),
            plain("750", "Intangible Assets", "NONCURRENT", TaxClass.EXCLUDED, "Software development and trademarks", "ASS.NCA.INT", "Intangibles"),
            system("800", "Accounts Payable", "CURRLIAB", "CREDITORS", "LIA.CUR.PAY.TRA", "Trade payables"),
            system("801", "Unpaid Expense Claims", "CURRLIAB", "UNPAIDEXPCLM", "LIA.CUR.PAY.OTH", "Other payables"),
            system("803", "Wages Payable", "CURRLIAB", "WAGEPAYABLES", "LIA.CUR.PAY.EMP", "Employee payables"),
            plain("804", "Accrued Liabilities", "CURRLIAB", TaxClass.EXCLUDED, "Expenses incurred but not yet invoiced", "LIA.CUR.PAY.OTH", "Other payables"),
            system("820", "GST", "CURRLIAB", "GST", "LIA.CUR.TAX.GST", "GST payable"),
            new Template("825", "PAYG Withholdings Payable", "PAYE Payable", "CURRLIAB", TaxClass.EXCLUDED,
                    "Tax withheld from wages, owed to the tax authority", null, "LIA.CUR.TAX.WIT", "Withholding payable", false, null, List.of(), 0, 0),
            new Template("826", "Superannuation Payable", "KiwiSaver Payable", "CURRLIAB", TaxClass.EXCLUDED,
                    "Retirement contributions owed for employees", null, "LIA.CUR.PAY.EMP", "Employee payables", false, null, List.of(), 0, 0),
            plain("830", "Income Tax Payable", "CURRLIAB", TaxClass.EXCLUDED, "The amount of income tax that is due to be paid", "LIA.CUR.TAX.INC", "Income tax payable"),
            plain("835", "Revenue Received in Advance", "CURRLIAB", TaxClass.EXCLUDED, "Payments for work not yet delivered", "LIA.CUR.DEF", "Deferred revenue"),
            system("840", "Historical Adjustment", "CURRLIAB", "HISTORICAL", "LIA.CUR", "Current liabilities"),
            plain("850", "Suspense", "CURRLIAB", TaxClass.EXCLUDED, "An entry that allows an unknown transaction to be entered", "LIA.CUR", "Current liabilities"),
            system("860", "Rounding", "CURRLIAB", "ROUNDING", "LIA.CUR", "Current liabilities"),
            system("877", "Tracking Transfers", "CURRLIAB", "TRACKINGTRANSFERS", "LIA.CUR", "Current liabilities"),
            plain("880", "Owner A Drawings", "EQUITY", TaxClass.EXCLUDED, "Withdrawals by the owners", "EQU.DRA", "Drawings"),
            plain("881", "Owner A Funds Introduced", "EQUITY", TaxClass.EXCLUDED, "Funds contributed by the owner", "EQU.CON", "Contributed capital"),
            plain("890", "Credit Card Clearing", "CURRLIAB", TaxClass.EXCLUDED, "Card settlements in transit", "LIA.CUR", "Current liabilities"),
            plain("900", "Loan", "TERMLIAB", TaxClass.EXCLUDED, "Money that has been borrowed from a creditor", "LIA.NCL.LOA", "Loans"),
            plain("910", "Equipment Finance", "TERMLIAB", TaxClass.EXCLUDED, "Hire purchase on equipment", "LIA.NCL.LOA", "Loans"),
            system("960", "Retained Earnings", "EQUITY", "RETAINEDEARNINGS", "EQU.RET", "Retained earnings"),
            plain("970", "Owner A Share Capital", "EQUITY", TaxClass.EXCLUDED, "The value of shares purchased by the shareholders", "EQU.SHA", "Share capital"));

    private final List<ObjectNode> accounts = new ArrayList<>();
    private final List<Long> stamps = new ArrayList<>();
    private final List<Ledger> revenue = new ArrayList<>();
    private final List<Ledger> expenses = new ArrayList<>();
    private final Map<String, Account> byCode = new LinkedHashMap<>();

    /** Accounts are few, so they are built once and kept; their UpdatedDateUTC is the chart's set-up, just before the history starts. */
    ChartOfAccounts(SeededIds ids, int organisation, Country country, HistoryWindow history, JsonNodeFactory json) {
        Timeline setup = new Timeline(ids, organisation, SeededIds.ACCOUNT, TEMPLATES.size(),
                history.start() - 30 * XeroFormat.DAY_MILLIS, history.start());
        for (int i = 0; i < TEMPLATES.size(); i++) {
            Template t = TEMPLATES.get(i);
            String accountId = ids.uuid(organisation, SeededIds.ACCOUNT, i).toString();
            long updated = setup.stamp(i);
            accounts.add(toJson(t, accountId, updated, country, ids.random(organisation, SeededIds.ACCOUNT, i), json));
            stamps.add(updated);
            ObjectNode node = accounts.get(i);
            byCode.put(t.code, new Account(t.code, accountId, node.get("Name").asText(), t.type, country.taxType(t.taxClass),
                    node.has("CurrencyCode") ? node.get("CurrencyCode").asText() : null, t.archived));
            if (!t.archived && !t.lines.isEmpty()) {
                Ledger ledger = new Ledger(t.code, accountId, country.taxType(t.taxClass), t.lines, t.minCents, t.maxCents);
                (classOf(t.type).equals("REVENUE") ? revenue : expenses).add(ledger);
            }
        }
    }

    /** In UpdatedDateUTC order; callers must copy before changing them. */
    List<ObjectNode> accounts() {
        return accounts;
    }

    long updated(int position) {
        return stamps.get(position);
    }

    List<Ledger> revenue() {
        return revenue;
    }

    List<Ledger> expenses() {
        return expenses;
    }

    /** The account with that code, as generated (changes and deletions since do not show here). */
    Account account(String code) {
        Account account = byCode.get(code);
        if (account == null) {
            throw new IllegalArgumentException("No account " + code + " in the chart");
        }
        return account;
    }

    /** Every account as generated, in chart order, archived ones included. */
    List<Account> all() {
        return List.copyOf(byCode.values());
    }

    /** Whether the chart has (had) an account with that code. */
    boolean has(String code) {
        return byCode.containsKey(code);
    }

    /** Active bank accounts (type BANK, including the credit card), in code order. */
    List<Account> bankAccounts() {
        return byCode.values().stream().filter(a -> a.type().equals("BANK") && !a.archived()).toList();
    }

    private static ObjectNode toJson(Template t, String accountId, long updated, Country country,
                                     SplittableRandom random, JsonNodeFactory json) {
        ObjectNode a = json.objectNode();
        a.put("AccountID", accountId);
        a.put("Code", t.code);
        a.put("Name", country == Country.NZ && t.nzName != null ? t.nzName : t.name);
        a.put("Status", t.archived ? "ARCHIVED" : "ACTIVE");
        a.put("Type", t.type);
        a.put("TaxType", country.taxType(t.taxClass));
        if (t.bankAccountType == null) {
            a.put("Description", t.description);
        }
        a.put("Class", classOf(t.type));
        if (t.systemAccount != null) {
            a.put("SystemAccount", t.systemAccount);
        }
        a.put("EnablePaymentsToAccount", t.code.equals("881") || t.code.equals("880"));
        a.put("ShowInExpenseClaims", t.type.equals("EXPENSE") && !t.lines.isEmpty());
        if (t.bankAccountType != null) {
            a.put("BankAccountNumber", bankAccountNumber(country, random));
            a.put("BankAccountType", t.bankAccountType);
            a.put("CurrencyCode", t.code.equals("093") ? "USD" : country.currency);
        }
        a.put("ReportingCode", t.reportingCode);
        a.put("ReportingCodeName", t.reportingName);
        a.put("HasAttachments", false);
        a.put("UpdatedDateUTC", XeroFormat.msDate(updated));
        a.put("AddToWatchlist", t.bankAccountType != null || t.code.equals("200"));
        return a;
    }

    private static String bankAccountNumber(Country country, SplittableRandom random) {
        StringBuilder digits = new StringBuilder(country == Country.AU ? "06" : "02");
        int length = country == Country.AU ? 14 : 16;
        while (digits.length() < length) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    /** The account class (ASSET, LIABILITY, EQUITY, REVENUE, EXPENSE) of an account type. */
    static String classOf(String type) {
        return switch (type) {
            case "BANK", "CURRENT", "FIXED", "INVENTORY", "NONCURRENT", "PREPAYMENT" -> "ASSET";
            case "CURRLIAB", "LIABILITY", "TERMLIAB", "PAYG" -> "LIABILITY";
            case "EQUITY" -> "EQUITY";
            case "REVENUE", "SALES", "OTHERINCOME" -> "REVENUE";
            default -> "EXPENSE";
        };
    }

    private static Template bank(String code, String name, String bankType, boolean archived) {
        return new Template(code, name, null, "BANK", TaxClass.EXCLUDED, null, null, "ASS.CUR.CAS.BAN", "Cash at bank",
                archived, bankType, List.of(), 0, 0);
    }

    private static Template account(String code, String name, String type, TaxClass taxClass, String description,
                                    String reportingCode, String reportingName, List<String> lines, long minCents, long maxCents) {
        return new Template(code, name, null, type, taxClass, description, null, reportingCode, reportingName,
                false, null, lines, minCents, maxCents);
    }

    private static Template expense(String code, String name, TaxClass taxClass, List<String> lines, long minCents, long maxCents) {
        return account(code, name, "EXPENSE", taxClass, name + " costs", "EXP", "Expense", lines, minCents, maxCents);
    }

    private static Template archivedExpense(String code, String name) {
        return new Template(code, name, null, "EXPENSE", TaxClass.PURCHASES, name + " (no longer used)", null, "EXP", "Expense",
                true, null, List.of(), 0, 0);
    }

    private static Template plain(String code, String name, String type, TaxClass taxClass, String description,
                                  String reportingCode, String reportingName) {
        return account(code, name, type, taxClass, description, reportingCode, reportingName, List.of(), 0, 0);
    }

    private static Template system(String code, String name, String type, String systemAccount,
                                   String reportingCode, String reportingName) {
        return new Template(code, name, null, type, TaxClass.EXCLUDED, name, systemAccount, reportingCode, reportingName,
                false, null, List.of(), 0, 0);
    }
}
