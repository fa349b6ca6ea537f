package com.xerosync.sandbox.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.xerosync.sandbox.http.XeroFormat;

import java.util.List;

/** A customer or supplier, rendered with the fields and order of Xero's GET Contacts. */
final class Contact implements SandboxRecord {

    long index;
    String id;
    String number;
    String accountNumber;
    String status;
    String originalName;
    int renames;
    String name;
    String firstName;
    String lastName;
    String email;
    String bankAccountDetails;
    String taxNumber;
    String receivableTaxType;
    String payableTaxType;
    Country country;
    String street;
    Country.Place place;
    String areaCode;
    String phone;
    String mobile;
    boolean supplier;
    boolean customer;
    String defaultCurrency;
    String website;
    boolean hasAttachments;
    List<SettingsCatalogue.Group> groups = List.of();
    long updated;

    Contact copy() {
        Contact c = new Contact();
        c.index = index;
        c.id = id;
        c.number = number;
        c.accountNumber = accountNumber;
        c.status = status;
        c.originalName = originalName;
        c.renames = renames;
        c.name = name;
        c.firstName = firstName;
        c.lastName = lastName;
        c.email = email;
        c.bankAccountDetails = bankAccountDetails;
        c.taxNumber = taxNumber;
        c.receivableTaxType = receivableTaxType;
        c.payableTaxType = payableTaxType;
        c.country = country;
        c.street = street;
        c.place = place;
        c.areaCode = areaCode;
        c.phone = phone;
        c.mobile = mobile;
        c.supplier = supplier;
        c.customer = customer;
        c.defaultCurrency = defaultCurrency;
        c.website = website;
        c.hasAttachments = hasAttachments;
        c.groups = groups;
        c.updated = updated;
        return c;
    }

    @Override
    public long index() {
        return index;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long updated() {
        return updated;
    }

    @Override
    public boolean hidden() {
        return archived();
    }

    boolean archived() {
        return "ARCHIVED".equals(status);
    }

    @Override
    public ObjectNode toJson(JsonNodeFactory json, boolean detailed) {
        ObjectNode c = json.objectNode();
        c.put("ContactID", id);
        c.put("ContactNumber", number);
        c.put("AccountNumber", accountNumber);
        c.put("ContactStatus", status);
        c.put("Name", name);
        c.put("FirstName", firstName);
        c.put("LastName", lastName);
        c.put("EmailAddress", email);
        c.put("BankAccountDetails", bankAccountDetails);
        c.put("TaxNumber", taxNumber);
        if (receivableTaxType != null) {
            c.put("AccountsReceivableTaxType", receivableTaxType);
        }
        if (payableTaxType != null) {
            c.put("AccountsPayableTaxType", payableTaxType);
        }
        ArrayNode addresses = c.putArray("Addresses");
        addresses.add(address(json, "STREET"));
        addresses.add(address(json, "POBOX"));
        ArrayNode phones = c.putArray("Phones");
        phones.add(phone(json, "DDI", "", ""));
        phones.add(phone(json, "DEFAULT", areaCode, phone));
        phones.add(phone(json, "FAX", "", ""));
        phones.add(phone(json, "MOBILE", "", mobile));
        c.put("UpdatedDateUTC", XeroFormat.msDate(updated));
        ArrayNode groupNodes = c.putArray("ContactGroups");
        for (SettingsCatalogue.Group group : groups) {
            ObjectNode g = groupNodes.addObject();
            g.put("ContactGroupID", group.id());
            g.put("Name", group.name());
            g.put("Status", "ACTIVE");
            g.putArray("Contacts");
        }
        c.put("IsSupplier", supplier);
        c.put("IsCustomer", customer);
        if (defaultCurrency != null) {
            c.put("DefaultCurrency", defaultCurrency);
        }
        if (website != null) {
            c.put("Website", website);
        }
        c.putArray("ContactPersons");
        c.put("HasAttachments", hasAttachments);
        c.put("HasValidationErrors", false);
        return c;
    }

    private ObjectNode address(JsonNodeFactory json, String type) {
        ObjectNode a = json.objectNode();
        a.put("AddressType", type);
        a.put("AddressLine1", street);
        a.put("City", place.city());
        a.put("Region", place.region());
        a.put("PostalCode", place.postalCode());
        a.put("Country", country.countryName);
        return a;
    }

    private ObjectNode phone(JsonNodeFactory json, String type, String area, String number) {
        ObjectNode p = json.objectNode();
        p.put("PhoneType", type);
        p.put("PhoneNumber", number);
        p.put("PhoneAreaCode", area);
        p.put("PhoneCountryCode", number.isEmpty() ? "" : country.phoneCountryCode);
        return p;
    }
}
