package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each Odoo error, as Odoo 17 answered it, lands in its {@link OdooErrorClass} and exception type, over JSON-RPC and
 * XML-RPC; transport failures are retryable. (JSON-2's errors: {@link OdooJson2Test}.)
 */
class OdooErrorClassificationTest {

    private static OdooTestSupport support;
    private static OdooClient jsonRpc;
    private static OdooClient xmlRpc;

    @BeforeAll
    static void start() {
        support = new OdooTestSupport();
        jsonRpc = OdooTestSupport.component(support.camel("jsonrpc")).getClient();
        xmlRpc = OdooTestSupport.component(support.camel("xmlrpc")).getClient();
    }

    @AfterAll
    static void stop() {
        support.close();
    }

    @BeforeEach
    void authenticateAsRecorded() {
        support.reset();
        support.odoo.stubFor(Recording.of("jsonrpc/002-authenticate-ok.json").stub());
        support.odoo.stubFor(Recording.of("xmlrpc/002-authenticate-ok.xml.json").stub());
    }

    /** What Python sends as faultString (XML-RPC) or debug (JSON-RPC) for an exception outside odoo.exceptions. */
    private static final String TRACEBACK = "Traceback (most recent call last):\n"
            + "  File \"/opt/odoo/odoo/service/model.py\", line 156, in retrying\n    result = func()\n"
            + "  File \"/opt/odoo/odoo/models.py\", line 4578, in create\n    raise ValueError(\"Invalid field %r on model %r\" % (key, self._name))\n"
            + "ValueError: Invalid field 'x_nope' on model 'res.partner'\n";

    /** Answers every JSON-RPC execute_kw with the error recorded on Odoo 19. */
    private static OdooClient answering19(String file) {
        Recording r = Recording.odoo19(file);
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw")).willReturn(r.response()));
        return jsonRpc;
    }

    /** Answers every execute_kw with the recorded error. */
    private static OdooClient answering(String file) {
        Recording r = Recording.of(file);
        support.odoo.stubFor(post(urlEqualTo(r.isJsonRpc() ? "/jsonrpc" : "/xmlrpc/2/object"))
                .withRequestBody(containing("execute_kw")).willReturn(r.response()));
        return r.isJsonRpc() ? jsonRpc : xmlRpc;
    }

    private static OdooException failure(OdooClient client) {
        return catchThrowableOfType(OdooException.class,
                () -> client.executeKw("res.partner", "create", List.of(Map.of("name", "Acme")), Map.of()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "jsonrpc/017-partner-create-nocontact.json,       ACCESS,     odoo.exceptions.AccessError,     OdooAccessException,   Contact Creation",
        "jsonrpc/021-private-method.json,                 ACCESS,     odoo.exceptions.AccessError,     OdooAccessException,   Private methods",
        "jsonrpc/028-ctx-company-not-allowed.json,        ACCESS,     odoo.exceptions.AccessError,     OdooAccessException,   unauthorized or invalid companies",
        "jsonrpc/018-partner-create-missing-required.json, VALIDATION, odoo.exceptions.ValidationError, OdooBusinessException, Contacts require a name",
        "jsonrpc/065-imd-create-admin-dup.json,           VALIDATION, odoo.exceptions.ValidationError, OdooBusinessException, duplicate key value",
        "jsonrpc/019-unknown-model.json,                  USER,       odoo.exceptions.UserError,       OdooBusinessException, x.no.such.model",
        "jsonrpc/057-misc-entry-unbalanced.json,          USER,       odoo.exceptions.UserError,       OdooBusinessException, is not balanced",
        "jsonrpc/020-unknown-method.json,                 SERVER,     builtins.AttributeError,         OdooServerException,   has no attribute 'no_such_method'",
        "jsonrpc/022-wrong-arg-types.json,                SERVER,     builtins.AssertionError,         OdooServerException,   Domains to normalize",
        "jsonrpc/023-wrong-arg-types-write.json,          SERVER,     builtins.ValueError,             OdooServerException,   invalid literal for int()",
        "jsonrpc/024-unknown-field.json,                  SERVER,     builtins.ValueError,             OdooServerException,   Invalid field 'x_nope'",
        "xmlrpc/017-partner-create-nocontact.xml.json,    ACCESS,     faultCode 4,                     OdooAccessException,   Contact Creation",
        "xmlrpc/021-private-method.xml.json,              ACCESS,     faultCode 4,                     OdooAccessException,   Private methods",
        "xmlrpc/018-partner-create-missing-required.xml.json, VALIDATION, faultCode 2,                 OdooBusinessException, Contacts require a name",
        "xmlrpc/019-unknown-model.xml.json,               USER,       faultCode 2,                     OdooBusinessException, x.no.such.model",
        "xmlrpc/056-misc-entry-unbalanced.xml.json,       USER,       faultCode 2,                     OdooBusinessException, is not balanced",
        "xmlrpc/015-partner-unlink.xml.json,              MISSING,    faultCode 2,                     OdooBusinessException, Record does not exist",
        "xmlrpc/020-unknown-method.xml.json,              SERVER,     AttributeError,                  OdooServerException,   has no attribute 'no_such_method'",
        "xmlrpc/022-wrong-arg-types.xml.json,             SERVER,     AssertionError,                  OdooServerException,   Domains to normalize",
        "xmlrpc/023-wrong-arg-types-write.xml.json,       SERVER,     ValueError,                      OdooServerException,   invalid literal for int()",
    })
    void odooErrorsAreClassifiedByOdoosExceptionClass(String file, OdooErrorClass expected, String name, String type, String text) {
        OdooException ex = failure(answering(file));
        assertThat(ex.errorClass()).isEqualTo(expected);
        assertThat(ex.odooErrorName()).isEqualTo(name);
        assertThat(ex.getClass().getSimpleName()).isEqualTo(type);
        assertThat(ex.isRetryable()).isFalse();
        assertThat(ex.model()).isEqualTo("res.partner");
        assertThat(ex.method()).isEqualTo("create");
        assertThat(ex.getMessage()).startsWith("Odoo res.partner.create failed: ").contains(text);
    }

    @Test
    void aMissingErrorOverJsonRpcIsABusinessError() {
        // no JSON-RPC recording of MissingError: Odoo 17's error envelope (e.g. 018) with the class and message of xmlrpc/015
        stubJsonRpcError(200, "odoo.exceptions.MissingError", "Record does not exist or has been deleted.\n(Record: res.partner(23,), User: 6)");
        OdooException ex = failure(jsonRpc);
        assertThat(ex).isInstanceOf(OdooBusinessException.class);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.MISSING);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 0})
    void aSerializationFailureOdooGaveUpRetryingIsRetryable(int code) {
        // FACTS.md "Concurrency": after 5 tries Odoo surfaces psycopg2's SerializationFailure; the code is 0 from 18.1
        stubJsonRpcError(code, "psycopg2.errors.SerializationFailure", "could not serialize access due to concurrent update");
        OdooException ex = failure(jsonRpc);
        assertThat(ex).isInstanceOf(OdooRetryableException.class);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.CONCURRENCY);
        assertThat(ex.isRetryable()).isTrue();
    }

    @Test
    void aSerializationFailureOverXmlRpcIsRetryable() {
        support.odoo.stubFor(post(urlEqualTo("/xmlrpc/2/object")).willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(xmlFault(1, "&lt;traceback removed&gt;\npsycopg2.errors.SerializationFailure: could not serialize access due to concurrent update"))));
        OdooException ex = failure(xmlRpc);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.CONCURRENCY);
        assertThat(ex.odooErrorName()).isEqualTo("psycopg2.errors.SerializationFailure");
    }

    @Test
    void theRaisedClassIsFoundAboveTheDetailLinesOfATraceback() {
        support.odoo.stubFor(post(urlEqualTo("/xmlrpc/2/object")).willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(xmlFault(1, "Traceback (most recent call last):\n  File \"odoo/sql_db.py\", line 332, in execute\n"
                        + "psycopg2.errors.NotNullViolation: null value in column \"name\" violates not-null constraint\n"
                        + "DETAIL:  Failing row contains (41, null)."))));
        OdooException ex = failure(xmlRpc);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.SERVER);
        assertThat(ex.odooErrorName()).isEqualTo("psycopg2.errors.NotNullViolation");
        assertThat(ex.odooMessage()).startsWith("null value in column").contains("DETAIL:  Failing row contains");
    }

    @Test
    void aJsonRpcErrorFromOdoo19WithCodeZeroIsClassifiedByName() {
        // Odoo 19's JSON-RPC (deprecated) answers a wrong key with error.code 0 where Odoo 17 has 200
        OdooException ex = failure(answering19("032-jsonrpc-bad-key.json"));
        assertThat(ex).isInstanceOf(OdooAccessException.class);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.ACCESS_DENIED);
        assertThat(ex.odooErrorName()).isEqualTo("odoo.exceptions.AccessDenied");
        assertThat(ex.getMessage()).contains("Access Denied").doesNotContain("odoo.exceptions.AccessDenied: Access Denied");
    }

    @Test
    void theDebugTracebackOfAJsonRpcErrorIsNotKept() {
        String body = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": 200, \"message\": \"Odoo Server Error\", "
                + "\"data\": {\"name\": \"builtins.ValueError\", \"debug\": " + quote(TRACEBACK) + ", \"message\": "
                + "\"Invalid field 'x_nope' on model 'res.partner'\", \"arguments\": [\"Invalid field 'x_nope' on model 'res.partner'\"], "
                + "\"context\": {}}}}";
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody(body)));
        OdooException ex = failure(jsonRpc);
        assertThat(ex.odooMessage()).isEqualTo("Invalid field 'x_nope' on model 'res.partner'");
        assertThat(ex.getMessage()).doesNotContain("Traceback").doesNotContain("File \"");
    }

    @Test
    void theTracebackOfAnXmlRpcFaultIsNotKept() {
        support.odoo.stubFor(post(urlEqualTo("/xmlrpc/2/object")).willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(xmlFault(1, TRACEBACK.replace("<", "&lt;").replace(">", "&gt;")))));
        OdooException ex = failure(xmlRpc);
        assertThat(ex.odooErrorName()).isEqualTo("ValueError");
        assertThat(ex.odooMessage()).isEqualTo("Invalid field 'x_nope' on model 'res.partner'");
        assertThat(ex.getMessage()).doesNotContain("Traceback").doesNotContain("File \"").doesNotContain("odoo/models.py");
    }

    @Test
    void aFaultWhoseClassTheTracebackDoesNotNameStillLosesItsFrames() {
        String traceback = "Traceback (most recent call last):\n  File \"/opt/odoo/odoo/http.py\", line 1784, in _serve_db\n"
                + "    return service_model.retrying(self._serve_ir_http, self.env)\n"
                + "werkzeug.exceptions.NotFound: 404 Not Found: the model does not exist\n";
        support.odoo.stubFor(post(urlEqualTo("/xmlrpc/2/object")).willReturn(aResponse().withHeader("Content-Type", "text/xml")
                .withBody(xmlFault(1, traceback))));
        OdooException ex = failure(xmlRpc);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.SERVER);
        assertThat(ex.odooMessage()).isEqualTo("werkzeug.exceptions.NotFound: 404 Not Found: the model does not exist");
        assertThat(ex.getMessage()).doesNotContain("Traceback").doesNotContain("_serve_db");
    }

    @Test
    void anUnknownDatabaseIsAConfigurationErrorNotRetryable() {
        support.reset();
        Recording jsonRpcAuth = Recording.of("jsonrpc/004-authenticate-bad-db.json");
        Recording xmlRpcAuth = Recording.of("xmlrpc/004-authenticate-bad-db.xml.json");
        support.odoo.stubFor(jsonRpcAuth.stubAnyRequest());
        support.odoo.stubFor(xmlRpcAuth.stubAnyRequest());
        OdooClient freshJson = OdooTestSupport.component(support.camel("jsonrpc")).getClient();
        OdooClient freshXml = OdooTestSupport.component(support.camel("xmlrpc")).getClient();
        for (OdooClient c : List.of(freshJson, freshXml)) {
            OdooException ex = failure(c);
            assertThat(ex).isInstanceOf(OdooServerException.class);
            assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.CONFIGURATION);
            assertThat(ex.isRetryable()).isFalse();
            assertThat(ex.odooErrorName()).isEqualTo("psycopg2.OperationalError");
            assertThat(ex.getMessage()).contains("database \"nosuchdb\" does not exist");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504, 500})
    void aProxyAnsweringWith5xxIsRetryable(int status) {
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>" + status + " Bad Gateway</h1>nginx</body></html>")));
        support.odoo.stubFor(post(urlEqualTo("/xmlrpc/2/object"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/html").withBody("<html>" + status + "</html>")));
        for (OdooClient c : List.of(jsonRpc, xmlRpc)) {
            OdooException ex = failure(c);
            assertThat(ex).isInstanceOf(OdooRetryableException.class);
            assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.UNAVAILABLE);
            assertThat(ex.getMessage()).contains("HTTP " + status);
        }
    }

    @Test
    void aUrlThatIsNotOdooIsAConfigurationError() {
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>Welcome to nginx</html>")));
        OdooException ex = failure(jsonRpc);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.CONFIGURATION);
        assertThat(ex.getMessage()).contains("did not answer JSON-RPC");
    }

    @Test
    void aRedirectIsAConfigurationErrorNamingWhereTo() {
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw"))
                .willReturn(aResponse().withStatus(301).withHeader("Location", "https://erp.example.com/jsonrpc")));
        OdooException ex = failure(jsonRpc);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.CONFIGURATION);
        assertThat(ex.getMessage()).contains("redirects to https://erp.example.com/jsonrpc");
    }

    @Test
    void noAnswerWithinTheRequestTimeoutIsARetryableTimeout() {
        OdooConfiguration c = support.configuration("jsonrpc");
        c.setRequestTimeout(300);
        OdooClient impatient = OdooTestSupport.component(support.camel(c)).getClient();
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw"))
                .willReturn(Recording.of("jsonrpc/012-partner-create.json").response().withFixedDelay(1500)));
        OdooException ex = failure(impatient);
        assertThat(ex).isInstanceOf(OdooRetryableException.class);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.TIMEOUT);
    }

    @Test
    void aRefusedConnectionIsARetryableTransportError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        OdooConfiguration c = support.configuration("jsonrpc");
        c.setUrl("http://127.0.0.1:" + closedPort);
        OdooException ex = failure(OdooTestSupport.component(support.camel(c)).getClient());
        assertThat(ex).isInstanceOf(OdooRetryableException.class);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.TRANSPORT);
        assertThat(ex.odooErrorName()).isNull();
    }

    @Test
    void everyClassMapsToItsExceptionTypeAndRetryability() {
        for (OdooErrorClass kind : OdooErrorClass.values()) {
            OdooException ex = OdooException.of(kind, "m", "x", null, "message", null);
            Class<?> expected = switch (kind) {
                case TRANSPORT, TIMEOUT, UNAVAILABLE, CONCURRENCY -> OdooRetryableException.class;
                case ACCESS_DENIED, ACCESS -> OdooAccessException.class;
                case USER, VALIDATION, MISSING -> OdooBusinessException.class;
                case SERVER, CONFIGURATION -> OdooServerException.class;
                case CALL_SHAPE -> OdooCallShapeException.class;
            };
            assertThat(ex).isInstanceOf(expected);
            assertThat(ex.isRetryable()).isEqualTo(expected == OdooRetryableException.class);
        }
    }

    @Test
    void aCallerMistakeIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> jsonRpc.executeKw("res.partner", "write", List.of(List.of(1), Map.of("x", new Object())), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("res.partner.write");
    }

    private static void stubJsonRpcError(int code, String name, String message) {
        String body = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"error\": {\"code\": " + code + ", \"message\": \"Odoo Server Error\", "
                + "\"data\": {\"name\": \"" + name + "\", \"debug\": \"<traceback removed>\", \"message\": "
                + quote(message) + ", \"arguments\": [" + quote(message) + "], \"context\": {}}}}";
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody(body)));
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static String xmlFault(int code, String escapedString) {
        return "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n"
                + "<value><int>" + code + "</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>"
                + escapedString + "</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n";
    }
}
