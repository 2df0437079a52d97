package io.finbridge.odoo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/** A WireMock Odoo and Camel contexts whose {@code odoo} component points at it, as the recordings' user. */
final class OdooTestSupport implements AutoCloseable {

    static final String DATABASE = "finbridge";
    /** The database of the Odoo 19 recordings. */
    static final String DATABASE_19 = "finbridge19";
    static final String LOGIN = "finbridge";

    final WireMockServer odoo;
    private final java.util.List<CamelContext> contexts = new java.util.ArrayList<>();

    OdooTestSupport(com.github.tomakehurst.wiremock.extension.Extension... extensions) {
        odoo = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().containerThreads(40)
                .extensions(extensions));
        odoo.start();
    }

    String url() {
        return "http://127.0.0.1:" + odoo.port();
    }

    OdooConfiguration configuration(String protocol) {
        OdooConfiguration c = new OdooConfiguration();
        c.setUrl(url());
        c.setDatabase(DATABASE);
        c.setLogin(LOGIN);
        c.setApiKey(Recording.API_KEY);
        c.setProtocol(protocol);
        c.setRequestTimeout(5000);
        return c;
    }

    /** As {@link #configuration}, for the Odoo 19 recordings' database. */
    OdooConfiguration configuration19(String protocol) {
        OdooConfiguration c = configuration(protocol);
        c.setDatabase(DATABASE_19);
        return c;
    }

    /** A started Camel context with an {@code odoo} component for this configuration. */
    CamelContext camel(OdooConfiguration configuration) {
        try {
            CamelContext camel = new DefaultCamelContext();
            camel.addComponent("odoo", new OdooComponent(configuration));
            camel.start();
            contexts.add(camel);
            return camel;
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    CamelContext camel(String protocol) {
        return camel(configuration(protocol));
    }

    static ProducerTemplate template(CamelContext camel) {
        return camel.createProducerTemplate();
    }

    static OdooComponent component(CamelContext camel) {
        return camel.getComponent("odoo", OdooComponent.class);
    }

    void reset() {
        odoo.resetAll();
    }

    @Override
    public void close() {
        for (CamelContext c : contexts) {
            c.stop();
        }
        odoo.stop();
    }
}
