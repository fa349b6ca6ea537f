package com.xerosync.sandbox.faults;

import com.xerosync.sandbox.endpoints.ApiCollection;

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
public final class FaultInjector {

    /** A fault in force: its collection looked up once, what is left of its count, its random sequence. */
    private static final class Active {
        final SandboxFault fault;
        /** {@link ApiCollection#canonicalName}; null for every collection. */
        final String collection;
        final AtomicInteger remaining;
        final Random random;

        Active(SandboxFault fault, long seed) {
            this.fault = fault;
            this.collection = fault.collection().equals(SandboxFault.EVERY_COLLECTION) ? null
                    : ApiCollection.canonicalName(fault.collection()).orElseThrow();
            this.remaining = fault.times() == null ? null : new AtomicInteger(fault.times());
            this.random = fault.rate() < 1 ? new Random(31 * seed + fault.toString().hashCode()) : null;
        }

        boolean matches(String requested, String tenantId) {
            return (collection == null || collection.equals(requested))
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

    public FaultInjector(long seed) {
        this.seed = seed;
    }

    public void inject(SandboxFault fault) {
        active.add(new Active(fault, seed));
    }

    /**
     * Injects {@code fault} in place of every fault for the same collection and every organisation: what
     * {@code failEndpoint} and {@code dropConnections} have always done (one fault per path, the last one set wins).
     */
    public void replace(SandboxFault fault) {
        String collection = ApiCollection.canonicalName(fault.collection()).orElseThrow();
        active.removeIf(a -> collection.equals(a.collection) && a.fault.tenantId() == null);
        inject(fault);
    }

    public void clear() {
        active.clear();
    }

    /** The faults still in force, in order. */
    public List<SandboxFault> faults() {
        return active.stream().filter(a -> !a.usedUp()).map(a -> a.fault).toList();
    }

    /** The fault that strikes this request, if one does. */
    /** @param collection a name {@link ApiCollection#canonicalName} gave */
    public Optional<SandboxFault> strike(String collection, String tenantId) {
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
