package io.finbridge.mapping;

import io.finbridge.canonical.Money;
import io.finbridge.canonical.Required;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the {@code fields:} of a mapping against the canonical type they fill, so that every mistake a mapping
 * can make about the model (an unknown field, a required field left out, money without {@code money:}, an enum value
 * the model does not have, a bad JsonPath or transform) is found when the file is loaded, with its line.
 */
final class FieldCompiler {

    private static final Set<String> SPEC_KEYS = Set.of("path", "header", "const", "concat", "separator", "sum", "money",
            "each", "fields", "value", "transform", "map", "lookup", "default", "required", "rules", "note");
    private static final Set<String> RULES = Set.of("min", "max", "pattern", "oneOf");

    private final LookupTables tables;

    FieldCompiler(LookupTables tables) {
        this.tables = tables;
    }

    /** The {@code fields:} map for record type {@code type}; {@code preset} fills components the mapping may not. */
    Expr.Build record(YamlNode fields, Class<?> type, boolean optional, Map<String, Expr> preset) {
        if (!type.isRecord()) {
            throw fields.error(type.getSimpleName() + " has no fields to map");
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, YamlNode> given = fields.map();
        Set<String> known = new LinkedHashSet<>();
        for (RecordComponent c : components) {
            known.add(c.getName());
        }
        for (Map.Entry<String, YamlNode> e : given.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw e.getValue().error("unknown field '" + e.getKey() + "' for " + type.getSimpleName() + " (its fields: "
                        + String.join(", ", known.stream().filter(k -> !preset.containsKey(k)).toList()) + ")");
            }
            if (preset.containsKey(e.getKey())) {
                throw e.getValue().error("'" + e.getKey() + "' is filled by the engine, not by fields:");
            }
        }
        String[] names = new String[components.length];
        Expr[] parts = new Expr[components.length];
        boolean[] required = new boolean[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            names[i] = c.getName();
            required[i] = c.isAnnotationPresent(Required.class);
            if (preset.containsKey(c.getName())) {
                parts[i] = preset.get(c.getName());
                continue;
            }
            YamlNode spec = given.get(c.getName());
            if (spec == null) {
                if (required[i]) {
                    throw fields.error("'" + c.getName() + "' is required by " + type.getSimpleName() + " but not mapped");
                }
                continue;
            }
            if (spec.isMap() && spec.map().containsKey("required")) {
                boolean r = spec.map().get("required").bool();
                if (!r && required[i]) {
                    throw spec.error("'" + c.getName() + "' is always required by " + type.getSimpleName());
                }
                required[i] = r;
            }
            parts[i] = field(spec, c.getGenericType(), required[i]);
        }
        return Expr.Build.of(type, names, parts, required, optional);
    }

    /** One field spec for a value of {@code target} type. */
    Expr field(YamlNode spec, Type target, boolean required) {
        if (spec.isNull()) {
            throw spec.error("empty field: give a JsonPath or a map (path, const, money, fields, ...)");
        }
        if (spec.isScalar()) {
            Class<?> c = Coercion.raw(target);
            if (c == Money.class) {
                throw spec.error("a Money field is mapped with money: {amount: ..., currency: ...}");
            }
            if (c.isRecord() || (Coercion.isList(target) && Coercion.raw(Coercion.elementType(target)).isRecord())) {
                throw spec.error(Coercion.describe(target) + " is mapped with " + (Coercion.isList(target) ? "each: and fields:" : "fields:"));
            }
            return new Expr.Field(source(spec, null, Coercion.isList(target)), List.of(), null, target, List.of());
        }
        if (spec.isList()) {
            throw spec.error("a field is a JsonPath or a map; for several paths write path: [..., ...]");
        }
        spec.onlyKeys(SPEC_KEYS);
        Map<String, YamlNode> m = spec.map();
        Class<?> raw = Coercion.raw(target);
        int kinds = count(m, "path", "const", "concat", "sum", "money", "each") + (m.containsKey("each") ? 0 : count(m, "fields"));
        if (m.containsKey("header") && !m.containsKey("path")) {
            kinds++;
        }
        if (kinds > 1) {
            throw spec.error("give one of path/header, const, concat, sum, money, each, fields");
        }
        if (m.containsKey("money")) {
            if (raw != Money.class) {
                throw spec.error("money: fills a Money field, this one is " + Coercion.describe(target));
            }
            noTransforms(spec, "money");
            return new Expr.Field(money(m.get("money")), List.of(), null, target, rules(spec));
        }
        if (raw == Money.class) {
            throw spec.error("a Money field is mapped with money: {amount: ..., currency: ...}");
        }
        if (m.containsKey("each")) {
            if (!Coercion.isList(target)) {
                throw spec.error("each: fills a list, this field is " + Coercion.describe(target));
            }
            noTransforms(spec, "each");
            JsonPathRef items = JsonPathRef.compile(m.get("each"), m.get("each").text());
            Type element = Coercion.elementType(target);
            Expr elementExpr;
            if (m.containsKey("fields")) {
                elementExpr = record(m.get("fields"), Coercion.raw(element), false, Map.of());
            } else if (m.containsKey("value")) {
                elementExpr = field(m.get("value"), element, false);
            } else {
                throw spec.error("each: needs fields: (for a list of records) or value: (for a list of values)");
            }
            return new Expr.Each(items, elementExpr);
        }
        if (m.containsKey("fields")) {
            if (!raw.isRecord()) {
                throw spec.error("fields: fills a record, this field is " + Coercion.describe(target)
                        + (Coercion.isList(target) ? " (use each: with fields:)" : ""));
            }
            noTransforms(spec, "fields");
            return record(m.get("fields"), raw, !required, Map.of());
        }
        if (raw.isRecord() || (Coercion.isList(target) && Coercion.raw(Coercion.elementType(target)).isRecord())) {
            throw spec.error(Coercion.describe(target) + " is mapped with " + (Coercion.isList(target) ? "each: and fields:" : "fields:"));
        }
        Expr source;
        if (m.containsKey("path") || m.containsKey("header")) {
            source = source(m.getOrDefault("path", null), m.getOrDefault("header", null), Coercion.isList(target));
        } else if (m.containsKey("const")) {
            source = new Expr.Const(m.get("const").plain());
        } else if (m.containsKey("concat")) {
            source = concat(m.get("concat"), m.containsKey("separator") ? m.get("separator").text() : "");
        } else if (m.containsKey("sum")) {
            source = new Expr.Sum(JsonPathRef.compile(m.get("sum"), m.get("sum").text()));
        } else if (m.containsKey("default")) {
            source = new Expr.Const(null);
        } else {
            throw spec.error("says nothing about where the value comes from (path, header, const, concat, sum, default)");
        }
        List<Step> steps = steps(spec);
        Object fallback = m.containsKey("default") ? m.get("default").plain() : null;
        boolean mapped = steps.stream().anyMatch(s -> s instanceof Step.EnumMapStep || s instanceof Step.LookupStep);
        if (raw.isEnum()) {
            for (Step s : steps) {
                if (s instanceof Step.EnumMapStep e) {
                    for (Object t : e.targets()) {
                        Coercion.checkConstant(e.node(), t, target);
                    }
                }
            }
            if (source instanceof Expr.Const c && !mapped) {
                Coercion.checkConstant(m.get("const"), c.value(), target);
            }
            if (fallback != null) {
                Coercion.checkConstant(m.get("default"), fallback, target);
            }
        }
        return new Expr.Field(source, steps, fallback, target, rules(spec));
    }

    private Expr source(YamlNode paths, YamlNode headers, boolean wantsList) {
        List<JsonPathRef> p = new ArrayList<>();
        if (paths != null) {
            for (YamlNode n : paths.listOrOne()) {
                JsonPathRef ref = JsonPathRef.compile(n, n.text());
                // a filter ([?(...)]) picks by content and gives the first match; a wildcard for one value is a mistake
                if (!ref.isDefinite() && !wantsList && !n.text().contains("[?(")) {
                    throw n.error("'" + n.text() + "' can find several values; use each: or sum:, or index it ([0])");
                }
                p.add(ref);
            }
        }
        List<String> h = new ArrayList<>();
        if (headers != null) {
            for (YamlNode n : headers.listOrOne()) {
                h.add(n.text());
            }
        }
        return new Expr.Source(List.copyOf(p), List.copyOf(h), wantsList);
    }

    private Expr concat(YamlNode parts, String separator) {
        List<Expr> out = new ArrayList<>();
        for (YamlNode p : parts.list()) {
            if (p.isScalar() && p.text().startsWith("$")) {
                out.add(source(p, null, false));
            } else if (p.isScalar()) {
                out.add(new Expr.Const(p.text()));
            } else {
                out.add(field(p, Object.class, false));
            }
        }
        return new Expr.Concat(List.copyOf(out), separator);
    }

    private Expr money(YamlNode spec) {
        spec.onlyKeys(Set.of("amount", "currency", "minorUnits"));
        Expr amount = field(spec.require("amount"), Object.class, false);
        Expr currency = field(spec.require("currency"), Object.class, false);
        boolean minor = spec.get("minorUnits").map(YamlNode::bool).orElse(false);
        return new Expr.MoneyOf(amount, currency, minor);
    }

    private List<Step> steps(YamlNode spec) {
        List<Step> out = new ArrayList<>();
        Map<String, YamlNode> m = spec.map();
        if (m.containsKey("transform")) {
            for (YamlNode t : m.get("transform").listOrOne()) {
                out.add(Step.compile(t, tables));
            }
        }
        if (m.containsKey("map")) {
            out.add(Step.EnumMapStep.compile(m.get("map")));
        }
        if (m.containsKey("lookup")) {
            out.add(Step.LookupStep.compile(m.get("lookup"), tables));
        }
        return List.copyOf(out);
    }

    private static List<Expr.Rule> rules(YamlNode spec) {
        if (!spec.map().containsKey("rules")) {
            return List.of();
        }
        YamlNode rules = spec.map().get("rules");
        rules.onlyKeys(RULES);
        List<Expr.Rule> out = new ArrayList<>();
        for (Map.Entry<String, YamlNode> r : rules.map().entrySet()) {
            YamlNode n = r.getValue();
            switch (r.getKey()) {
                case "min", "max" -> {
                    try {
                        out.add(new Expr.Rule(r.getKey(), new BigDecimal(n.text()), null, null));
                    } catch (NumberFormatException ex) {
                        throw n.error(r.getKey() + " must be a number");
                    }
                }
                case "pattern" -> {
                    try {
                        out.add(new Expr.Rule("pattern", null, Pattern.compile(n.text()), null));
                    } catch (PatternSyntaxException ex) {
                        throw n.error("invalid regular expression: " + ex.getDescription());
                    }
                }
                default -> out.add(new Expr.Rule("oneOf", null, null, n.list().stream().map(YamlNode::text).toList()));
            }
        }
        return List.copyOf(out);
    }

    private static void noTransforms(YamlNode spec, String kind) {
        for (String k : List.of("transform", "map", "lookup", "default", "path", "header")) {
            if (spec.map().containsKey(k)) {
                throw spec.map().get(k).error("'" + k + "' does not go with " + kind + ":");
            }
        }
    }

    private static int count(Map<String, YamlNode> m, String... keys) {
        int n = 0;
        for (String k : keys) {
            if (m.containsKey(k)) {
                n++;
            }
        }
        return n;
    }
}
