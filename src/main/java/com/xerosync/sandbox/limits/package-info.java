/**
 * Xero's rate limits as the sandbox enforces them (5 calls in flight, 60 a minute and the plan's day per
 * organisation, 10,000 a minute per app; 429 with Retry-After and the X-*Limit-Remaining headers), and the
 * counters tests read: calls per organisation and collection, 429s, bytes sent.
 */
package com.xerosync.sandbox.limits;
