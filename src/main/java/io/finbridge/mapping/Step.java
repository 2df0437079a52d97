package io.finbridge.mapping;

import io.finbridge.privacy.Excerpt;

import io.finbridge.canonical.Currencies;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One transform of a field's value, in the order the mapping lists them. Transforms skip absent values except
 * {@code lookup}, which gives a table's {@code "*"} entry for them.
 */
interface Step {

    Object apply(Object value, EvalContext ctx, String at);

    default boolean acceptsAbsent() {
        return false;
    }

    String name();

    Set<String> NAMES = Set.of("trim", "lower", "upper", "decimal", "boolean", "string", "epochSeconds", "epochMillis",
            "dateTime", "date", "percent", "negate", "abs", "currency", "country", "email", "map", "lookup", "extract");

    /** A transform as a mapping writes it: a name ({@code trim}) or a name with arguments ({@code {date: {zone: UTC}}}). */
    static Step compile(YamlNode node, LookupTables tables) {
        String name;
        YamlNode args = null;
        if (node.isScalar()) {
            name = node.text();
        } else if (node.isMap() && node.map().size() == 1) {
            Map.Entry<String, YamlNode> e = node.map().entrySet().iterator().next();
            name = e.getKey();
            args = e.getValue();
        } else {
            throw node.error("a transform is a name or {name: arguments}");
        }
        return switch (name) {
            case "trim" -> simple(name, (v, c, a) -> text(v).strip());
            case "lower" -> simple(name, (v, c, a) -> text(v).toLowerCase(Locale.ROOT));
            case "upper" -> simple(name, (v, c, a) -> text(v).toUpperCase(Locale.ROOT));
            case "string" -> simple(name, (v, c, a) -> text(v));
            case "decimal" -> simple(name, Step::decimal);
            case "boolean" -> simple(name, Step::bool);
            case "epochSeconds" -> simple(name, (v, c, a) -> Instant.ofEpochSecond(whole(v, c, a, name)));
            case "epochMillis" -> simple(name, (v, c, a) -> Instant.ofEpochMilli(whole(v, c, a, name)));
            case "percent" -> simple(name, (v, c, a) -> decimal(v, c, a).movePointLeft(2));
            case "negate" -> simple(name, (v, c, a) -> decimal(v, c, a).negate());
            case "abs" -> simple(name, (v, c, a) -> decimal(v, c, a).abs());
            case "currency" -> simple(name, Step::currency);
            case "email" -> simple(name, Step::email);
            case "country" -> simple(name, Step::country);
            case "dateTime" -> dateTime(args);
            case "date" -> date(args);
            case "map" -> EnumMapStep.compile(require(node, args, name));
            case "lookup" -> LookupStep.compile(require(node, args, name), tables);
            case "extract" -> extract(require(node, args, name));
            default -> throw node.error("unknown transform '" + name + "' (expected one of " + NAMES.stream().sorted().toList() + ")");
        };
    }

    private static YamlNode require(YamlNode node, YamlNode args, String name) {
        if (args == null || args.isNull()) {
            throw node.error("transform '" + name + "' needs an argument");
        }
        return args;
    }

    /** The function of a transform without arguments. */
    @FunctionalInterface
    interface Fn {
        Object apply(Object value, EvalContext ctx, String at);
    }

    static Step simple(String name, Fn fn) {
        return new Step() {
            @Override
            public Object apply(Object value, EvalContext ctx, String at) {
                return fn.apply(value, ctx, at);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    static String text(Object v) {
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return String.valueOf(v);
    }

    static BigDecimal decimal(Object v, EvalContext ctx, String at) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof String s) {
            try {
                return new BigDecimal(s.strip());
            } catch (NumberFormatException ex) {
                throw ctx.fail(at, "type", shown(s) + " is not a number");
            }
        }
        throw ctx.fail(at, "type", "expected a number, found " + describe(v));
    }

    private static long whole(Object v, EvalContext ctx, String at, String transform) {
        try {
            return decimal(v, ctx, at).longValueExact();
        } catch (ArithmeticException ex) {
            throw ctx.fail(at, "type", transform + " needs a whole number, found " + shown(v));
        }
    }

    private static Object bool(Object v, EvalContext ctx, String at) {
        if (v instanceof Boolean) {
            return v;
        }
        String s = text(v).strip().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw ctx.fail(at, "type", "expected true or false, found " + shown(v));
    }

    private static Object currency(Object v, EvalContext ctx, String at) {
        String code = text(v).strip().toUpperCase(Locale.ROOT);
        if (!Currencies.isCurrency(code)) {
            throw ctx.fail(at, "currency", shown(v) + " is not an ISO 4217 currency");
        }
        if (!ctx.tables().currencyEnabled(code)) {
            throw ctx.fail(at, "currency", code + " is not enabled in mappings/reference/currencies.yaml");
        }
        return code;
    }

    /** ISO 3166-1 alpha-2 from a code (de, DE) or an English name (Germany), as CRMs keep countries as free text. */
    private static Object country(Object v, EvalContext ctx, String at) {
        String s = text(v).strip();
        String code = Countries.BY_NAME.get(s.toLowerCase(Locale.ROOT));
        if (code == null) {
            throw ctx.fail(at, "country", shown(s) + " is not an ISO 3166 country code or English country name");
        }
        return code;
    }

    /** ISO 3166 codes and English names, from the JDK's own table. */
    final class Countries {
        static final Map<String, String> BY_NAME = build();

        private Countries() {
        }

        private static Map<String, String> build() {
            Map<String, String> m = new java.util.HashMap<>();
            for (String code : Locale.getISOCountries()) {
                m.put(code.toLowerCase(Locale.ROOT), code);
                m.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toLowerCase(Locale.ROOT), code);
            }
            m.put("usa", "US");
            m.put("united states of america", "US");
            m.put("uk", "GB");
            return Map.copyOf(m);
        }
    }

    private static Object email(Object v, EvalContext ctx, String at) {
        String e = text(v).strip().toLowerCase(Locale.ROOT);
        int atSign = e.indexOf('@');
        if (atSign <= 0 || atSign != e.lastIndexOf('@') || atSign == e.length() - 1 || e.chars().anyMatch(Character::isWhitespace)) {
            throw ctx.fail(at, "email", shown(v) + " is not an email address");
        }
        return e;
    }

    static String describe(Object v) {
        return v == null ? "nothing" : v instanceof String s ? shown(s) : v.getClass().getSimpleName() + " " + Excerpt.bare(text(v));
    }

    /**
     * A value as a data-quality message shows it: quoted, bounded and masked ({@link Excerpt}), because the message
     * goes to the log and the review queue, and the value may be a customer's email or a megabyte of text.
     */
    static String shown(Object v) {
        return Excerpt.of(v == null ? null : text(v));
    }

    /** Times with an offset ({@code 2024-03-01T10:15:00-05:00}) or, given a zone, without one. */
    private static Step dateTime(YamlNode args) {
        ZoneId zone = args == null ? null : zone(args);
        DateTimeFormatter format = args == null ? null : format(args);
        return simple("dateTime", (v, ctx, at) -> {
            if (v instanceof Instant) {
                return v;
            }
            String s = text(v).strip();
            try {
                if (format != null) {
                    TemporalAccessor t = format.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
                    return t instanceof OffsetDateTime o ? o.toInstant() : atZone((LocalDateTime) t, zone, ctx, at);
                }
                try {
                    return OffsetDateTime.parse(s).toInstant();
                } catch (DateTimeParseException ex) {
                    return atZone(LocalDateTime.parse(s), zone, ctx, at);
                }
            } catch (DateTimeException ex) {
                throw ctx.fail(at, "format", shown(s) + " is not a date and time" + (format == null ? " (ISO-8601)" : ""));
            }
        });
    }

    private static Instant atZone(LocalDateTime t, ZoneId zone, EvalContext ctx, String at) {
        if (zone == null) {
            throw ctx.fail(at, "format", shown(t) + " has no offset and the mapping gives no zone");
        }
        return ZonedDateTime.of(t, zone).toInstant();
    }

    /** A calendar date: ISO {@code 2024-06-30}, or the date an instant falls on in a zone (required then). */
    private static Step date(YamlNode args) {
        ZoneId zone = args == null ? null : zone(args);
        DateTimeFormatter format = args == null ? null : format(args);
        return simple("date", (v, ctx, at) -> {
            if (v instanceof LocalDate) {
                return v;
            }
            if (v instanceof Instant i) {
                if (zone == null) {
                    throw ctx.fail(at, "format", "a time becomes a date only in a zone: give date: {zone: ...}");
                }
                return LocalDate.ofInstant(i, zone);
            }
            String s = text(v).strip();
            try {
                return format == null ? LocalDate.parse(s) : LocalDate.parse(s, format);
            } catch (DateTimeException ex) {
                throw ctx.fail(at, "format", shown(s) + " is not a date" + (format == null ? " (ISO-8601)" : ""));
            }
        });
    }

    private static ZoneId zone(YamlNode args) {
        args.onlyKeys(Set.of("zone", "format"));
        return args.get("zone").map(z -> {
            try {
                return ZoneId.of(z.text());
            } catch (DateTimeException ex) {
                throw z.error("unknown time zone '" + z.text() + "'");
            }
        }).orElse(null);
    }

    private static DateTimeFormatter format(YamlNode args) {
        return args.get("format").map(f -> {
            try {
                return DateTimeFormatter.ofPattern(f.text(), Locale.ROOT);
            } catch (IllegalArgumentException ex) {
                throw f.error("invalid date format '" + f.text() + "': " + ex.getMessage());
            }
        }).orElse(null);
    }

    /** The first group of a regular expression ({@code extract: "^gid://shopify/Order/(\\d+)$"}). */
    private static Step extract(YamlNode args) {
        Pattern p;
        try {
            p = Pattern.compile(args.text());
        } catch (PatternSyntaxException ex) {
            throw args.error("invalid regular expression: " + ex.getDescription());
        }
        if (p.matcher("").groupCount() < 1) {
            throw args.error("extract needs a group in its regular expression: (...)");
        }
        return simple("extract", (v, ctx, at) -> {
            Matcher m = p.matcher(text(v));
            if (!m.find()) {
                throw ctx.fail(at, "pattern", shown(v) + " does not match " + p.pattern());
            }
            return m.group(1);
        });
    }

    /** {@code map: {paid: PAID, "*": OTHER}}: source values to canonical ones; an unlisted value is a data-quality exception. */
    final class EnumMapStep implements Step {
        private final Map<String, Object> exact;
        private final Map<String, Object> folded;
        private final Object otherwise;
        private final YamlNode node;

        private EnumMapStep(Map<String, Object> exact, Object otherwise, YamlNode node) {
            this.exact = exact;
            this.folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            this.folded.putAll(exact);
            this.otherwise = otherwise;
            this.node = node;
        }

        static EnumMapStep compile(YamlNode args) {
            Map<String, Object> m = new LinkedHashMap<>();
            Object otherwise = null;
            for (Map.Entry<String, YamlNode> e : args.map().entrySet()) {
                Object target = e.getValue().plain();
                if (e.getKey().equals("*")) {
                    otherwise = target;
                } else {
                    m.put(e.getKey(), target);
                }
            }
            return new EnumMapStep(m, otherwise, args);
        }

        YamlNode node() {
            return node;
        }

        List<Object> targets() {
            List<Object> t = new java.util.ArrayList<>(exact.values());
            if (otherwise != null) {
                t.add(otherwise);
            }
            return t;
        }

        @Override
        public Object apply(Object value, EvalContext ctx, String at) {
            String key = text(value);
            if (exact.containsKey(key)) {
                return exact.get(key);
            }
            if (folded.containsKey(key)) {
                return folded.get(key);
            }
            if (otherwise != null) {
                return otherwise;
            }
            throw ctx.fail(at, "enum", shown(key) + " is not one of " + exact.keySet());
        }

        @Override
        public String name() {
            return "map";
        }
    }

    /** {@code lookup: entity-by-shopify-shop}: a value from a reference table. */
    final class LookupStep implements Step {
        private final String table;

        private LookupStep(String table) {
            this.table = table;
        }

        static LookupStep compile(YamlNode args, LookupTables tables) {
            String table = args.text();
            if (!tables.tables().contains(table)) {
                throw args.error("unknown reference table '" + table + "' (known: " + tables.tables() + ")");
            }
            return new LookupStep(table);
        }

        @Override
        public Object apply(Object value, EvalContext ctx, String at) {
            if (value == null) {
                // absent: the table's "*" entry if it has one, else still absent (a required field then says so)
                return ctx.tables().lookup(table, null).orElse(null);
            }
            return ctx.tables().lookup(table, text(value)).orElseThrow(() -> ctx.fail(at, "lookup",
                    "no entry for " + shown(value) + " in " + table + " (" + ctx.tables().origin(table) + ")"));
        }

        @Override
        public boolean acceptsAbsent() {
            return true;
        }

        @Override
        public String name() {
            return "lookup";
        }
    }
}
