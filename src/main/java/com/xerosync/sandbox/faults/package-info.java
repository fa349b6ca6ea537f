/**
 * Xero's bad days on demand: faults injected by collection, organisation, count and rate (an error status, a
 * dropped connection, a slow answer), in the text form of {@code sandbox.faults}.
 */
package com.xerosync.sandbox.faults;
