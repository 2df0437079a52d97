package io.finbridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.finbridge.canonical.CanonicalRecord;
import io.finbridge.mapping.ownership.Ownership;
import io.finbridge.mapping.reference.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything under {@code mappings/}, loaded and checked together: the reference data and every mapping version of
 * every source. Immutable; a reload builds a new one and swaps it in only when it is whole.
 */
public final class MappingSet {

    private final ReferenceData reference;
    private final Ownership ownership;
    private final Map<String, Map<String, List<Mapping>>> bySource;

    private MappingSet(ReferenceData reference, Ownership ownership, Map<String, Map<String, List<Mapping>>> bySource) {
        this.reference = reference;
        this.ownership = ownership;
        this.bySource = bySource;
    }

    /**
     * Loads {@code root}; {@code shownRoot} is how its files are named in messages. Every problem found is reported in
     * one {@link MappingException}, each with its file, line and field.
     */
    public static MappingSet load(Path root, String shownRoot) {
        if (!Files.isDirectory(root)) {
            throw new MappingException(shownRoot, 0, "", "mappings folder not found (" + root.toAbsolutePath()
                    + "; set finbridge.mappings.location / FINBRIDGE_MAPPINGS_LOCATION)");
        }
        ReferenceData reference = ReferenceData.load(root, shownRoot);
        List<MappingException> problems = new ArrayList<>();
        Map<String, Map<String, List<Mapping>>> bySource = new TreeMap<>();
        Map<String, Mapping> byName = new HashMap<>();
        for (Path dir : list(root, shownRoot)) {
            String source = dir.getFileName().toString();
            // pricing/ holds usage price plans, read by io.finbridge.usage.PricingPlans, not mappings
            if (!Files.isDirectory(dir) || source.equals(ReferenceData.FOLDER) || source.equals("pricing") || source.startsWith(".")) {
                if (Files.isRegularFile(dir) && isYaml(dir)) {
                    problems.add(new MappingException(shownRoot + "/" + source, 0, "", "a mapping belongs in a source folder: <source>/<object>.v<N>.yaml"));
                }
                continue;
            }
            for (Path file : list(dir, shownRoot + "/" + source)) {
                if (!isYaml(file)) {
                    continue;
                }
                String shown = shownRoot + "/" + source + "/" + file.getFileName();
                try {
                    Mapping m = Mapping.compile(YamlNode.read(file, shown), source, file.getFileName().toString(), reference);
                    Mapping same = byName.putIfAbsent(m.name() + " v" + m.version(), m);
                    if (same != null) {
                        throw new MappingException(shown, 0, "mapping", "mapping " + m.name() + " v" + m.version() + " is also defined in " + same.file());
                    }
                    bySource.computeIfAbsent(source, s -> new TreeMap<>()).computeIfAbsent(m.object(), o -> new ArrayList<>()).add(m);
                } catch (MappingException ex) {
                    problems.add(ex);
                }
            }
        }
        for (Map<String, List<Mapping>> objects : bySource.values()) {
            for (List<Mapping> versions : objects.values()) {
                versions.sort(Comparator.comparingInt(Mapping::version));
                checkSelectors(versions, problems);
            }
        }
        Ownership ownership = null;
        Path ownershipFile = root.resolve(ReferenceData.FOLDER).resolve(Ownership.FILE);
        String ownershipShown = shownRoot + "/" + ReferenceData.FOLDER + "/" + Ownership.FILE;
        if (!Files.isRegularFile(ownershipFile)) {
            problems.add(new MappingException(ownershipShown, 0, "", "reference file missing (" + ownershipFile.toAbsolutePath() + ")"));
        } else {
            try {
                java.util.Set<Class<? extends CanonicalRecord>> produced = new java.util.LinkedHashSet<>();
                bySource.values().forEach(o -> o.values().forEach(v -> v.forEach(m -> produced.add(m.produces()))));
                ownership = Ownership.load(YamlNode.read(ownershipFile, ownershipShown), bySource.keySet(), produced);
            } catch (MappingException ex) {
                problems.add(ex);
            }
        }
        if (problems.size() == 1) {
            throw problems.get(0);
        }
        if (!problems.isEmpty()) {
            throw new MappingException(shownRoot, problems);
        }
        Map<String, Map<String, List<Mapping>>> frozen = new TreeMap<>();
        bySource.forEach((s, objects) -> {
            Map<String, List<Mapping>> o = new TreeMap<>();
            objects.forEach((k, v) -> o.put(k, List.copyOf(v)));
            frozen.put(s, Map.copyOf(o));
        });
        return new MappingSet(reference, ownership, Map.copyOf(frozen));
    }

    /** Versions side by side must each say which events they take, the same way, without overlapping. */
    private static void checkSelectors(List<Mapping> versions, List<MappingException> problems) {
        if (versions.size() < 2) {
            return;
        }
        for (Mapping m : versions) {
            if (m.selector().isEmpty()) {
                problems.add(new MappingException(m.file(), 0, "select", "mapping " + m.name() + " has " + versions.size()
                        + " versions, so each needs select: (apiVersion or eventDate, from, until)"));
                return;
            }
        }
        for (int i = 0; i < versions.size(); i++) {
            for (int j = i + 1; j < versions.size(); j++) {
                VersionSelector a = versions.get(i).selector().orElseThrow();
                VersionSelector b = versions.get(j).selector().orElseThrow();
                Mapping later = versions.get(j);
                if (a.kind() != b.kind()) {
                    problems.add(new MappingException(later.file(), b.line(), "select", "selects by " + b.kind().key
                            + " but " + versions.get(i).file() + " selects by " + a.kind().key));
                } else if (a.overlaps(b)) {
                    problems.add(new MappingException(later.file(), b.line(), "select", "range " + b.range()
                            + " overlaps " + a.range() + " of " + versions.get(i).file()));
                }
            }
        }
    }

    private static List<Path> list(Path dir, String shown) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException ex) {
            throw new MappingException(shown, 0, "", "cannot list the folder: " + ex.getMessage());
        }
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    public ReferenceData reference() {
        return reference;
    }

    public Ownership ownership() {
        return ownership;
    }

    /** Every mapping, by source, then object, then version. */
    public List<Mapping> all() {
        List<Mapping> out = new ArrayList<>();
        bySource.values().forEach(o -> o.values().forEach(out::addAll));
        return out;
    }

    public Optional<Mapping> find(String source, String object, int version) {
        return versions(source, object).stream().filter(m -> m.version() == version).findFirst();
    }

    List<Mapping> versions(String source, String object) {
        return bySource.getOrDefault(source, Map.of()).getOrDefault(object, List.of());
    }

    /** The version of {@code source}/{@code object} the event is for, chosen by its API version or date. */
    Mapping select(String source, String object, JsonNode event, Map<String, Object> headers) {
        List<Mapping> versions = versions(source, object);
        if (versions.isEmpty()) {
            throw new DataQualityException(source + "/" + object, 0, "object", "no-mapping",
                    "no mapping for " + source + " " + object + " in mappings/" + source + "/ (mapped: " + describe() + ")");
        }
        if (versions.size() == 1 && versions.get(0).selector().isEmpty()) {
            return versions.get(0);
        }
        Mapping first = versions.get(0);
        List<String> ranges = new ArrayList<>();
        Object seen = null;
        for (Mapping m : versions) {
            VersionSelector s = m.selector().orElseThrow();
            EvalContext ctx = new EvalContext(event, m.objectOf(event), headers, reference, m.name(), 0);
            Object value = s.valueOf(m.objectOf(event), ctx);
            if (value == null) {
                throw new DataQualityException(m.name(), 0, s.kind().key, "version",
                        "the event does not say its " + s.kind().key + " (" + s.source() + "), so no version of the mapping can be chosen");
            }
            seen = value;
            if (s.covers(value)) {
                return m;
            }
            ranges.add("v" + m.version() + " " + s.range());
        }
        throw new DataQualityException(first.name(), 0, first.selector().orElseThrow().kind().key, "version",
                "no version of the mapping takes " + seen + " (" + String.join(", ", ranges) + ")");
    }

    private String describe() {
        List<String> out = new ArrayList<>();
        bySource.forEach((s, o) -> o.keySet().forEach(k -> out.add(s + "/" + k)));
        return out.isEmpty() ? "none" : String.join(", ", out);
    }
}
