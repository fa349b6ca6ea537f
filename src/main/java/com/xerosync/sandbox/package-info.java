/**
 * The built-in offline Xero sandbox: {@link com.xerosync.sandbox.XeroSandbox} serves Xero's identity
 * service and accounting API over real HTTP with deterministic Demo Company data.
 *
 * <h2>Endpoints</h2>
 * Under {@code /api.xro/2.0/}; the response key is the path name except Organisation
 * (Organisations) and InvoiceReminders/Settings (InvoiceReminders). Paging as XERO-API.md §3:
 * P+S = {@code page} + {@code pageSize} (default 100, at most 1000) with the {@code pagination}
 * object; P = {@code page} only, always 100, no pagination object; – = none (page is ignored).
 * Unpaged GETs of P and P+S endpoints leave out LineItems/JournalLines. IMS = If-Modified-Since
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
 * </pre>
 * {@code order}: {@code UpdatedDateUTC [ASC|DESC]} on endpoints with UpdatedDateUTC (BankTransfers:
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
 *   <li>Generated history spans 2023-01-01 .. 2026-06-30 UTC. UpdatedDateUTC rises with a
 *       record's index, so the default order, paging and If-Modified-Since are index arithmetic;
 *       contacts, invoices and transactions are rebuilt from (seed, organisation, index) on every
 *       request. Payments, credits and batches are found through an index of the generated invoices
 *       (a few int arrays, built on first use), so memory stays small whatever the sizes.</li>
 *   <li>Changes ({@code applyChanges}) live in a small overlay, stamped with consecutive
 *       milliseconds of the sandbox clock (no two changed records of a collection share a
 *       timestamp). A change reaches other collections as at Xero: paying or deleting a payment
 *       changes its invoice, an invoice edit adds or deletes payments, deleting a batch payment
 *       deletes its payments and reopens its invoices, an allocated credit changes its invoice, a
 *       claim's receipts follow it. The clock starts at the end of the history (that is the
 *       envelope's DateTimeUTC, so responses are byte-identical per seed) and moves to the wall
 *       clock, or past the last change, when changes are applied.</li>
 *   <li>Hard deletes ({@code deleteRecord}: Accounts, Items, TrackingCategories, LinkedTransactions;
 *       {@code deleteTrackingOption}) make records vanish from every listing; documents keep their
 *       references, and no timestamp moves.</li>
 *   <li>Amounts: money with 2 decimals, Quantity with 4, CurrencyRate with 6, tax rates with 4.
 *       Totals derive from lines (Exclusive: tax on top; Inclusive: tax inside LineAmount,
 *       SubTotal excludes it); debits are positive and credits negative on journal lines.</li>
 * </ul>
 *
 * <h2>Scopes</h2>
 * Authorize grants exactly the scopes asked for; none asked grants everything (offline_access,
 * the accounting scopes, and the optional accounting.journals.read, accounting.budgets.read and
 * payroll.employees.read). Unknown scope names answer {@code invalid_scope}; the 2026 granular
 * names of XERO-API.md §1 are known. Each endpoint needs its broad scope, its {@code .read}
 * variant or a granular equivalent ({@link com.xerosync.sandbox.XeroSandbox#requiredScopes()},
 * {@link com.xerosync.sandbox.XeroSandbox#acceptedScopes()}); without one it answers 403
 * (Detail AuthorizationUnsuccessful, {@code WWW-Authenticate: Bearer error="insufficient_scope"}).
 *
 * <h2>Where the spec and Xero's answers differ</h2>
 * <ul>
 *   <li>BankTransaction requires LineItems, but unpaged listings leave line items out: they carry
 *       {@code "LineItems": []}. (Invoices, which do not require it, leave the field out.)</li>
 *   <li>Fields in the spec's examples but not its schemas are left out (ContactGroup
 *       HasValidationErrors, a credit note's ID and DateString, tracking options' IsActive…), except
 *       Invoice DateString/DueDateString, which Xero always sends.</li>
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
 *   <li>Not served: attachments, History, PDFs, online invoices, CIS settings, Journals, Budgets,
 *       Reports, payroll. Payments cover invoice payments only (no credit-note refunds or
 *       pre/overpayment payments); expense claim payments appear only on their claims; the bank
 *       transactions behind transfers, prepayments and overpayments are not listed.</li>
 *   <li>Writes (PUT/POST/DELETE on the accounting API) answer 501; rate limits are reported in
 *       headers but never enforced; refresh tokens do not expire after 60 days unused; there is no
 *       {@code /connect/revocation} and no login page (authorize approves every organisation).</li>
 *   <li>Refresh tokens are issued only when the granted scope has {@code offline_access}, as at Xero.
 *       Custom connections (client_credentials) may omit the xero-tenant-id header.</li>
 * </ul>
 */
package com.xerosync.sandbox;
