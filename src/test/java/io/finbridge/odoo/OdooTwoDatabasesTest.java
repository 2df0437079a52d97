package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One runtime, two Odoo databases: the component's (an Odoo 17 over JSON-RPC) and another named in the endpoint's URI
 * (an Odoo 19 over JSON-2), each a WireMock answering its real recordings only to the exact request it received.
 */
class OdooTwoDatabasesTest {

    private static OdooTestSupport odoo17;
    private static OdooTestSupport odoo19;
    private static CamelContext camel;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() {
        odoo17 = new OdooTestSupport();
        odoo19 = new OdooTestSupport();
        camel = odoo17.camel("jsonrpc");
        camel.getPropertiesComponent().addInitialProperty("odoo-eu.url", odoo19.url());
        camel.getPropertiesComponent().addInitialProperty("odoo-eu.api-key", Recording.API_KEY);
        template = OdooTestSupport.template(camel);
    }

    @AfterAll
    static void stop() {
        odoo17.close();
        odoo19.close();
    }

    @BeforeEach
    void stubBoth() {
        odoo17.reset();
        odoo19.reset();
        odoo17.odoo.stubFor(Recording.of("jsonrpc/002-authenticate-ok.json").stub());
        odoo17.odoo.stubFor(Recording.of("jsonrpc/007-partner-search-count.json").stub());
        odoo19.odoo.stubFor(Recording.odoo19("021-partner-search-count.json").stub());
    }

    private static String second(String options) {
        return "odoo:res.partner?operation=searchCount&url={{odoo-eu.url}}&database=" + OdooTestSupport.DATABASE_19
                + "&protocol=json2&apiKey={{odoo-eu.api-key}}" + options;
    }

    @Test
    void anEndpointWithItsOwnConnectionCallsItsOwnOdoo() {
        Object eu = template.requestBodyAndHeader(second(""), null, OdooConstants.DOMAIN,
                List.of(List.of("email", "like", "@batch.example")));
        Object main = template.requestBodyAndHeader("odoo:res.partner?operation=searchCount", null, OdooConstants.DOMAIN,
                "[[\"email\", \"ilike\", \"seed\"]]");

        assertThat(eu).isEqualTo(2);
        assertThat(main).isEqualTo(12);
        odoo19.odoo.verify(1, Recording.odoo19("021-partner-search-count.json").requested()
                .withHeader("X-Odoo-Database", com.github.tomakehurst.wiremock.client.WireMock.equalTo("finbridge19")));
        odoo19.odoo.verify(0, anyRequestedFor(urlPathMatching("/jsonrpc")));
        odoo17.odoo.verify(1, Recording.of("jsonrpc/007-partner-search-count.json").requested());
        odoo17.odoo.verify(0, anyRequestedFor(urlPathMatching("/json/2/.*")));
    }

    @Test
    void endpointsNamingTheSameConnectionShareOneClient() {
        OdooEndpoint a = camel.getEndpoint(second("&limit=5"), OdooEndpoint.class);
        OdooEndpoint b = camel.getEndpoint(second("&order=id"), OdooEndpoint.class);
        OdooEndpoint main = camel.getEndpoint("odoo:res.partner?operation=search", OdooEndpoint.class);

        assertThat(a.client()).isSameAs(b.client()).isNotSameAs(main.client());
        assertThat(main.client()).isSameAs(OdooTestSupport.component(camel).getClient());
    }

    @Test
    void theEndpointsOverridesLeaveTheComponentsConnectionAlone() {
        OdooEndpoint eu = camel.getEndpoint(second(""), OdooEndpoint.class);
        OdooConfiguration component = OdooTestSupport.component(camel).getConfiguration();

        assertThat(eu.getConfiguration().getDatabase()).isEqualTo("finbridge19");
        assertThat(eu.getConfiguration().getUrl()).isEqualTo(odoo19.url());
        assertThat(component.getDatabase()).isEqualTo(OdooTestSupport.DATABASE);
        assertThat(component.getUrl()).isEqualTo(odoo17.url());
        // the login stays the component's where the URI does not name one
        assertThat(eu.getConfiguration().getLogin()).isEqualTo(component.getLogin());
    }

    @Test
    void theApiKeyOfAnEndpointIsNotInItsUri() {
        OdooEndpoint eu = camel.getEndpoint(second(""), OdooEndpoint.class);
        assertThat(eu.toString()).doesNotContain(Recording.API_KEY);
        assertThat(eu.getConfiguration().toString()).doesNotContain(Recording.API_KEY);
    }
}
