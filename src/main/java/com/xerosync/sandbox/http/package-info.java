/**
 * Xero's wire, as the sandbox speaks it: HTTP exchanges (forms, JSON, redirects), gzip when asked and the bytes
 * sent counted, an admitted request held in flight until answered, and Xero's JSON (envelope, errors, problems)
 * and date forms (/Date(…)/, DateString, ISO).
 */
package com.xerosync.sandbox.http;
