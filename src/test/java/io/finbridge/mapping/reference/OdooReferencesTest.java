package io.finbridge.mapping.reference;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.TaxLine;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.odoo.OdooComponent;
import io.finbridge.odoo.OdooConfiguration;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference data resolved to Odoo ids through the odoo: component, against a WireMock Odoo 17 (JSON-RPC). */
class OdooReferencesTest {

    private static final String API_KEY = "7e1b0c5d-test-key";

    @TempDir
    Path dir;
    private WireMockServer odoo;
    private CamelContext camel;
    private OdooReferences references;

    @BeforeEach
    void start() throws Exception {
        Files.createDirectories(dir.resolve("reference"));
        Files.writeString(dir.resolve("reference/currencies.yaml"), "currencies: [USD, JPY]\n");
        Files.writeString(dir.resolve("reference/entities.yaml"), """
                entities:
                  us:
                    company: Finbridge US
                    currency: USD
                    journals: {sales: INV}
                    sources:
                      stripe-account: ["*"]
                """);
        Files.writeString(dir.resolve("reference/accounts.yaml"), """
                accounts:
                  us:
                    receivable: "121000"
                    revenue: "400000"
                    deferred-revenue: "211500"
                    clearing: "101300"
                    fees: "443000"
                    refunds: "400100"
                    rounding: {external-id: account.1_rounding}
                    disputes: "101320"
                    adjustments: "600000"
                    outstanding-receipts: "101403"
                    gift-cards: "201100"
                    dispute-losses: "641100"
                """);
        Files.writeString(dir.resolve("reference/taxes.yaml"), """
                taxes:
                  - source: "*"
                    rate: 0.15
                    odoo: {us: "15%"}
                """);
        Files.writeString(dir.resolve("reference/products.yaml"), """
                products:
                  TEE-ORG-BLK-M: {external-id: finbridge.product_tee_black_m}
                  MUG-ENML-350: MUG-ENML-350
                """);
        Files.writeString(dir.resolve("reference/ownership.yaml"), "systems: {billing: [stripe]}\nobjects: {}\n");

        odoo = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        odoo.start();
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("\"authenticate\"")).willReturn(result("6")));
        // recording 001: Odoo 17's version, which decides the field names (accounts' company_id, lock dates)
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("\"version\"")).willReturn(result(
                "{\"server_version\": \"17.0\", \"server_version_info\": [17, 0, 0, \"final\", 0, \"\"], \"server_serie\": \"17.0\", \"protocol_version\": 1}")));
        // anything not stubbed below finds nothing
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("\"search\"")).atPriority(10).willReturn(result("[]")));
        OdooConfiguration c = new OdooConfiguration();
        c.setUrl("http://127.0.0.1:" + odoo.port());
        c.setDatabase("finbridge");
        c.setLogin("finbridge");
        c.setApiKey(API_KEY);
        c.setProtocol("jsonrpc");
        c.setRequestTimeout(5000);
        camel = new DefaultCamelContext();
        OdooComponent component = new OdooComponent(c);
        camel.addComponent("odoo", component);
        camel.start();
        MappingRegistry mappings = MappingRegistry.load(dir, "mappings");
        references = new OdooReferences(mappings, camel.createProducerTemplate(), component::getClient, Clock.fixed(Instant.parse("2026-01-05T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        camel.stop();
        odoo.stop();
    }

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

    private void companyOneKnowsItsRecords() {
        odoo.stubFor(odooCall("res.company", "search", "[[[\"name\", \"=\", \"Finbridge US\"]]], {\"limit\": 2, \"order\": \"id asc\"}")
                .willReturn(result("[1]")));
        String inCompany1 = "{\"limit\": 2, \"order\": \"id asc\", \"context\": {\"allowed_company_ids\": [1]}}";
        odoo.stubFor(odooCall("account.journal", "search", "[[[\"code\", \"=\", \"INV\"], [\"company_id\", \"=\", 1]]], " + inCompany1)
                .willReturn(result("[1]")));
        odoo.stubFor(odooCall("account.account", "search", "[[[\"code\", \"=\", \"121000\"], [\"company_id\", \"=\", 1]]], " + inCompany1)
                .willReturn(result("[6]")));
        odoo.stubFor(odooCall("account.account", "search", "[[[\"code\", \"=\", \"400000\"], [\"company_id\", \"=\", 1]]], " + inCompany1)
                .willReturn(result("[24]")));
        for (String[] a : new String[][] {{"101320", "95"}, {"600000", "30"}, {"101403", "44"}, {"201100", "97"}, {"641100", "99"}}) {
            odoo.stubFor(odooCall("account.account", "search", "[[[\"code\", \"=\", \"" + a[0] + "\"], [\"company_id\", \"=\", 1]]], "
                    + inCompany1).willReturn(result("[" + a[1] + "]")));
        }
        // a tax is read with its rate (recording 106's shape), which invoices are checked against
        odoo.stubFor(odooCall("account.tax", "search_read", "[[[\"name\", \"=\", \"15%\"], [\"company_id\", \"=\", 1], [\"type_tax_use\", \"=\", \"sale\"]]], "
                + "{\"fields\": [\"name\", \"amount\", \"amount_type\", \"price_include\"], \"limit\": 2, \"order\": \"id asc\", "
                + "\"context\": {\"allowed_company_ids\": [1]}}").willReturn(result("[{\"id\": 1, \"name\": \"15%\", \"amount\": 15.0, "
                + "\"amount_type\": \"percent\", \"price_include\": false}]")));
        // the company's lock dates (recording 146's shape)
        odoo.stubFor(odooCall("res.company", "read", "[[1]], {\"fields\": [\"fiscalyear_lock_date\", \"period_lock_date\"]}")
                .willReturn(result("[{\"id\": 1, \"fiscalyear_lock_date\": false, \"period_lock_date\": \"2025-12-31\"}]")));
        odoo.stubFor(odooCall("res.currency", "search", "[[[\"name\", \"=\", \"USD\"]]], {\"limit\": 2, \"order\": \"id asc\"}").willReturn(result("[1]")));
        odoo.stubFor(odooCall("ir.model.data", "check_object_reference", "[\"finbridge\", \"product_tee_black_m\"]")
                .willReturn(result("[\"product.product\", 12]")));
        odoo.stubFor(odooCall("ir.model.data", "check_object_reference", "[\"account\", \"1_rounding\"]")
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody(
                        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": 200, \"message\": \"Odoo Server Error\", \"data\": "
                                + "{\"name\": \"builtins.ValueError\", \"debug\": \"<traceback removed>\", \"message\": \"External ID not "
                                + "found in the system: account.1_rounding\", \"arguments\": [], \"context\": {}}}}")));
    }

    @Test
    void referencesResolveByNameCodeWithinTheCompanyOrExternalId() {
        companyOneKnowsItsRecords();

        int unresolved = references.refresh();

        assertThat(references.companyId("us")).isEqualTo(1);
        assertThat(references.journalId("us", "sales")).isEqualTo(1);
        assertThat(references.accountId("us", "receivable")).isEqualTo(6);
        assertThat(references.accountId("us", "revenue")).isEqualTo(24);
        assertThat(references.accountId("us", "outstanding-receipts")).isEqualTo(44);
        assertThat(references.currencyId("USD")).isEqualTo(1);
        assertThat(references.productId("TEE-ORG-BLK-M")).isEqualTo(12);
        assertThat(references.taxId("shopify", "us", new TaxLine("CA State Tax", new BigDecimal("0.15"), Money.of("1.50", "USD"), "US-CA", false)))
                .isEqualTo(1);
        assertThat(references.tax("shopify", "us", new TaxLine("CA State Tax", new BigDecimal("0.15"), Money.of("1.50", "USD"), "US-CA", false)))
                .isEqualTo(new OdooReferences.TaxInfo(1, "15%", new BigDecimal("0.15"), false));
        assertThat(references.lockDate("us", "sale")).isEqualTo(java.time.LocalDate.parse("2025-12-31"));
        assertThat(unresolved).isEqualTo(7);
        assertThat(references.status().get("unresolved")).asList().contains(
                "res.currency with name 'JPY': not found (is the currency active in Odoo?)",
                "account.account with external id account.1_rounding in the company of entity us: no external id account.1_rounding in Odoo");
        assertThat(references.status()).containsEntry("refreshedAt", "2026-01-05T10:00:00Z").containsEntry("resolved", 12); // with the gift-cards and dispute-losses accounts
    }

    @Test
    void anUnresolvedReferenceSaysWhyWhenAFlowAsksForIt() {
        companyOneKnowsItsRecords();
        references.refresh();
        assertThatThrownBy(() -> references.accountId("us", "deferred-revenue"))
                .isInstanceOf(ReferenceException.class)
                .hasMessage("account.account with code '211500' in the company of entity us has no Odoo id: not found");
        assertThatThrownBy(() -> references.taxId("stripe", "us", new TaxLine("txr_x", new BigDecimal("0.07"), Money.of("0.70", "USD"), null, false)))
                .isInstanceOf(ReferenceException.class).hasMessageContaining("No rule in mappings/reference/taxes.yaml takes the stripe tax txr_x");
        assertThatThrownBy(() -> references.accountId("us", "cash")).hasMessageContaining("Unknown account role 'cash'");
    }

    @Test
    void twoRecordsOfOneNameAreAmbiguousNotGuessed() {
        companyOneKnowsItsRecords();
        odoo.stubFor(odooCall("res.currency", "search", "[[[\"name\", \"=\", \"USD\"]]], {\"limit\": 2, \"order\": \"id asc\"}").willReturn(result("[1, 7]")));
        references.refresh();
        assertThatThrownBy(() -> references.currencyId("USD")).hasMessageContaining("ambiguous: several records match ([1, 7])");
    }

    @Test
    void aModelTheIntegrationUserMayNotReadLeavesOnlyItsReferencesUnresolved() {
        companyOneKnowsItsRecords();
        // the AccessError shape of recording 017, for products
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("\"product.product\"")).atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody(
                        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": 200, \"message\": \"Odoo Server Error\", \"data\": "
                                + "{\"name\": \"odoo.exceptions.AccessError\", \"debug\": \"<traceback removed>\", \"message\": \"You are not "
                                + "allowed to access 'Product' (product.product) records.\", \"arguments\": [], \"context\": {}}}}")));
        references.refresh();
        assertThat(references.accountId("us", "receivable")).isEqualTo(6);
        assertThat(references.productId("TEE-ORG-BLK-M")).isEqualTo(12);
        assertThatThrownBy(() -> references.productId("MUG-ENML-350")).isInstanceOf(ReferenceException.class)
                .hasMessageContaining("product.product with default_code 'MUG-ENML-350' has no Odoo id")
                .hasMessageContaining("not allowed to access 'Product'");
    }

    @Test
    void whenOdooIsDownTheIdsResolvedBeforeStayInUse() {
        companyOneKnowsItsRecords();
        references.refresh();
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw")).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("<html>503 Service Unavailable</html>")));

        references.refresh();

        assertThat(references.accountId("us", "receivable")).isEqualTo(6);
        assertThat(references.status()).containsKey("lastFailure").containsEntry("refreshedAt", "2026-01-05T10:00:00Z");
    }

    @Test
    void beforeTheFirstRefreshNothingIsKnown() {
        assertThatThrownBy(() -> references.companyId("us")).hasMessageContaining("reference data not resolved yet");
        assertThat(references.status().get("unresolved")).asList().isEmpty();
        assertThat(references.status().get("refreshedAt")).isNull();
    }
}
