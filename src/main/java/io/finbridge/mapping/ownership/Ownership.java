package io.finbridge.mapping.ownership;

import io.finbridge.canonical.CanonicalRecord;
import io.finbridge.canonical.CanonicalTypes;
import io.finbridge.mapping.MappingException;
import io.finbridge.mapping.YamlNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rules of {@code mappings/reference/ownership.yaml}: which systems own each object and field, and which may
 * create an object they do not own. Immutable; checked against the mappings when loaded.
 */
public final class Ownership {

    public static final String FILE = "ownership.yaml";

    private final Map<String, Set<String>> systems;
    private final Map<String, ObjectRule> objects;
    private final Map<Class<?>, ObjectRule> byType;

    /** One governed object: its types, owners, creators and field owners (all as system names). */
    public record ObjectRule(String name, Set<String> types, Set<String> owners, Set<String> creators, Map<String, Set<String>> fieldOwners) {
    }

    private Ownership(Map<String, Set<String>> systems, Map<String, ObjectRule> objects, Map<Class<?>, ObjectRule> byType) {
        this.systems = systems;
        this.objects = objects;
        this.byType = byType;
    }

    /**
     * Reads ownership.yaml; {@code sources} are the mapping folders (each must belong to a system) and
     * {@code produced} the canonical types the mappings produce (each must be governed).
     */
    public static Ownership load(YamlNode doc, Set<String> sources, Collection<Class<? extends CanonicalRecord>> produced) {
        doc.onlyKeys(Set.of("systems", "objects"));
        Map<String, Set<String>> systems = new TreeMap<>();
        Set<String> members = new TreeSet<>();
        for (Map.Entry<String, YamlNode> e : doc.require("systems").map().entrySet()) {
            Set<String> s = new LinkedHashSet<>();
            for (YamlNode n : e.getValue().listOrOne()) {
                s.add(n.text());
            }
            systems.put(e.getKey(), Set.copyOf(s));
            members.addAll(s);
        }
        YamlNode objectsNode = doc.require("objects");
        Map<String, ObjectRule> objects = new LinkedHashMap<>();
        Map<Class<?>, ObjectRule> byType = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : objectsNode.map().entrySet()) {
            YamlNode o = e.getValue();
            o.onlyKeys(Set.of("types", "owner", "create", "fields"));
            Set<String> typeNames = new LinkedHashSet<>();
            List<Class<?>> types = new ArrayList<>();
            for (YamlNode t : o.require("types").listOrOne()) {
                Class<?> type = CanonicalTypes.byName(t.text()).orElseThrow(() ->
                        t.error("unknown canonical type '" + t.text() + "' (expected one of " + CanonicalTypes.names() + ")"));
                types.add(type);
                typeNames.add(t.text());
            }
            Set<String> owners = systemsOf(o.require("owner"), systems);
            Set<String> creators = o.get("create").map(c -> systemsOf(c, systems)).orElse(Set.of());
            Map<String, Set<String>> fieldOwners = new TreeMap<>();
            for (Map.Entry<String, YamlNode> f : o.get("fields").map(YamlNode::map).orElse(Map.of()).entrySet()) {
                if (f.getKey().equals("origin") || types.stream().noneMatch(t -> hasComponent(t, f.getKey()))) {
                    throw f.getValue().error("'" + f.getKey() + "' is not a field of " + typeNames);
                }
                fieldOwners.put(f.getKey(), systemsOf(f.getValue(), systems));
            }
            ObjectRule rule = new ObjectRule(e.getKey(), Set.copyOf(typeNames), owners, creators, Map.copyOf(fieldOwners));
            for (Class<?> t : types) {
                ObjectRule other = byType.putIfAbsent(t, rule);
                if (other != null) {
                    throw o.error(t.getSimpleName() + " is already governed by object " + other.name());
                }
            }
            objects.put(e.getKey(), rule);
        }
        for (String source : sources) {
            if (!members.contains(source)) {
                throw doc.require("systems").error("source '" + source + "' (mappings/" + source + "/) belongs to no system");
            }
        }
        for (Class<? extends CanonicalRecord> t : produced) {
            if (!byType.containsKey(t)) {
                throw objectsNode.error("no object governs " + t.getSimpleName() + ", which a mapping produces");
            }
        }
        return new Ownership(Map.copyOf(systems), Map.copyOf(objects), Map.copyOf(byType));
    }

    private static Set<String> systemsOf(YamlNode n, Map<String, Set<String>> systems) {
        Set<String> out = new LinkedHashSet<>();
        for (YamlNode s : n.listOrOne()) {
            if (!systems.containsKey(s.text())) {
                throw s.error("unknown system '" + s.text() + "' (systems: " + systems.keySet() + ")");
            }
            out.add(s.text());
        }
        return Set.copyOf(out);
    }

    private static boolean hasComponent(Class<?> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The object that governs a canonical type. */
    public ObjectRule objectOf(Class<?> type) {
        ObjectRule r = byType.get(type);
        if (r == null) {
            throw new MappingException(FILE, 0, "objects", "no object governs " + type.getSimpleName());
        }
        return r;
    }

    public Optional<ObjectRule> object(String name) {
        return Optional.ofNullable(objects.get(name));
    }

    /** The systems a source belongs to ({@code stripe} is billing and payments). */
    public Set<String> systemsOf(String source) {
        Set<String> out = new TreeSet<>();
        systems.forEach((name, sources) -> {
            if (sources.contains(source)) {
                out.add(name);
            }
        });
        return out;
    }

    /**
     * Which fields of {@code record} its source may write, and why each other is refused. When the object does not
     * exist yet, a creator may write every field; afterwards only owners write, field by field.
     */
    public Decision decide(CanonicalRecord record, boolean exists) {
        ObjectRule rule = objectOf(record.getClass());
        String source = record.origin().sourceSystem();
        Set<String> mine = systemsOf(source);
        boolean ownsObject = intersects(rule.owners(), mine);
        boolean mayCreate = !exists && (ownsObject || intersects(rule.creators(), mine));
        Set<String> accepted = new TreeSet<>();
        Map<String, String> refused = new TreeMap<>();
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            String field = c.getName();
            if (field.equals("origin")) {
                continue;
            }
            Set<String> owners = rule.fieldOwners().getOrDefault(field, rule.owners());
            if (mayCreate || intersects(owners, mine)) {
                accepted.add(field);
            } else {
                refused.put(field, rule.name() + "." + field + " is owned by " + describe(owners) + ", not " + source);
            }
        }
        return new Decision(rule.name(), source, Set.copyOf(accepted), Map.copyOf(refused), !exists && mayCreate);
    }

    private String describe(Set<String> owners) {
        List<String> parts = new ArrayList<>();
        for (String o : new TreeSet<>(owners)) {
            parts.add(o + " " + new TreeSet<>(systems.get(o)));
        }
        return String.join(" or ", parts);
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a source may write of one record: the fields {@code accepted}, the others {@code refused} with the reason;
     * {@code creates} when it writes a new object.
     */
    public record Decision(String object, String source, Set<String> accepted, Map<String, String> refused, boolean creates) {

        public boolean acceptsAnything() {
            return !accepted.isEmpty();
        }
    }
}
