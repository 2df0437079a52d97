package io.finbridge.odoo;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Reads the loosely typed values routes give (Lists or JSON text, numbers or numeric text) into what Odoo expects. */
final class OdooValues {

    private OdooValues() {
    }

    static List<Object> list(Object value, String what) {
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (value instanceof Object[] a) {
            return new ArrayList<>(Arrays.asList(a));
        }
        if (value instanceof String s) {
            try {
                return OdooJson.MAPPER.readValue(s, OdooJson.MAPPER.getTypeFactory().constructCollectionType(List.class, Object.class));
            } catch (IOException ex) {
                throw new IllegalArgumentException(what + " must be a List or a JSON array; got: " + s, ex);
            }
        }
        throw new IllegalArgumentException(what + " must be a List or a JSON array; got a " + value.getClass().getName());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        if (value instanceof String s) {
            try {
                return OdooJson.MAPPER.readValue(s, OdooJson.MAP);
            } catch (IOException ex) {
                throw new IllegalArgumentException(what + " must be a Map or a JSON object; got: " + s, ex);
            }
        }
        throw new IllegalArgumentException(what + " must be a Map or a JSON object; got a " + value.getClass().getName());
    }

    /** Field names from a List or comma-separated text. */
    static List<String> names(Object value, String what) {
        if (value instanceof String s) {
            String t = s.strip();
            if (t.startsWith("[")) {
                return list(t, what).stream().map(String::valueOf).toList();
            }
            return Arrays.stream(t.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        }
        return list(value, what).stream().map(String::valueOf).toList();
    }

    /** Record ids from an Integer, a List of numbers, or text such as "7" or "7,8" or "[7, 8]". */
    static List<Integer> ids(Object value, String what) {
        if (value instanceof Number n) {
            return List.of(n.intValue());
        }
        List<Object> raw;
        if (value instanceof String s && !s.strip().startsWith("[")) {
            raw = new ArrayList<>(Arrays.asList((Object[]) s.split(",")));
        } else {
            raw = list(value, what);
        }
        List<Integer> ids = new ArrayList<>(raw.size());
        for (Object o : raw) {
            ids.add(integer(o, what));
        }
        return ids;
    }

    static Integer integer(Object o, String what) {
        if (o instanceof Integer i) {
            return i;
        }
        if (o instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.valueOf(String.valueOf(o).strip());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(what + " must be a whole number; got: " + o, ex);
        }
    }
}
