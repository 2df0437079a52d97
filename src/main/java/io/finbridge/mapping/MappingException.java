package io.finbridge.mapping;

import io.finbridge.config.ConfigurationException;

/**
 * A mapping or reference file that cannot be used, with the file, line and field at fault:
 * {@code mappings/shopify/order.v1.yaml:42: fields.lines.unitPrice: unknown transform 'decimall'}. Stops start-up;
 * on reload the previous good set stays in use.
 */
public class MappingException extends ConfigurationException {

    private final String file;
    private final int line;
    private final String field;

    public MappingException(String file, int line, String field, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    /** Several problems found in one load, reported together; the first one's location is this one's. */
    public MappingException(String root, java.util.List<MappingException> problems) {
        super(problems.size() + " problems in the mappings at " + root + ":\n  "
                + String.join("\n  ", problems.stream().map(Throwable::getMessage).toList()));
        this.file = problems.get(0).file;
        this.line = problems.get(0).line;
        this.field = problems.get(0).field;
    }

    public String file() {
        return file;
    }

    /** 1-based line in the file, 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
