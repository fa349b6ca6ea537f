/**
 * Xero's APIs over HTTP: the accounting API, AU Payroll v1 and the declared APIs (Projects), behind the rate
 * limits, faults, authentication, tenant and scope checks every call passes.
 */
package com.xerosync.sandbox.api;
