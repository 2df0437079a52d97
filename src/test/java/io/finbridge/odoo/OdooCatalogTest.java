package io.finbridge.odoo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.catalog.RuntimeCamelCatalog;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code odoo:} component as Camel's tooling sees it: the odoo.json the build generated, read through Camel's
 * runtime catalog (what JBang, Kaoto and the IDE plugins read), agrees with docs/odoo-component.md and the code.
 */
class OdooCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CamelContext camel;
    private static RuntimeCamelCatalog catalog;
    private static JsonNode schema;

    @BeforeAll
    static void readTheCatalog() throws Exception {
        camel = new DefaultCamelContext(); // no component added: found by its scheme, as tooling finds it
        camel.start();
        catalog = camel.getCamelContextExtension().getRuntimeCamelCatalog();
        String json = catalog.componentJSonSchema("odoo");
        assertThat(json).as("odoo.json on the classpath").isNotNull();
        schema = JSON.readTree(json);
    }

    @AfterAll
    static void stop() {
        camel.stop();
    }

    @Test
    void theCatalogDescribesTheComponent() {
        JsonNode c = schema.path("component");
        assertThat(c.path("scheme").asText()).isEqualTo("odoo");
        assertThat(c.path("javaType").asText()).isEqualTo(OdooComponent.class.getName());
        assertThat(c.path("syntax").asText()).isEqualTo("odoo:model/method");
        assertThat(c.path("producerOnly").asBoolean()).isTrue();
        assertThat(c.path("description").asText()).contains("Odoo");
    }

    @Test
    void everyEndpointOptionInTheCatalogIsInTheDocsTableAndTheOtherWayRound() throws IOException {
        Map<String, List<String>> documented = table("## Endpoints", "option");
        assertThat(names(schema.path("properties"))).isEqualTo(new TreeSet<>(documented.keySet()));
    }

    @Test
    void theDocumentedDefaultsAreTheCatalogs() throws IOException {
        Map<String, List<String>> documented = table("## Endpoints", "option");
        schema.path("properties").fields().forEachRemaining(o -> {
            JsonNode d = o.getValue().path("defaultValue");
            if (!d.isMissingNode()) {
                assertThat(documented.get(o.getKey()).get(1)).as("default of %s", o.getKey()).contains("`" + d.asText() + "`");
            }
        });
    }

    @Test
    void theConnectionTableNamesComponentOptions() throws IOException {
        Set<String> options = names(schema.path("componentProperties"));
        Map<String, List<String>> connection = table("## Connection", "setting (environment variable)");
        assertThat(connection).isNotEmpty();
        for (List<String> row : connection.values()) {
            assertThat(options).contains(row.get(1).replaceAll("[`*]", "").split(" ")[0]);
        }
    }

    @Test
    void everyOptionHasADescriptionAndTheApiKeyIsSecret() {
        Stream.of("properties", "componentProperties").forEach(kind -> schema.path(kind).fields().forEachRemaining(o ->
                assertThat(o.getValue().path("description").asText()).as("description of %s", o.getKey()).hasSizeGreaterThan(10)));
        assertThat(schema.path("properties").path("apiKey").path("secret").asBoolean()).isTrue();
        assertThat(schema.path("componentProperties").path("apiKey").path("secret").asBoolean()).isTrue();
    }

    @Test
    void theConnectionCanBeOverriddenPerEndpoint() {
        for (String option : List.of("url", "database", "login", "apiKey", "protocol")) {
            assertThat(schema.path("properties").path(option).path("kind").asText()).as(option).isEqualTo("parameter");
        }
        assertThat(values(schema.path("properties").path("protocol").path("enum"))).containsExactly("jsonrpc", "xmlrpc", "json2", "auto");
    }

    @Test
    void theOperationsAreTheEnum() {
        assertThat(values(schema.path("properties").path("operation").path("enum")))
                .containsExactlyElementsOf(Arrays.stream(OdooOperation.values()).map(Enum::name).toList());
    }

    @Test
    void theHeadersAreOdooConstantsAndTheDocsHeaderTable() throws Exception {
        Set<String> constants = new TreeSet<>();
        for (Field f : OdooConstants.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.isAnnotationPresent(org.apache.camel.spi.Metadata.class)) {
                constants.add((String) f.get(null));
            }
        }
        assertThat(names(schema.path("headers"))).isEqualTo(constants)
                .isEqualTo(new TreeSet<>(table("### Headers", "header").keySet()));
    }

    @Test
    void theBuildGeneratedTheConfigurersSoNothingIsBoundByReflection() {
        PropertyConfigurer endpoint = org.apache.camel.support.PluginHelper.getConfigurerResolver(camel)
                .resolvePropertyConfigurer("odoo-endpoint", camel);
        PropertyConfigurer component = org.apache.camel.support.PluginHelper.getConfigurerResolver(camel)
                .resolvePropertyConfigurer("odoo-component", camel);
        assertThat(endpoint).isInstanceOf(OdooEndpointConfigurer.class);
        assertThat(component).isInstanceOf(OdooComponentConfigurer.class);
        OdooEndpoint e = camel.getEndpoint("odoo:res.partner?operation=search&database=eu&limit=3", OdooEndpoint.class);
        assertThat(e.getConfiguration().getDatabase()).isEqualTo("eu");
        assertThat(e.getLimit()).isEqualTo(3);
    }

    @Test
    void theGeneratedUriFactoryBuildsUrisInTheComponentsSyntax() throws Exception {
        org.apache.camel.spi.EndpointUriFactory factory = org.apache.camel.support.PluginHelper.getUriFactoryResolver(camel)
                .resolveFactory("odoo", camel);
        assertThat(factory).isInstanceOf(OdooEndpointUriFactory.class);
        assertThat(factory.buildUri("odoo", new java.util.TreeMap<>(Map.of("model", "account.move", "method", "action_post")), false))
                .isEqualTo("odoo:account.move/action_post");
        assertThat(factory.buildUri("odoo", new java.util.TreeMap<>(Map.of("model", "res.partner", "operation", "search",
                "database", "eu")), false)).isEqualTo("odoo:res.partner?database=eu&operation=search");
        assertThat(factory.secretPropertyNames()).contains("apiKey");
    }

    @Test
    void theCatalogRefusesAnUnknownOptionAndAWrongOperation() throws Exception {
        EndpointValidationResult unknown = catalog.validateProperties("odoo",
                catalog.endpointProperties("odoo:res.partner?operation=search&limitt=3"));
        assertThat(unknown.isSuccess()).isFalse();
        assertThat(unknown.getUnknown()).containsExactly("limitt");
        EndpointValidationResult operation = catalog.validateProperties("odoo",
                catalog.endpointProperties("odoo:res.partner?operation=serch"));
        assertThat(operation.getInvalidEnum()).containsKey("operation");
    }

    @Test
    void everyOdooUriInTheRoutesIsValidForTheCatalog() throws Exception {
        Pattern uri = Pattern.compile("odoo:[^\\s\"']+");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("routes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Matcher m = uri.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(m.group());
                }
            }
        }
        assertThat(found).isNotEmpty();
        for (String u : found) {
            EndpointValidationResult r = catalog.validateProperties("odoo", catalog.endpointProperties(u));
            assertThat(r.isSuccess()).as("%s: %s", u, r.summaryErrorMessage(false)).isTrue();
        }
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> values(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /**
     * The first Markdown table after the heading whose first column is headed {@code firstColumn}: each row's first
     * cell (without backticks) to its other cells.
     */
    private static Map<String, List<String>> table(String heading, String firstColumn) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/odoo-component.md"));
        int i = 0;
        while (i < lines.size() && !lines.get(i).startsWith(heading)) {
            i++;
        }
        while (i < lines.size() && !lines.get(i).startsWith("| " + firstColumn + " |")) {
            i++;
        }
        assertThat(i).as("a table headed '%s' under %s in docs/odoo-component.md", firstColumn, heading).isLessThan(lines.size());
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = Arrays.stream(lines.get(i).substring(1).split("(?<!\\\\)\\|")).map(String::strip)
                    .collect(Collectors.toList());
            rows.put(cells.get(0).replace("`", "").split(" ")[0], cells);
        }
        return rows;
    }
}
