package io.finbridge.sandbox;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/** Evaluates an Odoo search domain (Polish notation with '&', '|', '!') against an in-memory record. */
final class SimulatedDomain {

    private SimulatedDomain() {
    }

    static Predicate<Map<String, Object>> parse(List<?> domain) {
        Deque<Predicate<Map<String, Object>>> stack = new ArrayDeque<>();
        for (int i = domain.size() - 1; i >= 0; i--) {
            Object item = domain.get(i);
            if ("&".equals(item)) {
                Predicate<Map<String, Object>> a = stack.pop();
                Predicate<Map<String, Object>> b = stack.pop();
                stack.push(a.and(b));
            } else if ("|".equals(item)) {
                Predicate<Map<String, Object>> a = stack.pop();
                Predicate<Map<String, Object>> b = stack.pop();
                stack.push(a.or(b));
            } else if ("!".equals(item)) {
                stack.push(stack.pop().negate());
            } else if (item instanceof List<?> term && term.size() == 3) {
                stack.push(term(String.valueOf(term.get(0)), String.valueOf(term.get(1)), term.get(2)));
            } else {
                throw new SimulatedOdooError("builtins.AssertionError", "Invalid domain term " + item);
            }
        }
        Predicate<Map<String, Object>> all = r -> true;
        while (!stack.isEmpty()) {
            all = all.and(stack.pop());
        }
        return all;
    }

    private static Predicate<Map<String, Object>> term(String field, String op, Object value) {
        return record -> {
            Object raw = record.get(field);
            Object actual = raw instanceof List<?> m2o && !m2o.isEmpty() ? m2o.get(0) : raw;
            return switch (op) {
                case "=", "==" -> equal(actual, value);
                case "!=", "<>" -> !equal(actual, value);
                case "in" -> value instanceof Collection<?> c && c.stream().anyMatch(v -> equal(actual, v));
                case "not in" -> !(value instanceof Collection<?> c && c.stream().anyMatch(v -> equal(actual, v)));
                case "ilike" -> actual != null && String.valueOf(actual).toLowerCase(Locale.ROOT)
                        .contains(String.valueOf(value).toLowerCase(Locale.ROOT));
                case "=ilike" -> actual != null && String.valueOf(actual).equalsIgnoreCase(String.valueOf(value));
                case "like" -> actual != null && String.valueOf(actual).contains(String.valueOf(value));
                case ">", "<", ">=", "<=" -> compare(actual, value, op);
                default -> throw new SimulatedOdooError(SimulatedOdooError.VALUE_ERROR, "Invalid domain operator " + op);
            };
        };
    }

    private static boolean equal(Object actual, Object expected) {
        if (expected instanceof Boolean b && !b) {
            return actual == null || Boolean.FALSE.equals(actual);
        }
        if (actual instanceof Number a && expected instanceof Number e) {
            return a.doubleValue() == e.doubleValue();
        }
        return Objects.equals(actual, expected);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static boolean compare(Object actual, Object value, String op) {
        if (actual == null || value == null) {
            return false;
        }
        int c;
        if (actual instanceof Number a && value instanceof Number v) {
            c = new java.math.BigDecimal(a.toString()).compareTo(new java.math.BigDecimal(v.toString()));
        } else {
            c = ((Comparable) String.valueOf(actual)).compareTo(String.valueOf(value));
        }
        return switch (op) {
            case ">" -> c > 0;
            case "<" -> c < 0;
            case ">=" -> c >= 0;
            default -> c <= 0;
        };
    }
}
