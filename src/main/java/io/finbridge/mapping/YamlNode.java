package io.finbridge.mapping;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML 1.2 node that remembers its file, line and field path, so that every complaint about a mapping or reference
 * file says where to look. Scalars stay text: the reader of each file decides what a value means.
 */
public final class YamlNode {

    private final String file;
    private final int line;
    private final String path;
    private final Object value;

    private YamlNode(String file, int line, String path, Object value) {
        this.file = file;
        this.line = line;
        this.path = path;
        this.value = value;
    }

    /** Reads one YAML document; a syntax error becomes a {@link MappingException} with the line it was found on. */
    public static YamlNode read(Path file, String shownAs) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Optional<Node> root = new Compose(LoadSettings.builder().setLabel(shownAs).build()).composeReader(reader);
            if (root.isEmpty()) {
                throw new MappingException(shownAs, 0, "", "the file is empty");
            }
            return of(shownAs, "", root.get());
        } catch (MarkedYamlEngineException ex) {
            int line = ex.getProblemMark().or(ex::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String problem = ex.getProblem() == null ? ex.getMessage() : ex.getProblem();
            String context = ex.getContext() == null ? "" : " (" + ex.getContext() + ")";
            throw new MappingException(shownAs, line, "", "YAML syntax error: " + problem + context);
        } catch (YamlEngineException ex) {
            throw new MappingException(shownAs, 0, "", "YAML syntax error: " + ex.getMessage());
        } catch (IOException ex) {
            throw new MappingException(shownAs, 0, "", "cannot read the file: " + ex.getMessage());
        }
    }

    private static YamlNode of(String file, String path, Node node) {
        int line = node.getStartMark().map(Mark::getLine).orElse(-1) + 1;
        if (node instanceof ScalarNode s) {
            boolean isNull = s.getTag().equals(Tag.NULL);
            return new YamlNode(file, line, path, isNull ? null : s.getValue());
        }
        if (node instanceof SequenceNode seq) {
            List<YamlNode> items = new ArrayList<>();
            int i = 0;
            for (Node n : seq.getValue()) {
                items.add(of(file, path + "[" + i++ + "]", n));
            }
            return new YamlNode(file, line, path, Collections.unmodifiableList(items));
        }
        if (node instanceof MappingNode map) {
            Map<String, YamlNode> entries = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                int keyLine = t.getKeyNode().getStartMark().map(Mark::getLine).orElse(-1) + 1;
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    throw new MappingException(file, keyLine, path, "keys must be plain words");
                }
                String key = k.getValue();
                String child = path.isEmpty() ? key : path + "." + key;
                if (entries.containsKey(key)) {
                    throw new MappingException(file, keyLine, child, "duplicate key (first at line " + entries.get(key).line + ")");
                }
                YamlNode v = of(file, child, t.getValueNode());
                // a value's location is its key's line: that is where a reader looks
                entries.put(key, new YamlNode(file, keyLine, child, v.value));
            }
            return new YamlNode(file, line, path, Collections.unmodifiableMap(entries));
        }
        throw new MappingException(file, line, path, "unsupported YAML node " + node.getNodeType());
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** Dotted path from the document root ({@code fields.lines.fields.sku}). */
    public String path() {
        return path;
    }

    public boolean isNull() {
        return value == null;
    }

    public boolean isScalar() {
        return value instanceof String;
    }

    public boolean isMap() {
        return value instanceof Map;
    }

    public boolean isList() {
        return value instanceof List;
    }

    /** The complaint to throw: this node's file, line and path. */
    public MappingException error(String problem) {
        return new MappingException(file, line, path, problem);
    }

    @SuppressWarnings("unchecked")
    public Map<String, YamlNode> map() {
        if (!isMap()) {
            throw error("expected a map of keys to values, found " + kind());
        }
        return (Map<String, YamlNode>) value;
    }

    @SuppressWarnings("unchecked")
    public List<YamlNode> list() {
        if (!isList()) {
            throw error("expected a list, found " + kind());
        }
        return (List<YamlNode>) value;
    }

    /** A list, or a single value taken as a list of one. */
    public List<YamlNode> listOrOne() {
        return isList() ? list() : List.of(this);
    }

    public String text() {
        if (!isScalar()) {
            throw error("expected a single value, found " + kind());
        }
        return (String) value;
    }

    public boolean bool() {
        String t = text();
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        throw error("expected true or false, found '" + t + "'");
    }

    public int integer() {
        try {
            return Integer.parseInt(text());
        } catch (NumberFormatException ex) {
            throw error("expected a whole number, found '" + text() + "'");
        }
    }

    public Optional<YamlNode> get(String key) {
        YamlNode n = map().get(key);
        return n == null ? Optional.empty() : Optional.of(n);
    }

    public YamlNode require(String key) {
        YamlNode n = map().get(key);
        if (n == null || n.isNull()) {
            throw error("'" + key + "' is missing");
        }
        return n;
    }

    /** Refuses keys other than {@code allowed}: a typo in a mapping must not be silently ignored. */
    public void onlyKeys(Set<String> allowed) {
        for (Map.Entry<String, YamlNode> e : map().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw e.getValue().error("unknown key '" + e.getKey() + "' (expected one of " + String.join(", ", sorted(allowed)) + ")");
            }
        }
    }

    /** The plain Java value: String, List, Map or null, for keys whose content is data (enum maps, constants). */
    public Object plain() {
        if (isMap()) {
            Map<String, Object> out = new LinkedHashMap<>();
            map().forEach((k, v) -> out.put(k, v.plain()));
            return out;
        }
        if (isList()) {
            return list().stream().map(YamlNode::plain).toList();
        }
        return value;
    }

    private String kind() {
        return value == null ? "nothing" : isMap() ? "a map" : isList() ? "a list" : "'" + value + "'";
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    @Override
    public String toString() {
        return file + ":" + line + " " + path;
    }
}
