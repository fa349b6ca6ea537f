package com.xerosync.sandbox.data;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Where organisations and contacts are: currency, addresses, phones, company suffixes and, for
 * the two countries Xero's demo companies live in (AU, NZ), the GST regime.
 */
enum Country {
    AU("Australia", "AUD", "Pty Ltd", "61", "04", List.of("02", "03", "07", "08"), List.of(
            new Place("Melbourne", "VIC", "3000"), new Place("Sydney", "NSW", "2000"),
            new Place("Brisbane", "QLD", "4000"), new Place("Perth", "WA", "6000"),
            new Place("Adelaide", "SA", "5000"), new Place("Hobart", "TAS", "7000"),
            new Place("Canberra", "ACT", "2600"), new Place("Geelong", "VIC", "3220"),
            new Place("Newcastle", "NSW", "2300"), new Place("Gold Coast", "QLD", "4217"))),
    NZ("New Zealand", "NZD", "Ltd", "64", "021", List.of("09", "04", "03", "07"), List.of(
            new Place("Auckland", "Auckland", "1010"), new Place("Wellington", "Wellington", "6011"),
            new Place("Christchurch", "Canterbury", "8011"), new Place("Hamilton", "Waikato", "3204"),
            new Place("Tauranga", "Bay of Plenty", "3110"), new Place("Dunedin", "Otago", "9016"),
            new Place("Napier", "Hawke's Bay", "4110"), new Place("Nelson", "Nelson", "7010"))),
    US("United States", "USD", "Inc.", "1", "628", List.of("415", "212", "206"), List.of(
            new Place("San Francisco", "CA", "94107"), new Place("New York", "NY", "10001"),
            new Place("Seattle", "WA", "98101"))),
    GB("United Kingdom", "GBP", "Ltd", "44", "07", List.of("020", "0161"), List.of(
            new Place("London", "", "EC1A 1BB"), new Place("Manchester", "", "M1 1AE"))),
    DE("Germany", "EUR", "GmbH", "49", "0151", List.of("030", "089"), List.of(
            new Place("Berlin", "", "10115"), new Place("Munich", "", "80331")));

    record Place(String city, String region, String postalCode) {
    }

    /** What a line is taxed as; each GST regime names it with its own TaxType. */
    enum TaxClass { SALES, PURCHASES, EXEMPT_SALES, EXEMPT_PURCHASES, EXPORT, INPUT_TAXED, CAPITAL, EXCLUDED }

    static final List<Country> FOREIGN = List.of(US, GB, DE);

    private static final Map<String, BigDecimal> TAX_RATES = Map.of(
            "OUTPUT", new BigDecimal("0.10"), "INPUT", new BigDecimal("0.10"), "CAPEXINPUT", new BigDecimal("0.10"),
            "OUTPUT2", new BigDecimal("0.15"), "INPUT2", new BigDecimal("0.15"));

    final String countryName;
    final String currency;
    final String legalSuffix;
    final String phoneCountryCode;
    final String mobilePrefix;
    final List<String> areaCodes;
    final List<Place> places;

    Country(String countryName, String currency, String legalSuffix, String phoneCountryCode, String mobilePrefix,
            List<String> areaCodes, List<Place> places) {
        this.countryName = countryName;
        this.currency = currency;
        this.legalSuffix = legalSuffix;
        this.phoneCountryCode = phoneCountryCode;
        this.mobilePrefix = mobilePrefix;
        this.areaCodes = areaCodes;
        this.places = places;
    }

    /** Xero's TaxType for a class of line in this country's GST regime (AU or NZ). */
    String taxType(TaxClass taxClass) {
        boolean au = this == AU;
        return switch (taxClass) {
            case SALES -> au ? "OUTPUT" : "OUTPUT2";
            case PURCHASES -> au ? "INPUT" : "INPUT2";
            case EXEMPT_SALES -> "EXEMPTOUTPUT";
            case EXEMPT_PURCHASES -> au ? "EXEMPTEXPENSES" : "EXEMPTINPUT";
            case EXPORT -> au ? "EXEMPTEXPORT" : "ZERORATED";
            case INPUT_TAXED -> au ? "INPUTTAXED" : "EXEMPTINPUT";
            case CAPITAL -> au ? "CAPEXINPUT" : "INPUT2";
            case EXCLUDED -> au ? "BASEXCLUDED" : "NONE";
        };
    }

    /** The currency's name as Xero's Currencies endpoint describes it. */
    String currencyName() {
        return switch (currency) {
            case "AUD" -> "Australian Dollar";
            case "NZD" -> "New Zealand Dollar";
            case "USD" -> "United States Dollar";
            case "GBP" -> "British Pound";
            case "EUR" -> "Euro";
            default -> currency;
        };
    }

    static BigDecimal taxRate(String taxType) {
        return TAX_RATES.getOrDefault(taxType, BigDecimal.ZERO);
    }

    /** Units of {@code foreign} per unit of this (base) currency, around mid-2020s levels. */
    BigDecimal baseRateTo(Country foreign) {
        String pair = currency + foreign.currency;
        return new BigDecimal(switch (pair) {
            case "AUDUSD" -> "0.655";
            case "AUDGBP" -> "0.515";
            case "AUDEUR" -> "0.605";
            case "NZDUSD" -> "0.595";
            case "NZDGBP" -> "0.468";
            case "NZDEUR" -> "0.550";
            default -> throw new IllegalArgumentException("No rate for " + pair);
        });
    }
}
