/**
 * What the sandbox serves, as facts: the accounting and AU payroll endpoints with their paging, If-Modified-Since,
 * ordering and scopes ({@link com.xerosync.sandbox.endpoints.ApiCollection}), the reports ({@link
 * com.xerosync.sandbox.endpoints.ReportKind}), and the APIs declared as data in {@code sandbox-apis.yaml} ({@link
 * com.xerosync.sandbox.endpoints.DeclaredApis}: Projects).
 */
package com.xerosync.sandbox.endpoints;
