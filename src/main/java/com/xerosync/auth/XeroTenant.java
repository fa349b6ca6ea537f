package com.xerosync.auth;

/** One entry of Xero's {@code GET /connections}: an organisation the grant reaches. */
public record XeroTenant(String connectionId, String tenantId, String tenantType, String tenantName) {
}
