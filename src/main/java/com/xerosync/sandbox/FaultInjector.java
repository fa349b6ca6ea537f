package com.xerosync.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link SandboxFault}s in force, in the order they were injected: for each request the first that matches it and
 * strikes decides what happens to it. Counted faults leave once used up.
 *
 * <p>A fault with a rate draws from a {@link Random} of its own, seeded from the sandbox's seed and the fault's text
 * form: the same seed and the same requests strike the same requests, whatever else was injected before.
 */
final class FaultInjector {

    /** A fault in force: its collection looked up once, what is left of its count, its random sequence. */
    private static final class Active {
        final SandboxFault fault;
        final ApiCollection collection;
        final AtomicInteger remaining;
        final Random random;

        Active(SandboxFault fault, long seed) {
            this.fault = fault;
            this.collection = fault.collection().equals(SandboxFault.EVERY_COLLECTION) ? null : ApiCollection.of(fault.collection());
            this.remaining = fault.times() == null ? null : new AtomicInteger(fault.times());
            this.random = fault.rate() < 1 ? new Random(31 * seed + fault.toString().hashCode()) : null;
        }

        boolean matches(ApiCollection requested, String tenantId) {
            return (collection == null || collection == requested)
                    && (fault.tenantId() == null || fault.tenantId().equalsIgnoreCase(tenantId));
        }

        /** Whether this request is struck; a counted fault is used up one request at a time. */
        boolean strikes() {
            if (random != null && random.nextDouble() >= fault.rate()) {
                return false;
            }
            return remaining == null || remaining.getAndDecrement() > 0;
        }

        boolean usedUp() {
            return remaining != null && remaining.get() <= 0;
        }
    }

    private final long seed;
    private final List<Active> active = new CopyOnWriteArrayList<>();

    FaultInjector(long seed) {
        this.seed = seed;
    }

    void inject(SandboxFault fault) {
        active.add(new Active(fault, seed));
    }

    /**
     * Injects {@code fault} in place of every fault for the same collection and every organisation: what
     * {@code failEndpoint} and {@code dropConnections} have always done (one fault per path, the last one set wins).
     */
    void replace(SandboxFault fault) {
        ApiCollection collection = ApiCollection.of(fault.collection());
        active.removeIf(a -> a.collection == collection && a.fault.tenantId() == null);
        inject(fault);
    }

    void clear() {
        active.clear();
    }

    /** The faults still in force, in order. */
    List<SandboxFault> faults() {
        return active.stream().filter(a -> !a.usedUp()).map(a -> a.fault).toList();
    }

    /** The fault that strikes this request, if one does. */
    Optional<SandboxFault> strike(ApiCollection collection, String tenantId) {
        for (Active a : active) {
            if (a.matches(collection, tenantId) && a.strikes()) {
                if (a.usedUp()) {
                    active.remove(a);
                }
                return Optional.of(a.fault);
            }
        }
        return Optional.empty();
    }
}
