package io.finbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * Which events a mapping version is for: those whose API version (or event date) is at least {@code from} and
 * before {@code until}. Versions of one object must use the same kind of selector and must not overlap.
 */
final class VersionSelector {

    enum Kind {
        API_VERSION("apiVersion"),
        EVENT_DATE("eventDate");

        final String key;

        Kind(String key) {
            this.key = key;
        }
    }

    private final Kind kind;
    private final Expr value;
    private final Comparable<?> from;
    private final Comparable<?> until;
    private final String fromText;
    private final String untilText;
    private final int line;

    private VersionSelector(Kind kind, Expr value, Comparable<?> from, Comparable<?> until, String fromText, String untilText, int line) {
        this.kind = kind;
        this.value = value;
        this.from = from;
        this.until = until;
        this.fromText = fromText;
        this.untilText = untilText;
        this.line = line;
    }

    static VersionSelector compile(YamlNode node, FieldCompiler compiler) {
        node.onlyKeys(Set.of("apiVersion", "eventDate", "from", "until"));
        boolean api = node.map().containsKey("apiVersion");
        boolean date = node.map().containsKey("eventDate");
        if (api == date) {
            throw node.error("select: needs exactly one of apiVersion or eventDate");
        }
        Kind kind = api ? Kind.API_VERSION : Kind.EVENT_DATE;
        Expr value = compiler.field(node.require(kind.key), kind == Kind.API_VERSION ? String.class : Instant.class, false);
        YamlNode fromNode = node.get("from").orElse(null);
        YamlNode untilNode = node.get("until").orElse(null);
        if (fromNode == null && untilNode == null) {
            throw node.error("select: needs from, until or both");
        }
        Comparable<?> from = fromNode == null ? null : bound(fromNode, kind);
        Comparable<?> until = untilNode == null ? null : bound(untilNode, kind);
        VersionSelector s = new VersionSelector(kind, value, from, until,
                fromNode == null ? null : fromNode.text(), untilNode == null ? null : untilNode.text(), node.line());
        if (from != null && until != null && s.compare(from, until) >= 0) {
            throw node.error("from " + s.fromText + " is not before until " + s.untilText);
        }
        return s;
    }

    private static Comparable<?> bound(YamlNode n, Kind kind) {
        String t = n.text();
        if (kind == Kind.API_VERSION) {
            if (!ApiVersion.hasNumbers(t)) {
                throw n.error("'" + t + "' has no version numbers to compare");
            }
            return t;
        }
        try {
            return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeException ex) {
            throw n.error("'" + t + "' is not an ISO date (2024-07-01) or time with offset");
        }
    }

    Kind kind() {
        return kind;
    }

    int line() {
        return line;
    }

    Object valueOf(JsonNode object, EvalContext ctx) {
        return value.eval(object, ctx, kind.key);
    }

    String source() {
        return value.describe();
    }

    boolean covers(Object v) {
        Comparable<?> c = (Comparable<?>) v;
        return (from == null || compare(c, from) >= 0) && (until == null || compare(c, until) < 0);
    }

    /** True when the two ranges share at least one value. */
    boolean overlaps(VersionSelector other) {
        boolean thisEndsBefore = until != null && other.from != null && compare(until, other.from) <= 0;
        boolean otherEndsBefore = other.until != null && from != null && compare(other.until, from) <= 0;
        return !thisEndsBefore && !otherEndsBefore;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int compare(Comparable a, Comparable b) {
        return kind == Kind.API_VERSION ? ApiVersion.compare((String) a, (String) b) : a.compareTo(b);
    }

    String range() {
        return (fromText == null ? "" : fromText) + ".." + (untilText == null ? "" : untilText);
    }
}
