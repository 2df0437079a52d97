package io.finbridge.odoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Endpoint options, header handling and input checks, with the client replaced by a recorder (no HTTP). */
class OdooEndpointTest {

    record Call(String model, String method, List<?> args, Map<String, ?> kwargs) {
    }

    private final List<Call> calls = new ArrayList<>();
    private Object answer = true;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        OdooComponent odoo = new OdooComponent();
        odoo.setClient(new OdooClient() {
            @Override
            public Object executeKw(String model, String method, List<?> args, Map<String, ?> kwargs) {
                calls.add(new Call(model, method, args, kwargs));
                return answer;
            }

            @Override
            public Map<String, Object> version() {
                return Map.of("server_version", "17.0");
            }
        });
        camel.addComponent("odoo", odoo);
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void theComponentIsFoundByItsSchemeWithoutBeingBound() throws Exception {
        try (CamelContext plain = new DefaultCamelContext()) {
            assertThat(plain.getComponent("odoo")).isInstanceOf(OdooComponent.class);
        }
    }

    @Test
    void anEndpointWithoutOperationOrMethodIsRefusedWhenResolved() {
        assertThatThrownBy(() -> camel.getEndpoint("odoo:res.partner")).isInstanceOf(ResolveEndpointFailedException.class)
                .hasMessageContaining("needs an operation");
        assertThatThrownBy(() -> camel.getEndpoint("odoo:account.move/action_post?operation=create"))
                .hasMessageContaining("cannot also be operation=create");
        assertThatThrownBy(() -> camel.getEndpoint("odoo:res.partner?operation=call")).hasMessageContaining("needs a method");
        assertThatThrownBy(() -> camel.getEndpoint("odoo:res.partner?operation=find")).isInstanceOf(ResolveEndpointFailedException.class);
        assertThatThrownBy(() -> camel.getEndpoint("odoo:res.partner?operation=search&context=RAW(not json)"))
                .hasMessageContaining("context must be a Map or a JSON object");
    }

    @Test
    void endpointDefaultsAreSentAndHeadersOverrideThem() {
        template.requestBody("odoo:res.partner?operation=searchRead&domain=RAW([[\"is_company\",\"=\",true]])&fields=name,email"
                + "&limit=10&order=name&context=RAW({\"lang\":\"fr_FR\",\"tz\":\"UTC\"})&allowedCompanyIds=2,1&activeTest=false", (Object) null);
        template.requestBodyAndHeaders("odoo:res.partner?operation=searchRead&fields=name&limit=10&lang=fr_FR", null, Map.of(
                OdooConstants.DOMAIN, List.of(List.of("id", ">", 7)), OdooConstants.FIELDS, "email", OdooConstants.LIMIT, 2,
                OdooConstants.OFFSET, "4", OdooConstants.ORDER, "id desc", OdooConstants.CONTEXT, Map.of("lang", "de_DE")));

        assertThat(calls.get(0)).isEqualTo(new Call("res.partner", "search_read", List.of(List.of(List.of("is_company", "=", true))),
                Map.of("fields", List.of("name", "email"), "limit", 10, "order", "name", "context",
                        Map.of("lang", "fr_FR", "tz", "UTC", "allowed_company_ids", List.of(2, 1), "active_test", false))));
        assertThat(calls.get(1)).isEqualTo(new Call("res.partner", "search_read", List.of(List.of(List.of("id", ">", 7))),
                Map.of("fields", List.of("email"), "offset", 4, "limit", 2, "order", "id desc", "context", Map.of("lang", "de_DE"))));
    }

    @Test
    void idsAreReadFromAnIntegerAListOrText() {
        template.requestBodyAndHeader("odoo:res.partner?operation=unlink", null, OdooConstants.IDS, 7);
        template.requestBodyAndHeader("odoo:res.partner?operation=unlink", null, OdooConstants.IDS, List.of(7L, 8));
        template.requestBodyAndHeader("odoo:res.partner?operation=unlink", null, OdooConstants.IDS, "7, 8");
        assertThat(calls).extracting(Call::args).containsExactly(List.of(List.of(7)), List.of(List.of(7, 8)), List.of(List.of(7, 8)));
    }

    @Test
    void callMergesTheEndpointContextUnderTheKwargsContext() {
        template.requestBodyAndHeaders("odoo:account.move/action_reverse?lang=en_US&allowedCompanyIds=2", null, Map.of(
                OdooConstants.IDS, 5, OdooConstants.ARGS, List.of("x"),
                OdooConstants.KWARGS, Map.of("is_modify", true, "context", Map.of("lang", "fr_FR"))));
        assertThat(calls.get(0)).isEqualTo(new Call("account.move", "action_reverse", List.of(List.of(5), "x"),
                Map.of("is_modify", true, "context", Map.of("lang", "fr_FR", "allowed_company_ids", List.of(2)))));
    }

    @Test
    void anExternalIdMayNameItsModule() {
        answer = List.of("res.partner", 12);
        template.requestBodyAndHeader("odoo:res.partner?operation=upsert&externalIdModule=shopify", Map.of("name", "A"),
                OdooConstants.EXTERNAL_ID, "order_1001");
        template.requestBodyAndHeader("odoo:res.partner?operation=upsert", Map.of("name", "A"), OdooConstants.EXTERNAL_ID, "stripe.cus_9");
        assertThat(calls).filteredOn(c -> c.method().equals("check_object_reference")).extracting(Call::args)
                .containsExactly(List.of("shopify", "order_1001"), List.of("stripe", "cus_9"));
    }

    @Test
    void badInputIsRefusedBeforeCallingOdoo() {
        assertThatThrownBy(() -> template.requestBody("odoo:res.partner?operation=write", Map.of("name", "x")))
                .isInstanceOf(CamelExecutionException.class).cause().hasMessageContaining("needs the header CamelOdooIds");
        assertThatThrownBy(() -> template.requestBody("odoo:res.partner?operation=create", "name=x"))
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a Map of field values");
        assertThatThrownBy(() -> template.requestBody("odoo:res.partner?operation=create", List.of(Map.of("name", "x"), "y")))
                .cause().hasMessageContaining("List of Maps");
        assertThatThrownBy(() -> template.requestBody("odoo:res.partner?operation=upsert", Map.of("name", "x")))
                .cause().hasMessageContaining("needs the header CamelOdooExternalId");
        assertThatThrownBy(() -> template.requestBodyAndHeader("odoo:res.partner?operation=read", null, OdooConstants.IDS, "seven"))
                .cause().hasMessageContaining("whole number");
        assertThat(calls).isEmpty();
    }

    @Test
    void callsAreCountedAndTimedByModelMethodAndErrorClass() throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        try (CamelContext metered = new DefaultCamelContext()) {
            metered.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
            try (OdooTestSupport support = new OdooTestSupport()) {
                support.odoo.stubFor(Recording.of("jsonrpc/002-authenticate-ok.json").stub());
                support.odoo.stubFor(Recording.of("jsonrpc/007-partner-search-count.json").stub());
                metered.addComponent("odoo", new OdooComponent(support.configuration("jsonrpc")));
                metered.start();
                ProducerTemplate t = metered.createProducerTemplate();
                t.requestBodyAndHeader("odoo:res.partner?operation=searchCount", null, OdooConstants.DOMAIN, "[[\"email\",\"ilike\",\"seed\"]]");
                assertThatThrownBy(() -> t.requestBodyAndHeader("odoo:res.partner?operation=searchCount", null, OdooConstants.DOMAIN, "[]"));
            }
        }
        assertThat(meters.get(MeteredOdooClient.CALLS).tags("model", "res.partner", "method", "search_count").counter().count()).isEqualTo(2.0);
        assertThat(meters.get(MeteredOdooClient.ERRORS).tags("model", "res.partner", "method", "search_count", "class", "CONFIGURATION")
                .counter().count()).isEqualTo(1.0);
        assertThat(meters.get(MeteredOdooClient.LATENCY).tags("model", "res.partner", "method", "search_count", "outcome", "success")
                .timer().count()).isEqualTo(1);
    }
}
