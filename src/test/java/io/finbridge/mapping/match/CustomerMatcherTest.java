package io.finbridge.mapping.match;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.finbridge.canonical.Party;
import io.finbridge.config.ConfigurationException;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.odoo.OdooAccessException;
import io.finbridge.odoo.OdooComponent;
import io.finbridge.odoo.OdooConfiguration;
import io.finbridge.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Customer matching against a WireMock Odoo 17 answering in the recorded JSON-RPC shapes
 * (src/test/resources/fixtures/odoo/jsonrpc: 002 authenticate, 006 search, 064/065 ir.model.data create, 067
 * check_object_reference; an unknown external id is the ValueError Odoo 17 raises). The parties come from the shipped
 * mappings and real-shaped Shopify and Stripe payloads.
 */
class CustomerMatcherTest {

    private static final String API_KEY = "7e1b0c5d-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHOPIFY_MARIA = "shopify_customer_7390123456789";
    private static final String STRIPE_MARIA = "stripe_customer_cus_PfbMariaLopez01";
    private static MappingRegistry mappings;

    private WireMockServer odoo;
    private CamelContext camel;
    private Store store;

    @BeforeAll
    static void loadMappings() {
        mappings = MappingRegistry.load(Path.of("mappings"), "mappings");
    }

    @BeforeEach
    void start() throws Exception {
        odoo = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        odoo.start();
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(recordedRequest("002-authenticate-ok.json")))
                .willReturn(recordedResponse("002-authenticate-ok.json")));
        OdooConfiguration c = new OdooConfiguration();
        c.setUrl("http://127.0.0.1:" + odoo.port());
        c.setDatabase("finbridge");
        c.setLogin("finbridge");
        c.setApiKey(API_KEY);
        c.setProtocol("jsonrpc");
        c.setRequestTimeout(5000);
        camel = new DefaultCamelContext();
        camel.addComponent("odoo", new OdooComponent(c));
        camel.start();
        store = Store.open("jdbc:h2:mem:match-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "", 4);
    }

    @AfterEach
    void stop() {
        camel.stop();
        store.close();
        odoo.stop();
    }

    private CustomerMatcher matcher() {
        return new CustomerMatcher(camel.createProducerTemplate(), store, Map.of("salesforce", List.of(MatchStrategy.EXTERNAL_ID, MatchStrategy.VAT)),
                CustomerMatcher.DEFAULT);
    }

    @Test
    void theSameCustomerFromShopifyAndStripeIsOnePartnerWithBothExternalIds() throws Exception {
        externalIdUnknown(SHOPIFY_MARIA);
        externalIdUnknown(STRIPE_MARIA);
        countryIs("US", 233);
        emailSearchFindsTheCreatedPartner("maria.lopez@example.com", 41, 0);
        registers(SHOPIFY_MARIA, 41, 16014);
        registers(STRIPE_MARIA, 41, 16015);

        PartnerMatch fromShopify = matcher().match(party("shopify", "customer-updated"));
        PartnerMatch fromStripe = matcher().match(party("stripe", "customer-created"));

        assertThat(fromShopify).isEqualTo(new PartnerMatch(41, "finbridge." + SHOPIFY_MARIA, null, true));
        assertThat(fromStripe).isEqualTo(new PartnerMatch(41, "finbridge." + STRIPE_MARIA, MatchStrategy.EMAIL, false));
        odoo.verify(1, executeKw("res.partner", "create"));
        odoo.verify(1, postRequestedFor(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(call("res.partner", "create",
                "[{\"name\": \"María López\", \"is_company\": false, \"email\": \"maria.lopez@example.com\", \"phone\": \"+14155550142\","
                        + " \"street\": \"1600 Grant Ave\", \"street2\": \"Apt 4\", \"city\": \"San Francisco\", \"zip\": \"94133\","
                        + " \"country_id\": 233, \"customer_rank\": 1}]"))));
        odoo.verify(2, executeKw("ir.model.data", "create"));
        odoo.verify(1, postRequestedFor(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(registration(SHOPIFY_MARIA, 41))));
        odoo.verify(1, postRequestedFor(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(registration(STRIPE_MARIA, 41))));
    }

    @Test
    void theSameCustomerArrivingFromTwoSourcesAtOnceIsStillOnePartner() throws Exception {
        externalIdUnknown(SHOPIFY_MARIA);
        externalIdUnknown(STRIPE_MARIA);
        countryIs("US", 233);
        // a slow create: without serialization per email both matchers would search before either created
        emailSearchFindsTheCreatedPartner("maria.lopez@example.com", 41, 400);
        registers(SHOPIFY_MARIA, 41, 16014);
        registers(STRIPE_MARIA, 41, 16015);
        CustomerMatcher matcher = matcher();
        Party shopify = party("shopify", "customer-updated");
        Party stripe = party("stripe", "customer-created");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<PartnerMatch> a = CompletableFuture.supplyAsync(() -> matcher.match(shopify), pool);
            CompletableFuture<PartnerMatch> b = CompletableFuture.supplyAsync(() -> matcher.match(stripe), pool);
            assertThat(List.of(a.get().partnerId(), b.get().partnerId())).containsOnly(41);
            assertThat(List.of(a.get().created(), b.get().created())).containsExactlyInAnyOrder(true, false);
        } finally {
            pool.shutdownNow();
        }
        odoo.verify(1, executeKw("res.partner", "create"));
        odoo.verify(2, executeKw("ir.model.data", "create"));
        assertThat(matchedPartner("email:maria.lopez@example.com")).isEqualTo(41);
    }

    @Test
    void aKnownExternalIdIsTheAnswerWithoutSearching() throws Exception {
        odoo.stubFor(odooCall("ir.model.data", "check_object_reference", "[\"finbridge\", \"" + STRIPE_MARIA + "\"]")
                .willReturn(result("[\"res.partner\", 39]")));

        PartnerMatch m = matcher().match(party("stripe", "customer-created"));

        assertThat(m).isEqualTo(new PartnerMatch(39, "finbridge." + STRIPE_MARIA, MatchStrategy.EXTERNAL_ID, false));
        odoo.verify(0, executeKw("res.partner", "search"));
        odoo.verify(0, executeKw("res.partner", "create"));
        odoo.verify(0, executeKw("ir.model.data", "create"));
    }

    @Test
    void aCrmAccountMatchesAnExistingPartnerByVatWhenItsStrategySaysSo() throws Exception {
        externalIdUnknown("salesforce_customer_001Dn00000Qx7aHIAR");
        odoo.stubFor(odooCall("res.partner", "search", "[[[\"vat\", \"=ilike\", \"DE298765432\"]]], {\"limit\": 2, \"order\": \"id asc\"}")
                .willReturn(result("[57]")));
        registers("salesforce_customer_001Dn00000Qx7aHIAR", 57, 16020);

        PartnerMatch m = matcher().match(party("salesforce", "account-updated"));

        assertThat(m).isEqualTo(new PartnerMatch(57, "finbridge.salesforce_customer_001Dn00000Qx7aHIAR", MatchStrategy.VAT, false));
        // salesforce matches by external id and VAT only: its billing email is never searched
        odoo.verify(0, postRequestedFor(urlEqualTo("/jsonrpc")).withRequestBody(containing("\"email\"")));
    }

    @Test
    void registeringNeedsAccessRightsAndSaysSo() throws Exception {
        externalIdUnknown(STRIPE_MARIA);
        odoo.stubFor(odooCall("res.partner", "search", "[[[\"email\", \"=ilike\", \"maria.lopez@example.com\"]]], {\"limit\": 2, \"order\": \"id asc\"}")
                .willReturn(result("[41]")));
        // the integration user without Administration / Access Rights (recording 062)
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(registration(STRIPE_MARIA, 41)))
                .willReturn(recordedResponse("062-imd-create-finbridge.json")));

        assertThatThrownBy(() -> matcher().match(party("stripe", "customer-created")))
                .isInstanceOf(OdooAccessException.class).hasMessageContaining("Access Rights");
        assertThat(matchedPartner("email:maria.lopez@example.com")).isNull();
    }

    @Test
    void strategiesComeFromSettingsPerSource() {
        assertThat(MatchStrategy.parse("k", "external-id, vat")).containsExactly(MatchStrategy.EXTERNAL_ID, MatchStrategy.VAT);
        assertThatThrownBy(() -> MatchStrategy.parse("finbridge.mappings.matching.stripe", "email,phone"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("finbridge.mappings.matching.stripe").hasMessageContaining("'phone'");
        assertThat(matcher().strategyFor("salesforce")).containsExactly(MatchStrategy.EXTERNAL_ID, MatchStrategy.VAT);
        assertThat(matcher().strategyFor("shopify")).isEqualTo(CustomerMatcher.DEFAULT);
    }

    @Test
    void keysAreNormalized() {
        assertThat(CustomerMatcher.normalizeEmail("  Maria.Lopez@Example.COM ")).isEqualTo("maria.lopez@example.com");
        assertThat(CustomerMatcher.externalId("stripe", "cus_Pfb-01.x")).isEqualTo("stripe_customer_cus_Pfb_01_x");
    }

    // --- the WireMock Odoo

    private static String call(String model, String method, String argsJson) {
        return "{\"jsonrpc\": \"2.0\", \"method\": \"call\", \"id\": \"${json-unit.any-number}\", \"params\": {\"service\": \"object\", "
                + "\"method\": \"execute_kw\", \"args\": [\"finbridge\", 6, \"" + API_KEY + "\", \"" + model + "\", \""
                + method + "\", " + argsJson + "]}}";
    }

    private static MappingBuilder odooCall(String model, String method, String argsJson) {
        return post(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(call(model, method, argsJson)));
    }

    private static ResponseDefinitionBuilder result(String json) {
        return aResponse().withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": " + json + "}");
    }

    private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder executeKw(String model, String method) {
        return postRequestedFor(urlEqualTo("/jsonrpc")).withRequestBody(containing("\"" + model + "\",\"" + method + "\""));
    }

    private static String registration(String name, int partnerId) {
        return call("ir.model.data", "create", "[{\"module\": \"finbridge\", \"name\": \"" + name
                + "\", \"model\": \"res.partner\", \"res_id\": " + partnerId + "}]");
    }

    private void externalIdUnknown(String name) {
        odoo.stubFor(odooCall("ir.model.data", "check_object_reference", "[\"finbridge\", \"" + name + "\"]")
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody(
                        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": 200, \"message\": \"Odoo Server Error\", \"data\": "
                                + "{\"name\": \"builtins.ValueError\", \"debug\": \"<traceback removed>\", \"message\": \"External ID not "
                                + "found in the system: finbridge." + name + "\", \"arguments\": [\"External ID not found in the system: finbridge."
                                + name + "\"], \"context\": {}}}}")));
    }

    private void countryIs(String code, int id) {
        odoo.stubFor(odooCall("res.country", "search", "[[[\"code\", \"=\", \"" + code + "\"]]], {\"limit\": 1}").willReturn(result("[" + id + "]")));
    }

    /** The email search finds nothing until a partner is created (slowly, by {@code createDelayMs}), then finds it. */
    private void emailSearchFindsTheCreatedPartner(String email, int id, int createDelayMs) {
        String search = "[[[\"email\", \"=ilike\", \"" + email + "\"]]], {\"limit\": 2, \"order\": \"id asc\"}";
        odoo.stubFor(odooCall("res.partner", "search", search).inScenario("partner").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(result("[]")));
        odoo.stubFor(odooCall("res.partner", "search", search).inScenario("partner").whenScenarioStateIs("created")
                .willReturn(result("[" + id + "]")));
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("\"res.partner\",\"create\"")).inScenario("partner")
                .willSetStateTo("created").willReturn(result(String.valueOf(id)).withFixedDelay(createDelayMs)));
    }

    private void registers(String name, int partnerId, int imdId) throws IOException {
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(registration(name, partnerId)))
                .willReturn(result(String.valueOf(imdId))));
    }

    private Integer matchedPartner(String key) {
        return store.inTransaction(c -> {
            try (var ps = c.prepareStatement("SELECT partner_id FROM customer_match_key WHERE match_key = ?")) {
                ps.setString(1, key);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? (Integer) rs.getObject(1) : null;
                }
            }
        });
    }

    private static Party party(String source, String fixture) throws IOException {
        Path dir = Path.of("src/test/resources/fixtures", source);
        Path headers = dir.resolve(fixture + ".headers.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> h = Files.exists(headers) ? JSON.readValue(headers.toFile(), Map.class) : Map.of();
        String object = fixture.substring(0, fixture.indexOf('-'));
        return (Party) mappings.toCanonical(source, object, Files.readString(dir.resolve(fixture + ".json")), h);
    }

    private static JsonNode recording(String file) throws IOException {
        try (InputStream in = CustomerMatcherTest.class.getResourceAsStream("/fixtures/odoo/jsonrpc/" + file)) {
            return JSON.readTree(in);
        }
    }

    private static String recordedRequest(String file) throws IOException {
        ObjectMapper m = new ObjectMapper();
        var request = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(recording(file).path("request").path("body").asText()
                .replace("<api-key>", API_KEY));
        request.put("id", "${json-unit.any-number}");
        return m.writeValueAsString(request);
    }

    private static ResponseDefinitionBuilder recordedResponse(String file) throws IOException {
        JsonNode r = recording(file).path("response");
        return aResponse().withStatus(r.path("status").asInt(200)).withHeader("Content-Type", r.path("headers").path("Content-Type").asText())
                .withBody(r.path("body").asText());
    }
}
