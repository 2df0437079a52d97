package io.finbridge.mapping;

/**
 * A source event that violates its mapping: a required field is missing, a value has the wrong type or fails a rule,
 * totals do not tie out. Names the canonical field, the rule and the mapping; the event is never turned into a
 * half-filled record. Not retryable: the event goes to review with this reason.
 */
public class DataQualityException extends RuntimeException {

    private final String field;
    private final String rule;
    private final String mapping;
    private final int version;

    public DataQualityException(String mapping, int version, String field, String rule, String message) {
        super(mapping + (version > 0 ? " v" + version : "") + ": " + field + ": " + message + " [rule " + rule + "]");
        this.field = field;
        this.rule = rule;
        this.mapping = mapping;
        this.version = version;
    }

    /** The canonical field at fault, with list indexes ({@code lines[1].unitPrice}). */
    public String field() {
        return field;
    }

    /** The rule it broke: required, type, scale, currency, enum, lookup, min, max, pattern, ties-out, version, json. */
    public String rule() {
        return rule;
    }

    /** The mapping name ({@code shopify-order}). */
    public String mapping() {
        return mapping;
    }

    /** The mapping version, 0 when no version could be chosen. */
    public int version() {
        return version;
    }
}
