package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Odoo 19's JSON-2 API where the Odoo 19 recordings have no exchange (those are in {@link OdooJson2RecordingsTest}):
 * the shape of each request and answer is the recorded one (POST /json/2/model/method, bearer key, X-Odoo-Database,
 * named arguments with ids and context; errors as {name, message, arguments, context, debug}); the values reuse the
 * Odoo 17 recordings' data, and the errors not recorded take the status Odoo's source gives them.
 */
class OdooJson2Test {

    private static OdooTestSupport support;
    private static ProducerTemplate template;
    private static OdooClient client;

    @BeforeAll
    static void start() {
        support = new OdooTestSupport();
        var camel = support.camel("json2");
        template = OdooTestSupport.template(camel);
        client = OdooTestSupport.component(camel).getClient();
    }

    @AfterAll
    static void stop() {
        support.close();
    }

    @BeforeEach
    void reset() {
        support.reset();
    }

    /** The request Odoo 19 documents: POST, bearer key, database header, JSON object body. */
    private static MappingBuilder json2(String model, String method, String body) {
        return post(urlEqualTo("/json/2/" + model + "/" + method))
                .withHeader("Authorization", equalTo("bearer " + Recording.API_KEY))
                .withHeader("X-Odoo-Database", equalTo("finbridge"))
                .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
                .withRequestBody(equalToJson(body));
    }

    private static void answer(String model, String method, String body, String result) {
        support.odoo.stubFor(json2(model, method, body).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(result)));
    }

    private static Map<String, Object> headers(Object... keyValues) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            h.put((String) keyValues[i], keyValues[i + 1]);
        }
        return h;
    }

    @Test
    void searchSendsNamedArgumentsAndContext() {
        answer("res.partner", "search", "{\"context\": {\"lang\": \"en_US\"}, \"domain\": [[\"email\", \"ilike\", \"seed\"]],"
                + " \"limit\": 5, \"order\": \"id asc\"}", "[11, 12, 13, 14, 15]");
        Object ids = template.requestBodyAndHeaders("odoo:res.partner?operation=search&lang=en_US", null, headers(
                OdooConstants.DOMAIN, List.of(List.of("email", "ilike", "seed")), OdooConstants.LIMIT, 5, OdooConstants.ORDER, "id asc"));
        assertThat(ids).isEqualTo(List.of(11, 12, 13, 14, 15));
        support.odoo.verify(0, postRequestedFor(urlEqualTo("/jsonrpc"))); // no uid, no authenticate
    }

    @Test
    void searchReadAndSearchCountTakeTheDomainByName() {
        answer("res.partner", "search_read", "{\"domain\": [[\"email\", \"ilike\", \"seed\"]], \"fields\": [\"name\", \"email\"],"
                + " \"offset\": 10, \"limit\": 1}", "[{\"id\": 20, \"name\": \"Seed Partner 9\", \"email\": \"seed9@example.com\"}]");
        answer("res.partner", "search_count", "{\"domain\": [[\"email\", \"ilike\", \"seed\"]]}", "12");
        Object found = template.requestBodyAndHeaders("odoo:res.partner?operation=searchRead&fields=name,email", null, headers(
                OdooConstants.DOMAIN, List.of(List.of("email", "ilike", "seed")), OdooConstants.OFFSET, 10, OdooConstants.LIMIT, 1));
        Object count = template.requestBodyAndHeader("odoo:res.partner?operation=searchCount", null,
                OdooConstants.DOMAIN, List.of(List.of("email", "ilike", "seed")));
        assertThat(found).isEqualTo(List.of(Map.of("id", 20, "name", "Seed Partner 9", "email", "seed9@example.com")));
        assertThat(count).isEqualTo(12);
    }

    @Test
    void callSendsKeywordArgumentsAndTheContextByName() {
        answer("account.payment.register", "action_create_payments",
                "{\"ids\": [1], \"context\": {\"active_model\": \"account.move\", \"active_ids\": [5]}}",
                "{\"name\": \"Payments\", \"type\": \"ir.actions.act_window\", \"res_model\": \"account.payment\", \"res_id\": 3}");
        answer("account.move", "js_assign_outstanding_line", "{\"ids\": [1], \"line_id\": 34}", "null");
        Object action = template.requestBodyAndHeaders("odoo:account.payment.register/action_create_payments", null, headers(
                OdooConstants.IDS, 1, OdooConstants.CONTEXT, Map.of("active_model", "account.move", "active_ids", List.of(5))));
        Object none = template.requestBodyAndHeaders("odoo:account.move/js_assign_outstanding_line", null, headers(
                OdooConstants.IDS, 1, OdooConstants.KWARGS, Map.of("line_id", 34)));
        assertThat(action).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("res_id", 3);
        assertThat(none).isNull();
    }

    @Test
    void positionalArgumentsJson2CannotNameAreRefusedBeforeSending() {
        assertThatThrownBy(() -> client.executeKw("account.move", "js_assign_outstanding_line", List.of(List.of(1), 34), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON-2 passes arguments by name")
                .hasMessageContaining("CamelOdooKwargs");
        support.odoo.verify(0, anyRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void upsertResolvesTheExternalIdByName() {
        answer("ir.model.data", "check_object_reference", "{\"module\": \"finbridge\", \"xml_id\": \"shopify_order_1001\"}",
                "[\"res.partner\", 39]");
        answer("res.partner", "write", "{\"ids\": [39], \"vals\": {\"name\": \"Acme Shop\"}}", "true");
        Exchange out = template.request("odoo:res.partner?operation=upsert", e -> {
            e.getMessage().setHeader(OdooConstants.EXTERNAL_ID, "shopify_order_1001");
            e.getMessage().setBody(Map.of("name", "Acme Shop"));
        });
        assertThat(out.getMessage().getBody()).isEqualTo(39);
        assertThat(out.getMessage().getHeader(OdooConstants.UPSERT_RESULT)).isEqualTo("updated");
    }

    /** Not recorded: Odoo's source gives UserError 422, AccessDenied 403 and LockError 409 (odoo/exceptions.py http_status). */
    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource({
        "422, odoo.exceptions.UserError, The move is not balanced., USER, OdooBusinessException",
        "422, odoo.exceptions.RedirectWarning, Duplicated vendor reference detected., USER, OdooBusinessException",
        "403, odoo.exceptions.AccessDenied, Access Denied, ACCESS_DENIED, OdooAccessException",
        "409, odoo.exceptions.LockError, Cannot lock the record, CONCURRENCY, OdooRetryableException",
        "500, psycopg2.errors.SerializationFailure, could not serialize access due to concurrent update, CONCURRENCY, OdooRetryableException",
    })
    void errorsNotRecordedAreClassifiedByStatusThenName(int status, String name, String message, OdooErrorClass expected, String type) {
        support.odoo.stubFor(post(urlPathMatching("/json/2/.*")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"name\": \"" + name + "\", \"message\": " + OdooErrorClassificationTest.quote(message)
                        + ", \"arguments\": [" + OdooErrorClassificationTest.quote(message) + ", " + status + "], \"context\": {},"
                        + " \"debug\": \"Traceback (most recent call last):\\n" + name + ": " + message.replace("'", "") + "\\n\"}")));
        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> client.executeKw("res.partner", "create", List.of(Map.of("name", "Acme")), Map.of()));
        assertThat(ex.errorClass()).isEqualTo(expected);
        assertThat(ex.getClass().getSimpleName()).isEqualTo(type);
        assertThat(ex.odooErrorName()).isEqualTo(name);
        assertThat(ex.getMessage()).contains("res.partner.create").contains(message).doesNotContain(Recording.API_KEY)
                .doesNotContain("Traceback");
    }

    @ParameterizedTest
    @CsvSource({"502, UNAVAILABLE", "503, UNAVAILABLE", "504, UNAVAILABLE", "500, UNAVAILABLE", "409, CONCURRENCY", "429, UNAVAILABLE"})
    void proxyAnswersAndConflictsAreRetryable(int status, OdooErrorClass expected) {
        support.odoo.stubFor(post(urlPathMatching("/json/2/.*")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "text/html").withBody("<html>" + status + "</html>")));
        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> client.executeKw("res.partner", "search", List.of(List.of()), Map.of()));
        assertThat(ex).isInstanceOf(OdooRetryableException.class);
        assertThat(ex.errorClass()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"502", "503", "504"})
    void aGatewayErrorIsRetryableEvenWithAJsonBody(int status) {
        support.odoo.stubFor(post(urlPathMatching("/json/2/.*")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"upstream unavailable\"}")));
        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> client.executeKw("res.partner", "search", List.of(List.of()), Map.of()));
        assertThat(ex).isInstanceOf(OdooRetryableException.class);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.UNAVAILABLE);
    }

    @Test
    void aJsonErrorBodyThatIsNotOdoosObjectIsClassifiedByStatus() {
        support.odoo.stubFor(post(urlPathMatching("/json/2/.*")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody("\"Contacts require a name\"")));
        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> client.executeKw("res.partner", "create", List.of(Map.of()), Map.of()));
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.USER);
        assertThat(ex.getMessage()).contains("Contacts require a name");
    }
}
