package io.finbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.config.ConfigurationException;
import io.finbridge.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ShopifyAdminApiTest {

    static ShopifyAdminApi api(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("finbridge.profile", "dev");
        return ShopifyAdminApi.fromSettings(Settings.load(Map.of(), new Properties(), all));
    }

    @Test
    void eachShopHasItsOwnTokenAndAdminUrlElseTheDefaultsElseItsDomain() throws Exception {
        ShopifyAdminApi api = api(Map.of("finbridge.shopify.access-token", "shpat_default",
                "finbridge.shopify.shop.finbridge-eu.access-token", "shpat_eu",
                "finbridge.shopify.shop.finbridge-eu.admin-url", "https://eu-proxy.example.com/"));
        assertThat(api.tokenOf("finbridge-eu.myshopify.com")).isEqualTo("shpat_eu");
        assertThat(api.tokenOf("finbridge-us.myshopify.com")).isEqualTo("shpat_default");

        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange eu = new DefaultExchange(camel);
            eu.getMessage().setHeader("X-Shopify-Shop-Domain", "Finbridge-EU.myshopify.com");
            api.transactions(eu, "5829460200001");
            assertThat(eu.getProperty(ShopifyAdminApi.URL)).isEqualTo("https://eu-proxy.example.com");
            assertThat(eu.getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo("/admin/api/2024-07/orders/5829460200001/transactions.json");
            assertThat(eu.getMessage().getHeader(Exchange.HTTP_QUERY)).isEqualTo("in_shop_currency=true");
            assertThat(eu.getMessage().getHeader(ShopifyHttp.SHOP)).isEqualTo("finbridge-eu.myshopify.com");

            Exchange us = new DefaultExchange(camel);
            us.getMessage().setHeader("X-Shopify-Shop-Domain", "finbridge-us.myshopify.com");
            us.getMessage().setHeader("X-Shopify-API-Version", "2025-01");
            api.transactions(us, "5829460189463");
            assertThat(us.getProperty(ShopifyAdminApi.URL)).isEqualTo("https://finbridge-us.myshopify.com");
            assertThat(us.getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo("/admin/api/2025-01/orders/5829460189463/transactions.json");
        }
    }

    @Test
    void aShopWithoutATokenNamesTheSettingsToSet() throws Exception {
        ShopifyAdminApi api = api(Map.of());
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange e = new DefaultExchange(camel);
            e.getMessage().setHeader("X-Shopify-Shop-Domain", "finbridge-us.myshopify.com");
            assertThatThrownBy(() -> api.transactions(e, "1")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("finbridge.shopify.shop.finbridge-us.access-token or finbridge.shopify.access-token");
        }
    }

    @Test
    void onlySuccessfulSalesAndCapturesPayTheOrder() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange e = new DefaultExchange(camel);
            e.getMessage().setBody(Files.readString(Path.of("src/test/resources/fixtures/shopify/transactions/order-us-paid-gift-card-and-card.json")));
            List<String> paying = api(Map.of()).paying(e);
            assertThat(paying).hasSize(2);
            assertThat(paying.get(0)).contains("\"id\":7190000000101", "\"gateway\":\"gift_card\"");
            assertThat(paying.get(1)).contains("\"id\":7190000000104", "\"kind\":\"capture\"");
        }
    }
}
