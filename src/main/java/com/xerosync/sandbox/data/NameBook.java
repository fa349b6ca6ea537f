package com.xerosync.sandbox.data;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Words contact names are made of. A contact's name is a bijection of its index onto the word
 * combinations (index × a prime coprime to the number of combinations), so names look shuffled
 * yet are unique within an organisation, as Xero requires; past the number of combinations a
 * numeral keeps them unique.
 */
final class NameBook {

    static final List<String> FIRST_NAMES = List.of(
            "Olivia", "Liam", "Charlotte", "Noah", "Amelia", "Jack", "Isla", "Oliver", "Mia", "William",
            "Ava", "Henry", "Grace", "Leo", "Chloe", "Thomas", "Sophie", "James", "Ella", "Lucas",
            "Ruby", "Harrison", "Zoe", "Samuel", "Matilda", "Archie", "Evie", "Hugo", "Lily", "Charlie",
            "Harper", "Mason", "Willow", "Ethan", "Ivy", "Max", "Sienna", "Cooper", "Hannah", "Hunter",
            "Aria", "Lachlan", "Georgia", "Riley", "Layla", "Finn", "Maya", "Isaac", "Scarlett", "Ari",
            "Katherine", "Daniel", "Priya", "Wiremu", "Aroha", "Mei", "Raj", "Tama", "Nikau", "Anika",
            "Fatima", "Mateo", "Elena", "Tane");

    static final List<String> LAST_NAMES = List.of(
            "Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White", "Martin", "Anderson",
            "Thompson", "Nguyen", "Thomas", "Walker", "Harris", "Lee", "Ryan", "Robinson", "Kelly", "King",
            "Davis", "Wright", "Evans", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel",
            "Campbell", "Mitchell", "Stewart", "Murphy", "Cooper", "Morris", "Ward", "Turner", "Hughes", "Edwards",
            "Ngata", "Parata", "Tane", "Wong", "Chen", "Singh", "Kaur", "O'Brien", "McDonald", "Fraser",
            "Henderson", "Sullivan", "Warren", "Baxter", "Fletcher", "Gallagher", "Hayes", "Lawson", "Marsh", "Norris",
            "Palmer", "Quinn", "Reid", "Sutherland");

    static final List<String> COMPANY_WORDS = List.of(
            "Bayside", "Harbour", "Summit", "Coastal", "Redgum", "Ironbark", "Silver Fern", "Southern Cross",
            "Kauri", "Tasman", "Blue Gum", "Eastside", "Northern", "Westgate", "Golden Wattle", "Riverbend",
            "Highland", "Kowhai", "Pohutukawa", "Boulder", "Clearwater", "Greenfield", "Lighthouse", "Magpie",
            "Oakridge", "Pacific", "Quarry Hill", "Rata", "Sandstone", "Totara", "Urban", "Valley",
            "Wattle Creek", "Yarra", "Zenith", "Anchor", "Beacon", "Cedar", "Driftwood", "Ember",
            "Foxglove", "Granite", "Horizon", "Inlet", "Jarrah", "Kestrel", "Limestone", "Matai");

    static final List<String> TRADES = List.of(
            "Plumbing", "Electrical", "Landscaping", "Carpentry", "Roofing", "Painting", "Joinery", "Tiling",
            "Catering", "Coffee Roasters", "Bakery", "Brewing Co", "Logistics", "Freight", "Couriers", "Print",
            "Design Studio", "Marketing", "Consulting", "Legal", "Accounting", "Engineering", "Architects", "Surveying",
            "IT Services", "Software", "Networks", "Security", "Cleaning", "Facilities", "Hire", "Equipment",
            "Motors", "Auto Parts", "Tyres", "Marine", "Timber", "Hardware", "Building Supplies", "Concrete",
            "Florist", "Nursery", "Vets", "Dental", "Physio", "Fitness", "Travel", "Events",
            "Furniture", "Office Supplies", "Stationers", "Traders", "Imports", "Exports", "Wholesale", "Foods",
            "Produce", "Dairy", "Wines", "Distillery", "Textiles", "Apparel", "Media", "Photography");

    /** Appended on a rename; none of these words appears in a generated name, so renamed names stay unique. */
    static final List<String> RENAME_TAGS = List.of("Trading", "Holdings", "Group", "Partners", "Collective");

    static final List<String> STREETS = List.of(
            "George Street", "Queen Street", "Collins Street", "King Street", "High Street", "Victoria Road",
            "Station Street", "Church Street", "Park Road", "Main Road", "Beach Road", "Bridge Street",
            "Cuba Street", "Lambton Quay", "Flinders Lane", "Murray Street");

    private static final Pattern NOT_EMAIL = Pattern.compile("[^a-z.]");
    private static final Pattern LEGAL_SUFFIX = Pattern.compile("\\b(pty|ltd|inc|gmbh)\\b");
    private static final Pattern NOT_DOMAIN = Pattern.compile("[^a-z0-9]");
    private static final long COMPANY_STRIDE = 1663; // prime, coprime to 48 × 64
    private static final long PERSON_STRIDE = 2897;  // prime, coprime to 64 × 64

    private NameBook() {
    }

    static String company(long index, long offset, Country country) {
        long size = (long) COMPANY_WORDS.size() * TRADES.size();
        long slot = Math.floorMod(index * COMPANY_STRIDE + offset, size);
        String base = COMPANY_WORDS.get((int) (slot / TRADES.size())) + " " + TRADES.get((int) (slot % TRADES.size()));
        return base + numeral(index, size) + " " + country.legalSuffix;
    }

    /** First and last name of a person contact. */
    static String[] person(long index, long offset) {
        long size = (long) FIRST_NAMES.size() * LAST_NAMES.size();
        long slot = Math.floorMod(index * PERSON_STRIDE + offset, size);
        return new String[] {
                FIRST_NAMES.get((int) (slot / LAST_NAMES.size())),
                LAST_NAMES.get((int) (slot % LAST_NAMES.size())) + numeral(index, size)};
    }

    static String renamed(String originalName, int revision) {
        String tag = RENAME_TAGS.get((revision - 1) % RENAME_TAGS.size());
        int round = (revision - 1) / RENAME_TAGS.size();
        return originalName + " (" + tag + (round == 0 ? "" : " " + (round + 1)) + ")";
    }

    static String emailLocalPart(String first, String last) {
        return NOT_EMAIL.matcher((first + "." + last).toLowerCase(Locale.ROOT)).replaceAll("");
    }

    static String domainOf(String companyName) {
        String words = LEGAL_SUFFIX.matcher(companyName.toLowerCase(Locale.ROOT)).replaceAll("");
        return NOT_DOMAIN.matcher(words).replaceAll("") + ".example";
    }

    private static String numeral(long index, long size) {
        return index < size ? "" : " " + (index / size + 1);
    }
}
