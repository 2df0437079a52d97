package io.finbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.canonical.CanonicalJson;
import io.finbridge.canonical.CanonicalRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real-shaped payload under {@code fixtures/<source>/} through the shipped mappings, compared with the canonical
 * JSON in {@code golden/<source>/}. The object is the fixture's name up to the first dash
 * ({@code order-us-paid.json} is a Shopify order); {@code <case>.headers.json} holds the transport headers.
 *
 * <p>A golden file is written by hand or, for a new fixture, with {@code -Dgolden.write=true} and then read line by
 * line before it is committed: it is the statement of what the mapping must produce.
 */
class GoldenFilesTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MappingRegistry registry;

    @BeforeAll
    static void loadShippedMappings() {
        registry = MappingRegistry.load(Path.of("mappings"), "mappings");
    }

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            return files.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".headers.json"))
                    .filter(p -> List.of("shopify", "stripe", "hubspot", "salesforce", "metering").contains(p.getParent().getFileName().toString()))
                    .filter(p -> !p.getFileName().toString().startsWith("invalid-"))
                    .map(p -> FIXTURES.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mapsToTheGoldenCanonicalRecord(String fixture) throws Exception {
        String source = fixture.substring(0, fixture.indexOf('/'));
        String name = fixture.substring(fixture.indexOf('/') + 1, fixture.length() - ".json".length());
        String object = name.contains("-") ? name.substring(0, name.indexOf('-')) : name;
        CanonicalRecord record = registry.toCanonical(source, object, read(FIXTURES.resolve(fixture)), headers(source, name));

        JsonNode actual = CanonicalJson.mapper().valueToTree(record);
        Path golden = GOLDEN.resolve(source).resolve(name + ".json");
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, CanonicalJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n");
        }
        if (!Files.exists(golden)) {
            fail("No golden file " + golden + ": write it (or run with -Dgolden.write=true) and review it");
        }
        JsonNode expected = JSON.readTree(golden.toFile());
        assertThat(actual.toPrettyString()).isEqualTo(expected.toPrettyString());
        // and the golden file reads back as the same record: the JSON form is complete
        assertThat(CanonicalJson.mapper().treeToValue(expected, record.getClass())).isEqualTo(record);
    }

    static Map<String, Object> headers(String source, String name) throws IOException {
        Path h = FIXTURES.resolve(source).resolve(name + ".headers.json");
        return Files.exists(h) ? JSON.readValue(h.toFile(), new TypeReference<Map<String, Object>>() { }) : Map.of();
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
