package io.finbridge.mapping;

import io.finbridge.privacy.Excerpt;

import com.fasterxml.jackson.databind.JsonNode;
import io.finbridge.canonical.Currencies;
import io.finbridge.canonical.Money;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A compiled field of a mapping: evaluated against the current JSON item of one event, it gives the value of a
 * canonical component (already of the component's type) or throws a {@link DataQualityException} naming the field.
 */
interface Expr {

    Object eval(JsonNode current, EvalContext ctx, String at);

    /** Where the value comes from, for messages: {@code $.total_price}, {@code header X-Shopify-Shop-Domain}. */
    String describe();

    /** {@code path: [$.a, $.b]} then {@code header: [A, B]}: the first that has a value. */
    record Source(List<JsonPathRef> paths, List<String> headers, boolean wantsList) implements Expr {
        @Override
        public Object eval(JsonNode current, EvalContext ctx, String at) {
            for (JsonPathRef p : paths) {
                Object v = p.read(current, ctx);
                // a filter gives the first of its matches; a definite path to an array stays an array (a type error)
                if (v instanceof JsonNode n && n.isArray() && !wantsList && !p.isDefinite()) {
                    v = n.isEmpty() ? null : JsonValues.toJava(n.get(0));
                }
                if (v != null) {
                    return v;
                }
            }
            for (String h : headers) {
                Object v = ctx.header(h);
                if (v != null && !(v instanceof String s && s.isBlank())) {
                    return v instanceof Number n ? new BigDecimal(n.toString()) : v;
                }
            }
            return null;
        }

        @Override
        public String describe() {
            List<String> parts = new ArrayList<>();
            paths.forEach(p -> parts.add(p.text()));
            headers.forEach(h -> parts.add("header " + h));
            return String.join(" or ", parts);
        }
    }

    record Const(Object value) implements Expr {
        @Override
        public Object eval(JsonNode current, EvalContext ctx, String at) {
            return value;
        }

        @Override
        public String describe() {
            return "const " + value;
        }
    }

    /** Parts joined by a separator; absent parts are left out, nothing at all is absent. */
    record Concat(List<Expr> parts, String separator) implements Expr {
        @Override
        public Object eval(JsonNode current, EvalContext ctx, String at) {
            List<String> present = new ArrayList<>();
            for (Expr p : parts) {
                Object v = p.eval(current, ctx, at);
                if (v != null && !Step.text(v).isBlank()) {
                    present.add(Step.text(v).strip());
                }
            }
            return present.isEmpty() ? null : String.join(separator, present);
        }

        @Override
        public String describe() {
            return "concat of " + parts.stream().map(Expr::describe).toList();
        }
    }

    /** The exact decimal sum of the numbers an indefinite path finds; zero when it finds none. */
    record Sum(JsonPathRef path) implements Expr {
        @Override
        public Object eval(JsonNode current, EvalContext ctx, String at) {
            Object v = path.read(current, ctx);
            BigDecimal total = BigDecimal.ZERO;
            if (v instanceof JsonNode n && n.isArray()) {
                for (JsonNode item : n) {
                    Object x = JsonValues.toJava(item);
                    if (x != null) {
                        total = total.add(Step.decimal(x, ctx, at));
                    }
                }
            } else if (v != null) {
                total = Step.decimal(v, ctx, at);
            }
            return total;
        }

        @Override
        public String describe() {
            return "sum of " + path.text();
        }
    }

    /** An amount and its currency; {@code minorUnits} reads Stripe-style integer amounts. */
    record MoneyOf(Expr amount, Expr currency, boolean minorUnits) implements Expr {
        @Override
        public Object eval(JsonNode current, EvalContext ctx, String at) {
            Object a = amount.eval(current, ctx, at + ".amount");
            if (a == null) {
                return null;
            }
            Object c = currency.eval(current, ctx, at + ".currency");
            if (c == null) {
                throw ctx.fail(at + ".currency", "required", "an amount without a currency (" + currency.describe() + " is empty)");
            }
            String code = Step.text(c).strip().toUpperCase(Locale.ROOT);
            if (!Currencies.isCurrency(code)) {
                throw ctx.fail(at + ".currency", "currency", Step.shown(c) + " is not an ISO 4217 currency");
            }
            if (!ctx.tables().currencyEnabled(code)) {
                throw ctx.fail(at + ".currency", "currency", code + " is not enabled in mappings/reference/currencies.yaml");
            }
            BigDecimal value = Step.decimal(a, ctx, at + ".amount");
            try {
                return minorUnits ? Money.ofMinor(value, code) : Money.of(value, code);
            } catch (IllegalArgumentException ex) {
                throw ctx.fail(at + ".amount", minorUnits ? "minor-units" : "scale", Excerpt.message(ex.getMessage()) + " (" + amount.describe() + ")");
            }
        }

        @Override
        public String describe() {
            return amount.describe() + " in " + currency.describe();
        }
    }

    /** A list: one element per item an indefinite path finds. */
    record Each(JsonPathRef items, Expr element) implements Expr {
        @Override
        public Object eval(JsonNode current, EvalContext ctx, String at) {
            Object v = items.read(current, ctx);
            List<Object> out = new ArrayList<>();
            if (v == null) {
                return List.of();
            }
            Iterable<?> found = v instanceof JsonNode n && n.isArray() ? n : List.of(v);
            int i = 0;
            for (Object item : found) {
                JsonNode node = item instanceof JsonNode j ? j : JsonValues.MAPPER.valueToTree(item);
                Object x = element.eval(node, ctx, at + "[" + i++ + "]");
                if (x != null) {
                    out.add(x);
                }
            }
            return List.copyOf(out);
        }

        @Override
        public String describe() {
            return "each of " + items.text();
        }
    }

    /** A field: its source, then transforms, default, type and rules. */
    record Field(Expr source, List<Step> steps, Object fallback, Type type, List<Rule> rules) implements Expr {
        @Override
        public Object eval(JsonNode current, EvalContext ctx, String at) {
            Object v = source.eval(current, ctx, at);
            for (Step s : steps) {
                if (v != null || s.acceptsAbsent()) {
                    v = s.apply(v, ctx, at);
                }
            }
            if (v == null) {
                v = fallback;
            }
            v = Coercion.to(type, v, ctx, at);
            if (v != null) {
                for (Rule r : rules) {
                    r.check(v, ctx, at);
                }
            }
            return v;
        }

        @Override
        public String describe() {
            return source.describe();
        }
    }

    /** A validation rule of a field: {@code min}, {@code max}, {@code pattern}, {@code oneOf}. */
    record Rule(String name, BigDecimal bound, Pattern pattern, List<String> allowed) {
        void check(Object v, EvalContext ctx, String at) {
            switch (name) {
                case "min", "max" -> {
                    BigDecimal n = v instanceof Money m ? m.amount() : v instanceof BigDecimal d ? d
                            : v instanceof Integer i ? BigDecimal.valueOf(i) : v instanceof Long l ? BigDecimal.valueOf(l) : null;
                    if (n == null) {
                        throw ctx.fail(at, name, "is not a number");
                    }
                    int cmp = n.compareTo(bound);
                    if (name.equals("min") ? cmp < 0 : cmp > 0) {
                        throw ctx.fail(at, name, Step.shown(n) + " is " + (name.equals("min") ? "below the minimum " : "above the maximum ") + bound.toPlainString());
                    }
                }
                case "pattern" -> {
                    if (!pattern.matcher(Step.text(v)).matches()) {
                        throw ctx.fail(at, name, Step.shown(v) + " does not match " + pattern.pattern());
                    }
                }
                case "oneOf" -> {
                    if (!allowed.contains(Step.text(v))) {
                        throw ctx.fail(at, name, Step.shown(v) + " is not one of " + allowed);
                    }
                }
                default -> throw new IllegalStateException(name);
            }
        }
    }

    /**
     * A canonical record (or a part of one) built from its components. An optional part that comes out entirely
     * empty is absent; otherwise every required component must have a value.
     */
    record Build(Class<?> type, String[] names, Expr[] parts, boolean[] required, boolean optional, Constructor<?> constructor)
            implements Expr {

        static Build of(Class<?> type, String[] names, Expr[] parts, boolean[] required, boolean optional) {
            Class<?>[] types = java.util.Arrays.stream(type.getRecordComponents())
                    .map(java.lang.reflect.RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                return new Build(type, names, parts, required, optional, type.getDeclaredConstructor(types));
            } catch (NoSuchMethodException ex) {
                throw new IllegalStateException(type.getName() + " has no canonical constructor", ex);
            }
        }

        @Override
        public Object eval(JsonNode current, EvalContext ctx, String at) {
            Object[] values = new Object[parts.length];
            boolean empty = true;
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] != null) {
                    values[i] = parts[i].eval(current, ctx, join(at, names[i]));
                    if (values[i] != null && !(values[i] instanceof List<?> l && l.isEmpty())) {
                        empty = false;
                    }
                }
            }
            if (empty && optional) {
                return null;
            }
            for (int i = 0; i < parts.length; i++) {
                boolean missing = values[i] == null || (values[i] instanceof List<?> l && l.isEmpty() && required[i]);
                if (required[i] && missing) {
                    String from = parts[i] == null ? "not mapped" : parts[i].describe() + " is empty";
                    throw ctx.fail(join(at, names[i]), "required", "required but missing (" + from + ")");
                }
            }
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException ex) {
                Throwable cause = ex.getCause();
                throw ctx.fail(at.isEmpty() ? type.getSimpleName() : at, "invalid", Excerpt.message(String.valueOf(cause.getMessage())));
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException("cannot build " + type.getName(), ex);
            }
        }

        private static String join(String at, String name) {
            return at.isEmpty() ? name : at + "." + name;
        }

        @Override
        public String describe() {
            return type.getSimpleName();
        }
    }
}
