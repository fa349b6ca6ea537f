package com.xerosync.sandbox;

import java.util.Locale;
import java.util.Optional;

/**
 * The accounting endpoints the sandbox serves. Xero names the path and the response key alike
 * except for Organisation, whose key is plural; callers may use either spelling.
 */
enum ApiCollection {
    ORGANISATION("Organisation", "Organisations", "OrganisationID"),
    ACCOUNTS("Accounts", "Accounts", "AccountID"),
    CONTACTS("Contacts", "Contacts", "ContactID"),
    INVOICES("Invoices", "Invoices", "InvoiceID");

    final String path;
    final String key;
    final String idField;

    ApiCollection(String path, String key, String idField) {
        this.path = path;
        this.key = key;
        this.idField = idField;
    }

    /** Xero's paths are case-insensitive, so are these names. */
    static Optional<ApiCollection> find(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (ApiCollection c : values()) {
            if (c.path.toLowerCase(Locale.ROOT).equals(wanted) || c.key.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static ApiCollection of(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "Unknown collection '" + name + "': use Organisation(s), Accounts, Contacts or Invoices"));
    }

    boolean paged() {
        return this == CONTACTS || this == INVOICES;
    }
}
