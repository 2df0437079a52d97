package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The uid is authenticated once and reused; Odoo refusing the credentials on a call (AccessDenied) leads to one new
 * authentication; a refused login is an AccessDenied whose message never holds the API key.
 */
class OdooAuthenticationTest {

    private OdooTestSupport support;

    @BeforeEach
    void start() {
        support = new OdooTestSupport();
    }

    @AfterEach
    void stop() {
        support.close();
    }

    private static String dir(String protocol) {
        return protocol.equals("jsonrpc") ? "jsonrpc/" : "xmlrpc/";
    }

    private static String file(String protocol, String name) {
        return dir(protocol) + name + (protocol.equals("jsonrpc") ? ".json" : ".xml.json");
    }

    private static String objectPath(String protocol) {
        return protocol.equals("jsonrpc") ? "/jsonrpc" : "/xmlrpc/2/object";
    }

    private int authentications(String protocol) {
        return support.odoo.countRequestsMatching(postRequestedFor(urlEqualTo(protocol.equals("jsonrpc") ? "/jsonrpc" : "/xmlrpc/2/common"))
                .withRequestBody(containing("authenticate")).build()).getCount();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonrpc", "xmlrpc"})
    void callsReuseTheCachedUidWithoutAuthenticatingAgain(String protocol) throws Exception {
        support.odoo.stubFor(Recording.of(file(protocol, "002-authenticate-ok")).stub());
        Recording search = Recording.of(file(protocol, "006-partner-search"));
        support.odoo.stubFor(search.stub());
        OdooClient odoo = OdooTestSupport.component(support.camel(protocol)).getClient();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> calls = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Callable<Object> call = () -> odoo.executeKw("res.partner", "search",
                        List.of(List.of(List.of("email", "ilike", "seed"))), orderedKwargs());
                calls.add(pool.submit(call));
            }
            for (Future<Object> f : calls) {
                assertThat(f.get()).isEqualTo(List.of(11, 12, 13, 14, 15));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(authentications(protocol)).isEqualTo(1);
        support.odoo.verify(40, search.requested());
    }

    private static Map<String, Object> orderedKwargs() {
        Map<String, Object> kw = new java.util.LinkedHashMap<>();
        kw.put("limit", 5);
        kw.put("order", "id asc");
        return kw;
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonrpc", "xmlrpc"})
    void refusedCredentialsOnACallLeadToOneNewAuthenticationAndARetry(String protocol) {
        support.odoo.stubFor(Recording.of(file(protocol, "002-authenticate-ok")).stub());
        Recording search = Recording.of(file(protocol, "006-partner-search"));
        Recording denied = Recording.of(file(protocol, "005-execute-kw-bad-key"));
        // the first execute_kw is refused (e.g. the key was rotated under a running instance), the next one passes
        support.odoo.stubFor(post(urlEqualTo(objectPath(protocol))).withRequestBody(search.requestPattern())
                .inScenario("refusal").whenScenarioStateIs(STARTED).willReturn(denied.response()).willSetStateTo("refused"));
        support.odoo.stubFor(search.stub().inScenario("refusal").whenScenarioStateIs("refused"));
        OdooClient odoo = OdooTestSupport.component(support.camel(protocol)).getClient();

        Object ids = odoo.executeKw("res.partner", "search", List.of(List.of(List.of("email", "ilike", "seed"))), orderedKwargs());

        assertThat(ids).isEqualTo(List.of(11, 12, 13, 14, 15));
        assertThat(authentications(protocol)).isEqualTo(2);
        support.odoo.verify(2, search.requested());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonrpc", "xmlrpc"})
    void credentialsStillRefusedAfterANewAuthenticationAreAnAccessDenied(String protocol) {
        support.odoo.stubFor(Recording.of(file(protocol, "002-authenticate-ok")).stub());
        support.odoo.stubFor(post(urlEqualTo(objectPath(protocol))).withRequestBody(containing("execute_kw"))
                .willReturn(Recording.of(file(protocol, "005-execute-kw-bad-key")).response()));
        OdooClient odoo = OdooTestSupport.component(support.camel(protocol)).getClient();

        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> odoo.executeKw("res.partner", "search", List.of(List.of()), Map.of("limit", 1)));

        assertThat(ex).isInstanceOf(OdooAccessException.class);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.ACCESS_DENIED);
        assertThat(ex.isRetryable()).isFalse();
        assertThat(ex.getMessage()).contains("Access Denied");
        assertThat(authentications(protocol)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonrpc", "xmlrpc"})
    void aRefusedLoginIsAnAccessDeniedThatNeverShowsTheKey(String protocol) {
        Recording refused = Recording.of(file(protocol, "003-authenticate-bad-key"));
        support.odoo.stubFor(refused.stub());
        OdooConfiguration c = support.configuration(protocol);
        c.setApiKey("wrong-key");
        OdooClient odoo = OdooTestSupport.component(support.camel(c)).getClient();

        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> odoo.executeKw("res.partner", "search", List.of(List.of()), Map.of("limit", 1)));

        support.odoo.verify(1, refused.requested()); // the key did go to Odoo, as recorded
        assertThat(ex).isInstanceOf(OdooAccessException.class);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.ACCESS_DENIED);
        assertThat(ex.getMessage()).contains("refused login 'finbridge' on database 'finbridge'").doesNotContain("wrong-key");
        assertThat(stackTrace(ex)).doesNotContain("wrong-key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jsonrpc", "xmlrpc"})
    void anErrorEchoingTheKeyIsMasked(String protocol) {
        support.odoo.stubFor(Recording.of(file(protocol, "002-authenticate-ok")).stub());
        String echo = "invalid literal for int() with base 10: '" + Recording.API_KEY + "'";
        support.odoo.stubFor(post(urlEqualTo(objectPath(protocol))).withRequestBody(containing("execute_kw"))
                .willReturn(protocol.equals("jsonrpc")
                        ? aResponse().withHeader("Content-Type", "application/json").withBody("{\"jsonrpc\": \"2.0\", \"id\": 1, "
                                + "\"error\": {\"code\": 200, \"message\": \"Odoo Server Error\", \"data\": {\"name\": \"builtins.ValueError\", "
                                + "\"debug\": \"\", \"message\": \"" + echo + "\", \"arguments\": [], \"context\": {}}}}")
                        : aResponse().withHeader("Content-Type", "text/xml").withBody(
                                OdooErrorClassificationTest.xmlFault(1, "&lt;traceback removed&gt;\nValueError: " + echo))));
        OdooClient odoo = OdooTestSupport.component(support.camel(protocol)).getClient();

        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> odoo.executeKw("res.partner", "write", List.of(List.of(23), Map.of("ref", "x")), Map.of()));

        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.SERVER);
        assertThat(stackTrace(ex)).doesNotContain(Recording.API_KEY).contains("base 10: '****'");
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
