package io.finbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.finbridge.FinbridgeRuntime;
import io.finbridge.canonical.Order;
import io.finbridge.config.Settings;
import io.finbridge.posting.PartnerPostings;
import io.finbridge.mapping.ownership.OwnershipGuard;
import io.finbridge.mapping.reference.OdooReferences;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime loads the mappings before it starts anything, and binds the engine and its companions. */
class MappingsInTheRuntimeTest {

    private static Settings sandbox(String mappings) {
        return Settings.load(Map.of(), new Properties(), Map.of(
                "finbridge.profile", "sandbox",
                "finbridge.http.port", "0",
                "finbridge.console.enabled", "false",
                "finbridge.store.url", "jdbc:h2:mem:rt-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "finbridge.mappings.location", mappings));
    }

    @Test
    void aBrokenMappingStopsStartUpNamingFileAndLine(@TempDir Path dir) throws Exception {
        TempMappings m = new TempMappings(dir).shipped("shopify/order.v1.yaml");
        Files.writeString(dir.resolve("shopify/order.v1.yaml"), m.read("shopify/order.v1.yaml").replace("  number: $.name\n", "  numbr: $.name\n"));
        FinbridgeRuntime runtime = new FinbridgeRuntime(sandbox(dir.toString()));
        assertThatThrownBy(runtime::start).isInstanceOf(MappingException.class)
                .hasMessageContaining(dir + "/shopify/order.v1.yaml:").hasMessageContaining("fields.numbr: unknown field 'numbr' for Order");
    }

    @Test
    void theRuntimeBindsTheMappingEngineAndResolvesReferenceDataAtStart() throws Exception {
        try (FinbridgeRuntime runtime = new FinbridgeRuntime(sandbox("mappings")).start()) {
            CamelContext camel = runtime.camelContext();
            MappingRegistry engine = camel.getRegistry().lookupByNameAndType(MappingRegistry.BEAN_NAME, MappingRegistry.class);
            assertThat(engine).isSameAs(runtime.mappings());
            assertThat(camel.getRegistry().lookupByName(PartnerPostings.BEAN_NAME)).isInstanceOf(PartnerPostings.class);
            assertThat(camel.getRegistry().lookupByName(OwnershipGuard.BEAN_NAME)).isInstanceOf(OwnershipGuard.class);

            Order order = (Order) engine.toCanonical("shopify", "order",
                    Files.readString(GoldenFilesTest.FIXTURES.resolve("shopify/order-us-paid.json")), GoldenFilesTest.headers("shopify", "order-us-paid"));
            assertThat(order.origin().entity()).isEqualTo("us");

            // the sandbox's simulated Odoo 17 has the fixture's companies, journals, accounts and taxes
            OdooReferences references = camel.getRegistry().lookupByNameAndType(OdooReferences.BEAN_NAME, OdooReferences.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> references.status().get("refreshedAt") != null);
            assertThat(references.companyId("us")).isEqualTo(1);
            assertThat(references.companyId("eu")).isEqualTo(2);
            assertThat(references.journalId("eu", "bank")).isEqualTo(13);
            assertThat(references.accountId("us", "receivable")).isEqualTo(6);
            assertThat(references.currencyId("KWD")).isEqualTo(93);

            // operators see the versions in use and what is not resolved
            HttpClient http = HttpClient.newHttpClient();
            String auth = "Basic " + Base64.getEncoder().encodeToString("admin:sandbox".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> inUse = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/api/mappings"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(inUse.statusCode()).isEqualTo(200);
            assertThat(inUse.body()).contains("\"mapping\":\"stripe-invoice\"", "\"selects\":\"apiVersion 2025-03-31..\"");
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/api/mappings/reference-data"))
                    .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
            // the simulated fixture has every account, journal and tax mappings/reference/ names, and only the recorded
            // fixture's five currencies active
            assertThat(status.body()).doesNotContain("account.account", "account.journal", "account.tax")
                    .contains("res.currency with name 'CHF': not found (is the currency active in Odoo?)");
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/api/mappings")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
        }
    }
}
