package io.finbridge.mapping;

import io.finbridge.privacy.Excerpt;

import com.fasterxml.jackson.databind.JsonNode;
import io.finbridge.canonical.CanonicalRecord;
import io.finbridge.canonical.CanonicalTypes;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.TiesOut;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping file, compiled: {@code mappings/<source>/<object>.v<N>.yaml} turns a source event into the canonical
 * record named by {@code produces}.
 */
public final class Mapping {

    static final Pattern FILE_NAME = Pattern.compile("([a-z0-9_]+)\\.v([1-9][0-9]*)\\.ya?ml");
    private static final Set<String> KEYS = Set.of("mapping", "source", "object", "version", "produces", "description",
            "select", "scope", "origin", "fields");

    private final String name;
    private final String source;
    private final String object;
    private final int version;
    private final Class<? extends CanonicalRecord> produces;
    private final VersionSelector selector;
    private final JsonPathRef scope;
    private final Expr.Build build;
    private final String file;

    private Mapping(String name, String source, String object, int version, Class<? extends CanonicalRecord> produces,
            VersionSelector selector, JsonPathRef scope, Expr.Build build, String file) {
        this.name = name;
        this.source = source;
        this.object = object;
        this.version = version;
        this.produces = produces;
        this.selector = selector;
        this.scope = scope;
        this.build = build;
        this.file = file;
    }

    /** Compiles a mapping file whose folder is {@code folderSource} and file name {@code fileName}. */
    static Mapping compile(YamlNode doc, String folderSource, String fileName, LookupTables tables) {
        if (!doc.isMap()) {
            throw doc.error("a mapping file is a map (mapping, source, object, version, produces, origin, fields)");
        }
        doc.onlyKeys(KEYS);
        Matcher fm = FILE_NAME.matcher(fileName);
        if (!fm.matches()) {
            throw new MappingException(doc.file(), 0, "", "a mapping file is named <object>.v<N>.yaml");
        }
        String name = doc.require("mapping").text();
        YamlNode sourceNode = doc.require("source");
        if (!sourceNode.text().equals(folderSource)) {
            throw sourceNode.error("source '" + sourceNode.text() + "' but the file is in folder " + folderSource + "/");
        }
        YamlNode objectNode = doc.require("object");
        if (!objectNode.text().equals(fm.group(1))) {
            throw objectNode.error("object '" + objectNode.text() + "' but the file is named for " + fm.group(1));
        }
        YamlNode versionNode = doc.require("version");
        int version = versionNode.integer();
        if (version != Integer.parseInt(fm.group(2))) {
            throw versionNode.error("version " + version + " but the file is named v" + fm.group(2));
        }
        YamlNode producesNode = doc.require("produces");
        Class<? extends CanonicalRecord> type = CanonicalTypes.byName(producesNode.text()).orElseThrow(() ->
                producesNode.error("unknown canonical type '" + producesNode.text() + "' (expected one of " + CanonicalTypes.names() + ")"));
        FieldCompiler compiler = new FieldCompiler(tables);
        VersionSelector selector = doc.get("select").map(s -> VersionSelector.compile(s, compiler)).orElse(null);
        JsonPathRef scope = doc.get("scope").map(s -> JsonPathRef.compile(s, s.text())).orElse(null);

        YamlNode originNode = doc.require("origin");
        originNode.onlyKeys(Set.of("sourceId", "occurredAt", "entity"));
        Map<String, Expr> originParts = new LinkedHashMap<>();
        originParts.put("sourceSystem", new Expr.Const(folderSource));
        originParts.put("sourceId", compiler.field(originNode.require("sourceId"), String.class, true));
        originParts.put("entity", compiler.field(originNode.require("entity"), String.class, true));
        originParts.put("occurredAt", compiler.field(originNode.require("occurredAt"), Instant.class, true));
        originParts.put("mapping", new Expr.Const(name));
        originParts.put("mappingVersion", new Expr.Const(version));
        Expr.Build origin = preset(Origin.class, originParts);
        Expr.Build build = compiler.record(doc.require("fields"), type, false, Map.of("origin", origin));
        return new Mapping(name, folderSource, objectNode.text(), version, type, selector, scope, build, doc.file());
    }

    /** A record every component of which the engine gives (the origin): all required. */
    private static Expr.Build preset(Class<?> type, Map<String, Expr> parts) {
        java.lang.reflect.RecordComponent[] components = type.getRecordComponents();
        String[] names = new String[components.length];
        Expr[] exprs = new Expr[components.length];
        boolean[] required = new boolean[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            exprs[i] = parts.get(names[i]);
            required[i] = true;
        }
        return Expr.Build.of(type, names, exprs, required, false);
    }

    /** Maps one event: the canonical record, or a {@link DataQualityException} naming the field at fault. */
    CanonicalRecord apply(JsonNode event, Map<String, Object> headers, LookupTables tables) {
        JsonNode object = objectOf(event);
        EvalContext ctx = new EvalContext(event, object, headers, tables, name, version);
        CanonicalRecord record = produces.cast(build.eval(object, ctx, ""));
        if (record instanceof TiesOut t) {
            List<TiesOut.Imbalance> off;
            try {
                off = t.imbalances();
            } catch (IllegalArgumentException ex) {
                // amounts that should add up are in different currencies
                throw ctx.fail("currency", "currency", Excerpt.message(ex.getMessage()) + " in one " + produces.getSimpleName());
            }
            if (!off.isEmpty()) {
                TiesOut.Imbalance first = off.get(0);
                throw ctx.fail(first.field(), "ties-out", first.describe());
            }
        }
        return record;
    }

    /** The object a mapping reads: {@code scope} inside the payload when it is there, else the payload itself. */
    JsonNode objectOf(JsonNode event) {
        if (scope == null) {
            return event;
        }
        Object inner = JsonValues.toJava(scope.path().read(event, JsonValues.JSON_PATH));
        return inner instanceof JsonNode n && n.isObject() ? n : event;
    }

    public String name() {
        return name;
    }

    public String source() {
        return source;
    }

    public String object() {
        return object;
    }

    public int version() {
        return version;
    }

    public Class<? extends CanonicalRecord> produces() {
        return produces;
    }

    public String file() {
        return file;
    }

    Optional<VersionSelector> selector() {
        return Optional.ofNullable(selector);
    }

    /** What selects this version, for operators: {@code apiVersion 2023-10-16..2025-03-31}. */
    public String selects() {
        return selector == null ? "every event" : selector.kind().key + " " + selector.range();
    }
}
