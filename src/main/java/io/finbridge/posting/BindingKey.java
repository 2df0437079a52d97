package io.finbridge.posting;

import java.util.Objects;

/**
 * A source record as the binder knows it: the source system, the kind of object, its id there and the entity (Odoo
 * company) it is booked in. The same Shopify order in two entities would be two bindings.
 */
public record BindingKey(String source, String objectType, String sourceId, String entity) implements Comparable<BindingKey> {

    public BindingKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(entity, "entity");
    }

    /**
     * The key the Odoo record carries, readable by finance: {@code shopify:order:5600000001001}. It is written into
     * the record's natural-key field (a move's {@code ref}, a payment's reference, a partner's {@code ref}), so the
     * record is found again by it after a crash between Odoo's answer and the binding.
     */
    public String naturalKey() {
        return source + ":" + objectType + ":" + sourceId;
    }

    /** The lease this key's postings take in turn (see {@link PostingLocks}). */
    public String lockKey() {
        return "binding:" + entity + ":" + naturalKey();
    }

    @Override
    public int compareTo(BindingKey o) {
        return lockKey().compareTo(o.lockKey());
    }

    @Override
    public String toString() {
        return naturalKey() + " (" + entity + ")";
    }
}
