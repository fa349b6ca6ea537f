package com.xerosync.store;

/**
 * What calls to Xero received: the answers' bodies as they came over the wire (gzip when Xero compressed them) and
 * decoded, and how many calls were made. Xero bills egress above a plan's allowance and has not published whether it
 * counts compressed or decoded bytes, so both are kept.
 */
public record Egress(long wireBytes, long decodedBytes, long calls) {

    public static final Egress NONE = new Egress(0, 0, 0);

    public Egress plus(Egress other) {
        return new Egress(wireBytes + other.wireBytes, decodedBytes + other.decodedBytes, calls + other.calls);
    }

    public Egress minus(Egress other) {
        return new Egress(wireBytes - other.wireBytes, decodedBytes - other.decodedBytes, calls - other.calls);
    }

    public boolean isNone() {
        return wireBytes == 0 && decodedBytes == 0 && calls == 0;
    }
}
