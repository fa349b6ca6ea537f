/**
 * Xero's identity service: the authorize pages (login, consent with one checkbox per organisation), the token
 * endpoint (authorization code, rotating refresh tokens, client credentials), revocation, /connections, and what
 * each grant covers.
 */
package com.xerosync.sandbox.identity;
