/**
 * The built-in offline Xero sandbox: {@link com.xerosync.sandbox.XeroSandbox} serves Xero's identity
 * service and accounting API over real HTTP with deterministic Demo Company data.
 *
 * <h2>Data</h2>
 * <ul>
 *   <li>Organisation 1 is "Demo Company (AU)" (AUD), 2 is "Demo Company (NZ)" (NZD), further ones
 *       "Demo Company N", alternating AU and NZ. The first has the configured number of contacts and
 *       invoices, every other one half (defaults: 3000 + 20000 and 1500 + 10000), each with a 77-account chart.</li>
 *   <li>Generated history spans 2023-01-01 .. 2026-06-30 UTC. UpdatedDateUTC rises strictly with a
 *       record's index, so the default order, paging and If-Modified-Since are index arithmetic;
 *       contacts and invoices are rebuilt from (seed, organisation, index) on every request.</li>
 *   <li>Changes ({@code applyChanges}) live in a small overlay, stamped with consecutive
 *       milliseconds of the sandbox clock (no two changed records share a timestamp). The clock
 *       starts at the end of the history (that is the envelope's DateTimeUTC, so responses are
 *       byte-identical per seed) and moves to the wall clock, or past the last change, when
 *       changes are applied.</li>
 *   <li>Amounts: money with 2 decimals, Quantity with 4 and CurrencyRate with 6, as in Xero's
 *       examples. Totals derive from lines (Exclusive: tax on top; Inclusive: tax inside
 *       LineAmount, SubTotal excludes it), AmountDue from payments (0 when VOIDED or DELETED).</li>
 * </ul>
 *
 * <h2>Emulated, and not</h2>
 * <ul>
 *   <li>Ordering: {@code order=UpdatedDateUTC [ASC|DESC]}, ascending by default; any other order
 *       answers 400 rather than silently ignoring it.</li>
 *   <li>Ignored: {@code where}, {@code IDs}, {@code Statuses}, {@code ContactIDs},
 *       {@code InvoiceNumbers}, {@code searchTerm}, {@code summaryOnly}, {@code unitdp},
 *       {@code createdByMyApp}. Contacts by ContactNumber are not served.</li>
 *   <li>Writes (PUT/POST/DELETE on the accounting API) answer 501; rate limits are reported in
 *       headers but never enforced; refresh tokens do not expire after 60 days unused; there is no
 *       {@code /connect/revocation} and no login page (authorize approves every organisation).</li>
 *   <li>Refresh tokens are issued only when the granted scope has {@code offline_access}, as at Xero.
 *       Custom connections (client_credentials) may omit the xero-tenant-id header.</li>
 * </ul>
 */
package com.xerosync.sandbox;
