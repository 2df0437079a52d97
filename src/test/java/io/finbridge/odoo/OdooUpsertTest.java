package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upsert by external id: update, create and register, missing rights, and the race inside and across instances. */
class OdooUpsertTest {

    private static final String UPSERT = "odoo:res.partner?operation=upsert";
    private FakeOdoo fake;
    private OdooTestSupport support;

    @BeforeEach
    void start() {
        fake = new FakeOdoo();
        support = new OdooTestSupport(fake);
        support.odoo.stubFor(Recording.of("jsonrpc/002-authenticate-ok.json").stub());
    }

    @AfterEach
    void stop() {
        support.close();
    }

    private static String call(String model, String method, String argsJson) {
        return "{\"jsonrpc\": \"2.0\", \"method\": \"call\", \"id\": \"${json-unit.any-number}\", \"params\": {\"service\": \"object\", "
                + "\"method\": \"execute_kw\", \"args\": [\"finbridge\", 6, \"" + Recording.API_KEY + "\", \"" + model + "\", \""
                + method + "\", " + argsJson + "]}}";
    }

    private void answer(String model, String method, String argsJson, String result) {
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(call(model, method, argsJson)))
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": " + result + "}")));
    }

    private void absent(String name) {
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc"))
                .withRequestBody(equalToJson(call("ir.model.data", "check_object_reference", "[\"finbridge\", \"" + name + "\"]")))
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody(
                        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": 200, \"message\": \"Odoo Server Error\", \"data\": "
                                + "{\"name\": \"builtins.ValueError\", \"debug\": \"<traceback removed>\", \"message\": \"External ID not "
                                + "found in the system: finbridge." + name + "\", \"arguments\": [], \"context\": {}}}}")));
    }

    private int requests(String model, String method) {
        return support.odoo.countRequestsMatching(postRequestedFor(urlEqualTo("/jsonrpc"))
                .withRequestBody(containing("\"" + model + "\",\"" + method + "\"")).build()).getCount();
    }

    @Test
    void aKnownExternalIdIsWrittenOnto() {
        support.odoo.stubFor(Recording.of("jsonrpc/067-imd-check-object-reference.json").stub());
        answer("res.partner", "write", "[[39], {\"email\": \"shop@example.com\"}]", "true");
        ProducerTemplate template = OdooTestSupport.template(support.camel("jsonrpc"));

        Exchange out = template.request(UPSERT, e -> {
            e.getMessage().setHeader(OdooConstants.EXTERNAL_ID, "shopify_order_1001_json");
            e.getMessage().setBody(Map.of("email", "shop@example.com"));
        });

        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isEqualTo(39);
        assertThat(out.getMessage().getHeader(OdooConstants.RECORD_ID)).isEqualTo(39);
        assertThat(out.getMessage().getHeader(OdooConstants.UPSERT_RESULT)).isEqualTo("updated");
        assertThat(requests("res.partner", "create")).isZero();
    }

    @Test
    void anUnknownExternalIdIsCreatedAndRegistered() {
        absent("shopify_order_1001");
        answer("res.partner", "create", "[{\"name\": \"Acme Shop\"}]", "39");
        Recording register = Recording.of("jsonrpc/062-imd-create-finbridge.json"); // the registration as sent to Odoo 17
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(register.requestPattern())
                .willReturn(Recording.of("jsonrpc/064-imd-create-admin.json").response()));
        ProducerTemplate template = OdooTestSupport.template(support.camel("jsonrpc"));

        Exchange out = template.request(UPSERT, e -> {
            e.getMessage().setHeader(OdooConstants.EXTERNAL_ID, "shopify_order_1001");
            e.getMessage().setBody(Map.of("name", "Acme Shop"));
        });

        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isEqualTo(39);
        assertThat(out.getMessage().getHeader(OdooConstants.UPSERT_RESULT)).isEqualTo("created");
        support.odoo.verify(1, register.requested());
    }

    @Test
    void anUnregisteredExternalIdIsCountedAsAMissNotAsAServerError() throws Exception {
        absent("shopify_order_1001");
        answer("res.partner", "create", "[{\"name\": \"Acme Shop\"}]", "39");
        Recording register = Recording.of("jsonrpc/062-imd-create-finbridge.json");
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(register.requestPattern())
                .willReturn(Recording.of("jsonrpc/064-imd-create-admin.json").response()));
        MeterRegistry meters = new SimpleMeterRegistry();
        try (CamelContext metered = new DefaultCamelContext()) {
            metered.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
            metered.addComponent("odoo", new OdooComponent(support.configuration("jsonrpc")));
            metered.start();
            Object id = metered.createProducerTemplate().requestBodyAndHeader(UPSERT, Map.of("name", "Acme Shop"),
                    OdooConstants.EXTERNAL_ID, "shopify_order_1001");
            assertThat(id).isEqualTo(39);
        }
        assertThat(requests("ir.model.data", "check_object_reference")).as("the lookup Odoo answered with its ValueError").isEqualTo(1);
        assertThat(meters.find(MeteredOdooClient.ERRORS).counters()).as("errors counted").isEmpty();
        assertThat(meters.get(MeteredOdooClient.LATENCY).tags("model", "ir.model.data", "method", "check_object_reference",
                "outcome", "miss").timer().count()).isEqualTo(1);
        assertThat(meters.get(MeteredOdooClient.CALLS).tags("model", "ir.model.data", "method", "check_object_reference")
                .counter().count()).isEqualTo(1.0);
    }

    @Test
    void aServerErrorThatIsNotAMissIsStillCountedAsOne() throws Exception {
        Recording unknownMethod = Recording.of("jsonrpc/020-unknown-method.json");
        support.odoo.stubFor(unknownMethod.stub());
        MeterRegistry meters = new SimpleMeterRegistry();
        try (CamelContext metered = new DefaultCamelContext()) {
            metered.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
            metered.addComponent("odoo", new OdooComponent(support.configuration("jsonrpc")));
            metered.start();
            assertThatThrownBy(() -> metered.createProducerTemplate().requestBodyAndHeader("odoo:res.partner/no_such_method", null,
                    OdooConstants.ARGS, List.of(List.of()))).cause().isInstanceOf(OdooServerException.class);
        }
        support.odoo.verify(1, unknownMethod.requested());
        assertThat(meters.get(MeteredOdooClient.ERRORS).tags("class", "SERVER").counter().count()).isEqualTo(1.0);
    }

    @Test
    void anIntegrationUserWithoutAccessRightsGetsAnAccessErrorNamingTheGroupAndNoOrphanRecord() {
        absent("shopify_order_1001");
        answer("res.partner", "create", "[{\"name\": \"Acme Shop\"}]", "39");
        Recording refused = Recording.of("jsonrpc/062-imd-create-finbridge.json");
        support.odoo.stubFor(refused.stub());
        answer("res.partner", "unlink", "[[39]]", "true");
        ProducerTemplate template = OdooTestSupport.template(support.camel("jsonrpc"));

        assertThatThrownBy(() -> template.requestBodyAndHeader(UPSERT, Map.of("name", "Acme Shop"),
                OdooConstants.EXTERNAL_ID, "shopify_order_1001"))
                .isInstanceOf(CamelExecutionException.class).cause()
                .isInstanceOfSatisfying(OdooAccessException.class, ex -> {
                    assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.ACCESS);
                    assertThat(ex.model()).isEqualTo("ir.model.data");
                    assertThat(ex.getMessage()).contains("finbridge.shopify_order_1001")
                            .contains("needs the integration user in the group Administration / Access Rights")
                            .contains("You are not allowed to create 'Model Data'");
                });
        support.odoo.verify(1, postRequestedFor(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(call("res.partner", "unlink", "[[39]]"))));
    }

    @Test
    void anExternalIdOfAnotherModelIsRefused() {
        support.odoo.stubFor(Recording.of("jsonrpc/067-imd-check-object-reference.json").stub()); // a res.partner
        ProducerTemplate template = OdooTestSupport.template(support.camel("jsonrpc"));
        assertThatThrownBy(() -> template.requestBodyAndHeader("odoo:account.move?operation=upsert", Map.of("ref", "x"),
                OdooConstants.EXTERNAL_ID, "finbridge.shopify_order_1001_json"))
                .cause().isInstanceOf(OdooBusinessException.class).hasMessageContaining("belongs to a res.partner, not to a account.move");
    }

    @Test
    void twoUpsertsOfOneKeyInOneInstanceLeaveOneRecord() throws Exception {
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw")).atPriority(10)
                .willReturn(aResponse().withTransformers(FakeOdoo.NAME)));
        ProducerTemplate template = OdooTestSupport.template(support.camel("jsonrpc"));

        List<Exchange> results = concurrently(template, template);

        assertThat(fake.records("res.partner")).hasSize(1);
        assertThat(fake.externalIds()).containsOnlyKeys("finbridge.shopify_order_1001");
        assertThat(results).extracting(e -> e.getMessage().getHeader(OdooConstants.UPSERT_RESULT)).containsExactlyInAnyOrder("created", "updated");
        assertThat(results).extracting(e -> e.getMessage().getBody()).containsOnly(fake.records("res.partner").keySet().iterator().next());
        assertThat(requests("res.partner", "create")).isEqualTo(1);
        assertThat(requests("ir.model.data", "create")).isEqualTo(1);
        assertThat(requests("res.partner", "write")).isEqualTo(1);
        assertThat(requests("res.partner", "unlink")).isZero();
    }

    @Test
    void twoInstancesUpsertingOneKeyAtOnceLeaveOneRecord() throws Exception {
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw")).atPriority(10)
                .willReturn(aResponse().withTransformers(FakeOdoo.NAME)));
        CamelContext one = support.camel("jsonrpc");
        CamelContext two = support.camel("jsonrpc");
        fake.lookupsMeet(2); // both look the key up before either registers it: both create a partner

        List<Exchange> results = concurrently(OdooTestSupport.template(one), OdooTestSupport.template(two));

        assertThat(fake.records("res.partner")).hasSize(1);
        assertThat(fake.records("res.partner").values().iterator().next()).containsEntry("name", "Acme Shop");
        int winner = fake.records("res.partner").keySet().iterator().next();
        assertThat(fake.externalIds()).containsExactly(Map.entry("finbridge.shopify_order_1001", List.of("res.partner", winner)));
        assertThat(results).extracting(e -> e.getMessage().getBody()).containsOnly(winner);
        assertThat(results).extracting(e -> e.getMessage().getHeader(OdooConstants.UPSERT_RESULT)).containsExactlyInAnyOrder("created", "updated");
        assertThat(requests("res.partner", "create")).isEqualTo(2);
        assertThat(requests("ir.model.data", "create")).isEqualTo(2); // the loser's fails on the unique key
        assertThat(requests("res.partner", "unlink")).isEqualTo(1); // the loser removes its partner
        assertThat(requests("res.partner", "write")).isEqualTo(1); // and writes onto the winner's
    }

    private static List<Exchange> concurrently(ProducerTemplate first, ProducerTemplate second) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Exchange>> futures = new ArrayList<>();
            for (ProducerTemplate t : List.of(first, second)) {
                futures.add(pool.submit(() -> t.request(UPSERT, e -> {
                    e.getMessage().setHeader(OdooConstants.EXTERNAL_ID, "shopify_order_1001");
                    e.getMessage().setBody(Map.of("name", "Acme Shop"));
                })));
            }
            List<Exchange> out = new ArrayList<>();
            for (Future<Exchange> f : futures) {
                Exchange e = f.get();
                assertThat(e.getException()).isNull();
                out.add(e);
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
