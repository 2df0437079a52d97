package io.finbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.finbridge.canonical.Money;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a mapped value into the Java type of the canonical component it fills, or says why it cannot. */
final class Coercion {

    private Coercion() {
    }

    static boolean isList(Type t) {
        return t instanceof ParameterizedType p && p.getRawType() == List.class;
    }

    static Type elementType(Type t) {
        return ((ParameterizedType) t).getActualTypeArguments()[0];
    }

    static Class<?> raw(Type t) {
        return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
    }

    static boolean isScalar(Type t) {
        Class<?> c = raw(t);
        return c == String.class || c == BigDecimal.class || c == Integer.class || c == int.class || c == Long.class
                || c == Boolean.class || c == Instant.class || c == LocalDate.class || c.isEnum();
    }

    static String describe(Type t) {
        return isList(t) ? "list of " + describe(elementType(t)) : raw(t).getSimpleName();
    }

    /** Checks a fixed value (a const, a default, a map target) when the mapping is loaded. */
    static void checkConstant(YamlNode at, Object value, Type target) {
        if (value == null) {
            return;
        }
        Class<?> c = raw(target);
        if (c.isEnum() && enumConstant(c, String.valueOf(value)) == null) {
            throw at.error("'" + value + "' is not a " + c.getSimpleName() + " (expected one of " + constants(c) + ")");
        }
        if (isScalar(target) && !c.isEnum() && !(value instanceof String)) {
            throw at.error("expected a single value for " + c.getSimpleName());
        }
    }

    static Object to(Type target, Object v, EvalContext ctx, String at) {
        if (v == null) {
            return null;
        }
        Class<?> c = raw(target);
        if (isList(target)) {
            List<Object> out = new ArrayList<>();
            Iterable<?> items = v instanceof JsonNode n && n.isArray() ? n : v instanceof List<?> l ? l : List.of(v);
            int i = 0;
            for (Object item : items) {
                Object x = to(elementType(target), JsonValues.toJava(item), ctx, at + "[" + i++ + "]");
                if (x != null) {
                    out.add(x);
                }
            }
            return List.copyOf(out);
        }
        if (c.isInstance(v)) {
            return v;
        }
        if (v instanceof JsonNode) {
            throw ctx.fail(at, "type", "expected a " + c.getSimpleName() + ", found a JSON " + (((JsonNode) v).isArray() ? "array" : "object"));
        }
        if (c == String.class) {
            return Step.text(v);
        }
        if (c == BigDecimal.class) {
            return Step.decimal(v, ctx, at);
        }
        if (c == Integer.class || c == int.class) {
            try {
                return Step.decimal(v, ctx, at).intValueExact();
            } catch (ArithmeticException ex) {
                throw ctx.fail(at, "type", "expected a whole number, found " + Step.shown(v));
            }
        }
        if (c == Long.class) {
            try {
                return Step.decimal(v, ctx, at).longValueExact();
            } catch (ArithmeticException ex) {
                throw ctx.fail(at, "type", "expected a whole number, found " + Step.shown(v));
            }
        }
        if (c == Boolean.class) {
            String s = Step.text(v).strip().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.valueOf(s);
            }
            throw ctx.fail(at, "type", "expected true or false, found " + Step.shown(v));
        }
        if (c == Instant.class) {
            if (v instanceof String s) {
                try {
                    return OffsetDateTime.parse(s.strip()).toInstant();
                } catch (DateTimeException ex) {
                    throw ctx.fail(at, "format", Step.shown(s) + " is not an ISO-8601 time with offset (use transform dateTime with a zone or format)");
                }
            }
            throw ctx.fail(at, "type", "expected a time, found " + Step.describe(v) + " (use transform epochSeconds or epochMillis)");
        }
        if (c == LocalDate.class) {
            if (v instanceof String s) {
                try {
                    return LocalDate.parse(s.strip());
                } catch (DateTimeException ex) {
                    throw ctx.fail(at, "format", Step.shown(s) + " is not an ISO-8601 date");
                }
            }
            throw ctx.fail(at, "type", "expected a date, found " + Step.describe(v) + " (use transform date)");
        }
        if (c.isEnum()) {
            Object e = enumConstant(c, Step.text(v));
            if (e == null) {
                throw ctx.fail(at, "enum", Step.shown(v) + " is not a " + c.getSimpleName() + " (expected one of " + constants(c) + ")");
            }
            return e;
        }
        if (c == Money.class) {
            throw ctx.fail(at, "type", "expected money, found " + Step.describe(v));
        }
        throw ctx.fail(at, "type", "expected a " + c.getSimpleName() + ", found " + Step.describe(v));
    }

    private static Object enumConstant(Class<?> c, String name) {
        for (Object e : c.getEnumConstants()) {
            if (((Enum<?>) e).name().equalsIgnoreCase(name.strip())) {
                return e;
            }
        }
        return null;
    }

    private static List<String> constants(Class<?> c) {
        List<String> out = new ArrayList<>();
        for (Object e : c.getEnumConstants()) {
            out.add(((Enum<?>) e).name());
        }
        return out;
    }
}
