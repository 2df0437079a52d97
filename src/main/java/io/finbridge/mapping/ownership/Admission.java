package io.finbridge.mapping.ownership;

import java.util.Map;
import java.util.Set;

/**
 * What of one canonical record may be written to the object {@code key}: the {@code accepted} fields, and for every
 * other field why not (owned by another system, or stale: the owner already applied a newer change).
 */
public record Admission(String object, String key, Set<String> accepted, Map<String, String> refused, boolean creates) {

    public boolean acceptsAnything() {
        return !accepted.isEmpty();
    }

    public boolean accepts(String field) {
        return accepted.contains(field);
    }
}
