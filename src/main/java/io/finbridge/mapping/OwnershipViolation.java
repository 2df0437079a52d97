package io.finbridge.mapping;

import java.util.Map;

/**
 * A write a flow must not make: its source owns none of what it would change (or only older changes than those
 * already applied). Not retryable; the event goes to review with the reasons, field by field.
 */
public class OwnershipViolation extends RuntimeException {

    private final String object;
    private final String key;
    private final Map<String, String> refused;

    public OwnershipViolation(String object, String key, Map<String, String> refused) {
        super(object + " " + key + ": nothing to write, " + refused);
        this.object = object;
        this.key = key;
        this.refused = Map.copyOf(refused);
    }

    public String object() {
        return object;
    }

    public String key() {
        return key;
    }

    /** Why each field was refused. */
    public Map<String, String> refused() {
        return refused;
    }
}
