package io.finbridge.odoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.FinbridgeRuntime;
import io.finbridge.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime in the sandbox profile: odoo: is bound from finbridge.odoo.* and talks to the simulated Odoo 17. */
class OdooSandboxEndToEndTest {

    private static FinbridgeRuntime runtime;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        Settings settings = Settings.load(Map.of(), new Properties(), Map.of(
                "finbridge.profile", "sandbox",
                "finbridge.http.port", "0",
                "finbridge.console.enabled", "false",
                "finbridge.store.url", "jdbc:h2:mem:odoo-e2e-" + UUID.randomUUID()));
        runtime = new FinbridgeRuntime(settings).start();
        template = runtime.camelContext().createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aPartnerCreatedThroughTheRuntimeReadsBack() {
        Object id = template.requestBody("odoo:res.partner?operation=create", Map.of("name", "Acme Shop", "email", "acme@example.com"));
        Object read = template.requestBodyAndHeaders("odoo:res.partner?operation=read", null,
                Map.of(OdooConstants.IDS, id, OdooConstants.FIELDS, List.of("name", "email")));

        assertThat(id).isInstanceOf(Integer.class);
        assertThat(read).isEqualTo(List.of(Map.of("id", id, "name", "Acme Shop", "email", "acme@example.com")));
    }

    @Test
    void upsertByExternalIdNeedsAccessRightsWhichTheIntegrationUserLacksAndSaysSo() {
        Exchange refused = template.request("odoo:res.partner?operation=upsert", e -> {
            e.getMessage().setHeader(OdooConstants.EXTERNAL_ID, "shopify_customer_76");
            e.getMessage().setBody(Map.of("name", "Shop Customer"));
        });

        assertThat(refused.getException()).isInstanceOf(OdooAccessException.class)
                .hasMessageContaining("Administration / Access Rights");
        // the partner created before the refused registration was removed again: no partner without its external id
        Object left = template.requestBodyAndHeaders("odoo:res.partner?operation=searchCount", null,
                Map.of(OdooConstants.DOMAIN, List.of(List.of("name", "=", "Shop Customer"))));
        assertThat(left).isEqualTo(0);
    }

    @Test
    void anUpsertTwiceUpdatesTheRecordItCreatedWhenTheUserHasAccessRights() throws Exception {
        Settings settings = Settings.load(Map.of(), new Properties(), Map.of(
                "finbridge.profile", "sandbox",
                "finbridge.sandbox.odoo-groups", "access-rights",
                "finbridge.http.port", "0",
                "finbridge.console.enabled", "false",
                "finbridge.store.url", "jdbc:h2:mem:odoo-e2e-rights-" + UUID.randomUUID()));
        try (FinbridgeRuntime admin = new FinbridgeRuntime(settings).start()) {
            ProducerTemplate t = admin.camelContext().createProducerTemplate();
            Exchange first = t.request("odoo:res.partner?operation=upsert", e -> {
                e.getMessage().setHeader(OdooConstants.EXTERNAL_ID, "shopify_customer_77");
                e.getMessage().setBody(Map.of("name", "Shop Customer"));
            });
            Exchange second = t.request("odoo:res.partner?operation=upsert", e -> {
                e.getMessage().setHeader(OdooConstants.EXTERNAL_ID, "shopify_customer_77");
                e.getMessage().setBody(Map.of("name", "Shop Customer", "email", "c77@example.com"));
            });

            assertThat(first.getMessage().getHeader(OdooConstants.UPSERT_RESULT)).isEqualTo("created");
            assertThat(second.getMessage().getHeader(OdooConstants.UPSERT_RESULT)).isEqualTo("updated");
            assertThat(second.getMessage().getBody()).isEqualTo(first.getMessage().getBody());
        }
    }

    @Test
    void beansReachOdooThroughTheBoundComponent() {
        OdooComponent odoo = runtime.camelContext().getRegistry().lookupByNameAndType("odoo", OdooComponent.class);
        assertThat(runtime.camelContext().getComponent("odoo")).isSameAs(odoo);
        assertThat(odoo.getClient().version()).containsEntry("server_version", "17.0");
        assertThat(odoo.getClient()).isInstanceOf(MeteredOdooClient.class); // the runtime's metricsRegistry records the calls
    }
}
