/**
 * The built-in offline Xero sandbox: {@link com.xerosync.sandbox.XeroSandbox} serves Xero's identity
 * service, accounting API, AU Payroll v1 and the declared APIs (Projects) over real HTTP with deterministic Demo
 * Company data. The service reaches it only through {@link com.xerosync.sandbox.EmbeddedSandbox}.
 *
 * <p>Its packages depend one way: {@code api} (the HTTP side of Xero's APIs) on {@code identity} (login, consent,
 * tokens, connections), {@code data} (the generated organisations), {@code faults} and {@code limits}; those on
 * {@code endpoints} (what is served, with its paging and scopes) and {@code settings} (sizes, app, plan, clock); all
 * on {@code http} (Xero's wire format).
 *
 * <h2>Endpoints</h2>
 * Under {@code /api.xro/2.0/} (payroll under {@code /payroll.xro/1.0/}); the response key is the
 * path name except Organisation (Organisations) and InvoiceReminders/Settings (InvoiceReminders).
 * In the Java API payroll's collections are "Employees" and "LeaveApplications" (also
 * "PayrollEmployees", "PayrollLeaveApplications"): nothing in accounting has those names since its
 * own Employees endpoint was removed. Paging as Xero's API reference (developer.xero.com/documentation/api/accounting) documents it:
 * P+S = {@code page} + {@code pageSize} (default 100, at most 1000) with the {@code pagination}
 * object; P = {@code page} only, always 100, no pagination object; – = none (page is ignored).
 * Unpaged GETs of P and P+S endpoints leave out LineItems/JournalLines (Journals always carry
 * their lines; payroll listings are complete). IMS = If-Modified-Since
 * honoured (elsewhere the header is ignored). "/{id}" = single-record GET.
 * <pre>
 * accounting.settings   Organisation –  · Accounts – IMS /{id} · BrandingThemes – /{id} · Currencies – ·
 *                       Items – IMS /{id or Code} · InvoiceReminders/Settings – · TaxRates – /{TaxType} ·
 *                       TrackingCategories – includeArchived /{id} · Users – IMS /{id}
 * accounting.contacts   Contacts P+S IMS includeArchived /{id or ContactNumber} · ContactGroups – /{id}
 * accounting.transactions
 *                       Invoices, CreditNotes, BankTransactions, ManualJournals, Overpayments, Payments,
 *                       Prepayments: P+S IMS /{id} · PurchaseOrders P+S IMS /{id or number} ·
 *                       Quotes P IMS /{id} · LinkedTransactions P /{id} · BankTransfers – IMS includeDeleted /{id} ·
 *                       BatchPayments, ExpenseClaims, Receipts – IMS /{id} · RepeatingInvoices – /{id}
 * accounting.journals.read
 *                       Journals offset IMS(CreatedDateUTC) paymentsOnly /{JournalID or JournalNumber}
 * accounting.budgets.read
 *                       Budgets – IDs /{id} (DateFrom, DateTo keep those months' balances)
 * accounting.reports.read (or accounting.reports.&lt;name&gt;.read, in brackets)
 *                       Reports/ProfitAndLoss (profitandloss): fromDate toDate periods timeframe paymentsOnly ·
 *                       Reports/BalanceSheet (balancesheet): date periods timeframe paymentsOnly ·
 *                       Reports/TrialBalance (trialbalance): date paymentsOnly · Reports/BankSummary (banksummary):
 *                       fromDate toDate · Reports/ExecutiveSummary (executivesummary): date · Reports/BudgetSummary
 *                       (budgetsummary): date periods timeframe(1|3|12) · Reports/AgedReceivablesByContact,
 *                       AgedPayablesByContact (aged): contactId (required) date fromDate toDate ·
 *                       Reports (taxreports): the published tax returns · Reports/{ReportID} (taxreports)
 * payroll.employees(.read), under /payroll.xro/1.0/, Australian organisations only
 *                       Employees P IMS /{id} · LeaveApplications (and LeaveApplications/v2) P IMS /{id}
 * </pre>
 * Journals: {@code offset=N} answers JournalNumber &gt; N, oldest first, 100 a call (no offset: from 1);
 * {@code paymentsOnly=true} the cash basis, numbered on its own. Report dates default to the sandbox's
 * "today" (that of its books, see below): the current month for ranges, today for "as at" reports.
 * Without {@code periods} the balance sheet compares with the same date a year earlier (two columns);
 * {@code periods=N} (with {@code timeframe}, MONTH by default) adds N earlier columns to any of them.
 * {@code order}: {@code UpdatedDateUTC [ASC|DESC]} on endpoints with UpdatedDateUTC (payroll's too) (BankTransfers:
 * CreatedDateUTC, UpdatedDateUTC accepted too); {@code Name} on TaxRates, TrackingCategories and
 * ContactGroups, {@code Code} on Currencies (their only order); ignored where the spec has no
 * {@code order} (BrandingThemes, InvoiceReminders, LinkedTransactions, Organisation); anything else
 * answers 400 rather than being silently ignored. ContactGroups list their members ({@code Contacts})
 * only on the single-group GET, as the spec's examples do; contacts list the groups they are in.
 *
 * <h2>Data</h2>
 * <ul>
 *   <li>Organisation 1 is "Demo Company (AU)" (AUD), 2 is "Demo Company (NZ)" (NZD), further ones
 *       "Demo Company N", alternating AU and NZ. The first has the configured number of contacts and
 *       invoices, every other one half (defaults: 3000 + 20000 and 1500 + 10000), each with a 77-account chart.</li>
 *   <li>Settings, per organisation: 3 branding themes; currencies (home, USD, GBP, EUR); 17 items
 *       (3 tracked as inventory, with QuantityOnHand and TotalCostPool); the AU or NZ GST tax rates
 *       (every TaxType the chart and documents use, a compound and a DELETED custom rate); tracking
 *       categories Region and Department (active, each with an archived option) and Project
 *       (archived); 5 users; 4 contact groups (one DELETED).</li>
 *   <li>Transactions, for an organisation with N invoices ({@code Sizes}):
 *       bank transactions N/2; bank transfers and manual journals 10 + N/40; purchase orders and
 *       quotes 5 + N/20; expense claims 4 + N/200 with up to three receipts each (3 slots per claim:
 *       unused slots are unclaimed receipts); linked transactions 5 + N/100; repeating invoices
 *       4 + N/400. Derived from the invoices: one payment per paid or part-paid invoice (about 0.8 N),
 *       a credit note for 5%, a prepayment for 2%, an overpayment for 1.5%, and batch payments
 *       grouping 2–4 paid home-currency bills or sales (about 0.08 N). Defaults, first organisation:
 *       10000 bank transactions, 510 transfers, 510 journals, 1005 orders, 1005 quotes, 104 claims,
 *       312 receipts, 205 links, 54 repeating invoices, 15837 payments, 1603 batches, 1008 credit
 *       notes, 402 prepayments, 302 overpayments.</li>
 *   <li>Consistency: an invoice's AmountPaid is the sum of its AUTHORISED payments (same ids, dates
 *       and amounts); AmountCredited the sum of the credit notes, prepayments and overpayments
 *       allocated to it (each allocation at most the credit's total, same contact and currency);
 *       AmountDue + AmountPaid + AmountCredited = Total; FullyPaidOnDate is the last payment or
 *       allocation. Batch payments list payments that carry their BatchPaymentID, date and total.
 *       Manual journals balance. Bank transactions, transfers and payments use the chart's bank
 *       accounts; lines use its accounts, active tracking options and item codes (where the
 *       account and description are an item's). Claims' receipts exist with the claim's user and a
 *       status following the claim's. Linked transactions point at a bill's line and (BILLED,
 *       ONDRAFT) a later sales invoice's line to the same contact.</li>
 *   <li>Generated history spans the 42 months (three and a half years) before "today"
 *       ({@code SandboxSettings.today}: the wall clock's day, UTC, unless pinned with {@code sandbox.today}), up to
 *       the start of that day ({@code HistoryWindow}): nothing generated is later than the current time, documents
 *       are dated up to yesterday, and the sync's last twelve months all carry data. The same seed and the same
 *       "today" give byte-identical data. UpdatedDateUTC rises with a
 *       record's index, so the default order, paging and If-Modified-Since are index arithmetic;
 *       contacts, invoices and transactions are rebuilt from (seed, organisation, index) on every
 *       request. Payments, credits and batches are found through an index of the generated invoices
 *       (a few int arrays, built on first use), so memory stays small whatever the sizes.</li>
 *   <li>Changes ({@code applyChanges}) live in a small overlay, stamped with consecutive
 *       milliseconds of the sandbox clock (no two changed records of a collection share a
 *       timestamp). A change reaches other collections as at Xero: paying or deleting a payment
 *       changes its invoice, an invoice edit adds or deletes payments, deleting a batch payment
 *       deletes its payments and reopens its invoices, an allocated credit changes its invoice, a
 *       claim's receipts follow it. The books' clock ({@code SandboxClock}) starts where the history
 *       ends, the start of "today" (reports take their "today" and UpdatedDateUTC from it, so they
 *       are byte-identical per seed and day), and moves to the wall clock, or past the last change,
 *       when changes are applied. The envelope's DateTimeUTC is the current time
 *       ({@code SandboxSettings.clock}), never earlier than the last change nor than an earlier
 *       answer; a change is stamped after every DateTimeUTC served before it, even within the same
 *       millisecond.</li>
 *   <li>Hard deletes ({@code deleteRecord}: Accounts, Items, TrackingCategories, LinkedTransactions;
 *       {@code deleteTrackingOption}) make records vanish from every listing; documents keep their
 *       references, and no timestamp moves.</li>
 *   <li>General ledger ({@code GeneralLedger}, {@code JournalRules}): every document that posts, as
 *       generated and as changed. Accrual basis: approved (AUTHORISED, PAID) invoices and credit
 *       notes against receivables 610 / payables 800, each line exclusive of tax with its TaxType
 *       and tracking and the tax on GST 820; invoice payments (bank against 610/800); prepayments
 *       and overpayments (bank against 610/800: they sit there until allocated, which posts
 *       nothing); spend/receive money (lines against the bank account); transfers (bank to bank,
 *       with their tracking); POSTED and ARCHIVED manual journals (their own lines); approved expense
 *       claims (the receipts' lines against unpaid claims 801) and their payments (801 against 090).
 *       Cash basis ({@code paymentsOnly}): payments post the paid share of the invoice's lines and
 *       tax against the bank; prepayments and overpayments post their own lines when received, and
 *       an allocation posts the allocated share of the invoice against the same share of the credit;
 *       bank transactions and transfers as on accrual; manual journals with ShowOnCashBasisReports;
 *       claims when paid. Voided or deleted documents that had posted (VOIDED invoices and credits,
 *       VOIDED/DELETED bank transactions, DELETED transfers and payments, VOIDED manual journals and
 *       claims) post a reversal, dated as the original; drafts, submitted and deleted drafts post
 *       nothing. Everything is in the home currency, foreign documents converted line by line at
 *       their own rate (no currency gains or losses are posted). Each journal balances.
 *       CreatedDateUTC: a generated journal was posted during the working day of its date, never
 *       after its document was last changed; a reversal when it was. JournalNumber follows
 *       CreatedDateUTC. On first use every generated document is built once (about 2 s and 6 MB
 *       for the default first organisation's 49 000 accrual and 30 000 cash journals) and only an
 *       index is kept: CreatedDateUTC and (document kind, index, which of its journals) per number,
 *       running totals per account and day, and GST per TaxType and month; a page rebuilds its
 *       documents. Changes ({@code applyChanges}) post new journals, compared with the changed
 *       records' previous versions, stamped with the change and numbered after every other:
 *       journals never change.</li>
 *   <li>Budgets ({@code BudgetFactory}): an OVERALL budget over 24 months from the start of the
 *       financial year the history ends in (AU from July, NZ from April) and one or two TRACKING budgets
 *       (a Region, maybe the Sales department) over 12; a line per profit and loss account posted to,
 *       each month what the account did in that month a year (two) earlier, grown 3–9% a year, in
 *       whole dollars (a tracking budget a 12–32% share). Built from the generated journals, once.</li>
 *   <li>Reports ({@code ReportFactory}) from the ledger's totals, so they agree with the journals:
 *       profit and loss (Income, Less Cost of Sales, Gross Profit, Other Income, Less Operating
 *       Expenses, Net Profit; the last two rows always, even for a month without postings); balance
 *       sheet (Bank, Current, Fixed and Non-current Assets, Current and Non-current Liabilities,
 *       Net Assets, Equity with Current Year Earnings and Retained Earnings including earlier
 *       years' profit); trial balance (month-to-date and year-to-date debit and credit per account;
 *       balance sheet accounts' YTD is their balance); bank summary (opening, received, spent,
 *       closing per bank account); executive summary (this month against last); budget summary
 *       (the overall budget); aged receivables/payables for one contact (its approved invoices
 *       owing on the date, from the invoices as they are now: Due agrees with AmountDue); and four
 *       published tax returns, filed from the generated journals: BAS quarters (AU: G1, G2, G3,
 *       1A, G10, G11, 1B, 9) or two-monthly GST returns (NZ: boxes 5–15). A SummaryRow after Rows
 *       totals them; one alone in an untitled Section is a grand total (Total Assets).</li>
 *   <li>AU payroll ({@code PayrollFactory}), Australian organisations only: 20 + N/500 employees
 *       (at most 60: 60 for the default first organisation) with home address, leave balances,
 *       about one in six TERMINATED (TerminationDate, TerminationReason); three leave applications
 *       per employee, within their employment, split over fortnightly pay periods (7.6 hours a
 *       workday; PROCESSED once the period is over, else SCHEDULED). {@code applyChanges} works on
 *       Employees (new starters, terminations, new phone, job or address) and LeaveApplications.</li>
 *   <li>Amounts: money with 2 decimals, Quantity with 4, CurrencyRate with 6, tax rates with 4.
 *       Totals derive from lines (Exclusive: tax on top; Inclusive: tax inside LineAmount,
 *       SubTotal excludes it); debits are positive and credits negative on journal lines.</li>
 * </ul>
 *
 * <h2>Scopes</h2>
 * Authorize grants exactly the scopes asked for; none asked grants everything (offline_access,
 * the accounting scopes, and the optional accounting.journals.read, accounting.budgets.read and
 * payroll.employees.read). Unknown scope names answer {@code invalid_scope}; the 2026 granular
 * names of Xero's scopes page (developer.xero.com/documentation/guides/oauth2/scopes) are known. Each endpoint needs its broad scope, its {@code .read}
 * variant or a granular equivalent (Journals only accounting.journals.read, Budgets only
 * accounting.budgets.read, each report accounting.reports.read or its own granular scope, the
 * published returns accounting.reports.taxreports.read, payroll payroll.employees(.read)) ({@link com.xerosync.sandbox.XeroSandbox#requiredScopes()},
 * {@link com.xerosync.sandbox.XeroSandbox#acceptedScopes()}); without one it answers 403
 * (Detail AuthorizationUnsuccessful, {@code WWW-Authenticate: Bearer error="insufficient_scope"}).
 *
 * <h2>Where the spec and Xero's answers differ</h2>
 * <ul>
 *   <li>BankTransaction requires LineItems, but unpaged listings leave line items out: they carry
 *       {@code "LineItems": []}. (Invoices, which do not require it, leave the field out.)</li>
 *   <li>Fields in the spec's examples but not its schemas are left out (ContactGroup
 *       HasValidationErrors, a credit note's ID, tracking options' IsActive…), except the
 *       {@code …String} twins of dates, which Xero sends: DateString on invoices (and DueDateString),
 *       bank transactions, bank transfers (and CreatedDateUTCString, zone-less ISO seconds), credit
 *       notes, prepayments, overpayments and purchase orders (and DeliveryDateString), as each
 *       entity's examples carry them (quotes and batch payments declare theirs).</li>
 *   <li>Dates are {@code /Date(ms+0000)/}, except where the spec's examples write them without an
 *       offset, {@code /Date(ms)/}: quotes' Date, ExpiryDate and UpdatedDateUTC, the organisation's
 *       CreatedDateUTC, reports' UpdatedDateUTC, and the envelope's DateTimeUTC. A change keeps the
 *       form the record had.</li>
 *   <li>The envelope's ProviderName is the name of the calling app ({@code sandbox.app-name}, the
 *       name the consent page shows), as Xero's is.</li>
 *   <li>Budgets: the listing leaves BudgetLines and Tracking empty, as the spec's example of
 *       {@code GET /Budgets} does; the example's {@code Status} is not in the Budget schema and is left
 *       out. BudgetBalance Period follows the schema ({@code x-is-msdate}: the first of the month as
 *       {@code /Date(…)/}), not the example's "2019-08"; the single-budget example's object (not
 *       array) {@code Budgets} and ISO UpdatedDateUTC are not followed either.</li>
 *   <li>Reports: the standard reports carry {@code ReportID} = their type ("ProfitAndLoss"), as Xero
 *       answers, though the spec's examples leave it out; {@code GET /Reports} lists the published
 *       returns without Rows or Fields (ReportType "BASReport"/"GSTReport", ReportName "Activity
 *       Statement"/"GST Return": Xero documents neither). Total Assets, Total Liabilities and the
 *       budget summary's Gross/Net Profit are lone SummaryRows in untitled Sections, as in the examples.</li>
 *   <li>AU Payroll: listings carry HomeAddress and LeaveBalances (the spec's listing examples show
 *       fewer fields; a sync stores them from the listing). Organisations outside Australia answer
 *       404 (ErrorNumber 404, Type NotFound): the AU API does not serve them (which status Xero uses
 *       is not documented; 404 tells a sync "not served here" rather than "reconnect").</li>
 *   <li>BankTransfers have no UpdatedDateUTC: If-Modified-Since and ordering use CreatedDateUTC, or
 *       for a transfer changed since (e.g. deleted) the time of the change; CreatedDateUTC itself
 *       never changes (what Xero compares is not documented).</li>
 * </ul>
 *
 * <h2>Emulated, and not</h2>
 * <ul>
 *   <li>Ignored: {@code where}, {@code IDs}, {@code Statuses}, {@code ContactIDs},
 *       {@code InvoiceNumbers}, {@code searchTerm}, {@code summaryOnly}, {@code unitdp},
 *       {@code createdByMyApp}, {@code DateFrom}/{@code DateTo}/{@code Status} (Quotes,
 *       PurchaseOrders), the LinkedTransactions filters, {@code References}.</li>
 *   <li>Reports ignore {@code trackingCategoryID}/{@code trackingOptionID} (1 and 2) and
 *       {@code standardLayout}; the published tax returns are fixed (changes made since do not
 *       reach them); the executive summary's ratios are plain ones (no annualised return on
 *       investment). Payroll ignores {@code where}; accounting's own Employees endpoint (removed in
 *       April 2026) answers 404.</li>
 *   <li>Not served: attachments, History, PDFs, online invoices, CIS settings, Reports/TenNinetyNine,
 *       payroll beyond Employees and LeaveApplications (PayItems, PayRuns, Timesheets…, and the NZ
 *       and UK payroll APIs). Payments cover invoice payments only (no credit-note refunds or
 *       pre/overpayment payments); expense claim payments appear only on their claims; the bank
 *       transactions behind transfers, prepayments and overpayments are not listed.</li>
 *   <li>Writes (PUT/POST/DELETE on the accounting API) answer 501; refresh tokens do not expire
 *       after 60 days unused.</li>
 *   <li>The authorize step has Xero's pages, plainly: a login page for one user
 *       ({@code demo@xero-sandbox.local}, password {@code sandbox}; no sign-up, multi-factor or
 *       "remember me", no cookies: the pages carry an opaque request id, good for 10 minutes and
 *       answered once), then a consent page listing the scopes in words and one checkbox per
 *       organisation; the code's grant connects only the organisations left ticked. Cancel
 *       redirects with {@code error=access_denied}. {@code POST /connect/revocation} ends a refresh
 *       token's grant (its tokens and connections); an unknown token is no error (RFC 7009).</li>
 *   <li>Rate limits ({@link com.xerosync.config.XeroRateLimits}) are counted in fixed windows as Xero
 *       counts them (an organisation's minute at a phase of its own, days from UTC midnight) and
 *       reported in the {@code X-*Limit-Remaining} headers of every answer; enforced (429,
 *       {@code Retry-After}, {@code X-Rate-Limit-Problem}) only when the settings say so. A
 *       custom connection's requests without a tenant header are counted as one organisation.</li>
 *   <li>Faults ({@link com.xerosync.sandbox.faults.SandboxFault}): error statuses, dropped connections and
 *       slow answers, by path, organisation and rate, injected through the Java API or configuration.</li>
 *   <li>Refresh tokens are issued only when the granted scope has {@code offline_access}, as at Xero.
 *       Custom connections (client_credentials) may omit the xero-tenant-id header.</li>
 * </ul>
 */
package com.xerosync.sandbox;
