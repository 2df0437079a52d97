package io.finbridge.mapping;

import io.finbridge.privacy.Excerpt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.finbridge.canonical.CanonicalRecord;
import io.finbridge.mapping.reference.ReferenceData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapping engine as routes and beans use it, bound in the Camel registry as {@code mappings}: turns a source
 * event into its canonical record with the mapping version the event selects. Holds the current {@link MappingSet};
 * {@link #reload()} swaps in a new one only when it loads whole, and keeps the previous one otherwise.
 */
public final class MappingRegistry {

    public static final String BEAN_NAME = "mappings";
    private static final Logger LOG = LoggerFactory.getLogger(MappingRegistry.class);

    private final Path root;
    private final String shownRoot;
    private final AtomicReference<MappingSet> current;
    private final List<Consumer<MappingSet>> listeners = new CopyOnWriteArrayList<>();

    private MappingRegistry(Path root, String shownRoot, MappingSet first) {
        this.root = root;
        this.shownRoot = shownRoot;
        this.current = new AtomicReference<>(first);
    }

    /** Loads the mappings under {@code root}; throws {@link MappingException} (file, line, field) when any is broken. */
    public static MappingRegistry load(Path root, String shownRoot) {
        MappingSet set = MappingSet.load(root, shownRoot);
        LOG.info("Mappings: {} loaded from {} ({})", set.all().size(), shownRoot, summary(set));
        return new MappingRegistry(root, shownRoot, set);
    }

    /**
     * The canonical record for one source event.
     *
     * @param source  the source system, a folder of {@code mappings/} ({@code shopify}, {@code stripe})
     * @param object  the object, a mapping file's name before {@code .v<N>} ({@code order}, {@code invoice})
     * @param json    the payload as received
     * @param headers transport headers (Shopify's {@code X-Shopify-API-Version}, {@code X-Shopify-Shop-Domain}, ...)
     * @throws DataQualityException when the event violates the mapping; the record is then not produced at all
     */
    public CanonicalRecord toCanonical(String source, String object, String json, Map<String, Object> headers) {
        MappingSet set = current.get();
        JsonNode event;
        try {
            event = JsonValues.parse(json == null ? "" : json);
        } catch (JsonProcessingException ex) {
            throw new DataQualityException(source + "/" + object, 0, "$", "json", "the payload is not JSON: " + Excerpt.message(ex.getOriginalMessage()));
        }
        if (event == null || !event.isObject()) {
            throw new DataQualityException(source + "/" + object, 0, "$", "json", "the payload is not a JSON object");
        }
        Mapping mapping = set.select(source, object, event, headers == null ? Map.of() : headers);
        CanonicalRecord record = mapping.apply(event, headers == null ? Map.of() : headers, set.reference());
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} {} mapped by {} v{}", source, object, record.origin().sourceId(), mapping.name(), mapping.version());
        }
        return record;
    }

    /** Reads the mappings again; on any problem logs it and keeps the set in use. Returns whether the new set is in use. */
    public synchronized boolean reload() {
        try {
            MappingSet set = MappingSet.load(root, shownRoot);
            current.set(set);
            LOG.info("Mappings reloaded: {} from {} ({})", set.all().size(), shownRoot, summary(set));
            for (Consumer<MappingSet> l : listeners) {
                l.accept(set);
            }
            return true;
        } catch (MappingException ex) {
            LOG.error("Mappings not reloaded, the previous ones stay in use: {}", ex.getMessage());
            return false;
        }
    }

    /** Called with each newly loaded set (reference ids are refreshed this way). */
    public void onReload(Consumer<MappingSet> listener) {
        listeners.add(listener);
    }

    public MappingSet current() {
        return current.get();
    }

    public ReferenceData reference() {
        return current.get().reference();
    }

    public Path root() {
        return root;
    }

    /** The mappings in use, for operators: name, version, what it produces and which events it takes. */
    public List<Map<String, Object>> describe() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Mapping m : current.get().all()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("mapping", m.name());
            d.put("version", m.version());
            d.put("source", m.source());
            d.put("object", m.object());
            d.put("produces", m.produces().getSimpleName());
            d.put("selects", m.selects());
            d.put("file", m.file());
            out.add(d);
        }
        return out;
    }

    private static String summary(MappingSet set) {
        Map<String, Integer> perSource = new LinkedHashMap<>();
        set.all().forEach(m -> perSource.merge(m.source(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        perSource.forEach((s, n) -> parts.add(s + " " + n));
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }
}
