package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
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

/** The JSON-2 client against the answers of a real Odoo 19.0 ({@code fixtures/odoo19/}). */
class OdooJson2RecordingsTest {

    private static OdooTestSupport support;
    private static ProducerTemplate template;
    private static OdooClient client;

    @BeforeAll
    static void start() {
        support = new OdooTestSupport();
        var camel = support.camel(support.configuration19("json2"));
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

    private static Recording answering(String file) {
        Recording r = Recording.odoo19(file);
        support.odoo.stubFor(r.stub());
        return r;
    }

    /** A client of its own, e.g. with another key or database. */
    private static OdooClient clientWith(java.util.function.Consumer<OdooConfiguration> change) {
        OdooConfiguration c = support.configuration19("json2");
        change.accept(c);
        return OdooTestSupport.component(support.camel(c)).getClient();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "007b-partner-unlink-again.json            | MISSING       | OdooBusinessException  | odoo.exceptions.MissingError             | Record does not exist or has been deleted",
        "031-partner-write-deleted.json            | MISSING       | OdooBusinessException  | odoo.exceptions.MissingError             | res.partner(12,)",
        "008a-category-create-missing-required.json | VALIDATION   | OdooBusinessException  | odoo.exceptions.ValidationError          | Missing required value for the field 'Name'",
        "008b-partner-create-without-name.json     | VALIDATION    | OdooBusinessException  | odoo.exceptions.ValidationError          | Contacts require a name",
        "009-partner-create-unknown-field.json     | SERVER        | OdooServerException    | builtins.ValueError                      | Invalid field 'no_such_field' in 'res.partner'",
        "020a-check-object-reference-unknown.json  | SERVER        | OdooServerException    | builtins.ValueError                      | External ID not found in the system",
        "012-private-method.json                   | ACCESS        | OdooAccessException    | odoo.exceptions.AccessError              | Private methods",
        "017-reader-create-partner.json            | ACCESS        | OdooAccessException    | odoo.exceptions.AccessError              | Contact/Creation",
        "022b-context-company-not-allowed.json     | ACCESS        | OdooAccessException    | odoo.exceptions.AccessError              | unauthorized or invalid companies",
        "013-bad-api-key.json                      | ACCESS_DENIED | OdooAccessException    | werkzeug.exceptions.Unauthorized         | Invalid apikey",
        "014-no-authorization-header.json          | ACCESS_DENIED | OdooAccessException    | werkzeug.exceptions.Unauthorized         | use an API Key with a Bearer Authorization header",
        "010-unknown-model.json                    | CALL_SHAPE    | OdooCallShapeException | werkzeug.exceptions.NotFound             | the model 'x.no.such.model' does not exist",
        "011-unknown-method.json                   | CALL_SHAPE    | OdooCallShapeException | werkzeug.exceptions.NotFound             | The method 'res.partner.no_such_method' does not exist",
        "028-get-instead-of-post.json              | CALL_SHAPE    | OdooCallShapeException | werkzeug.exceptions.NotFound             | Did you mean POST",
        "016a-unexpected-keyword.json              | CALL_SHAPE    | OdooCallShapeException | werkzeug.exceptions.UnprocessableEntity  | unexpected keyword argument 'limt'",
        "016b-missing-argument.json                | CALL_SHAPE    | OdooCallShapeException | werkzeug.exceptions.UnprocessableEntity  | missing a required argument: 'domain'",
        "016c-positional-args.json                 | CALL_SHAPE    | OdooCallShapeException | werkzeug.exceptions.UnprocessableEntity  | missing a required argument: 'domain'",
        "027-ids-on-model-method.json              | CALL_SHAPE    | OdooCallShapeException | werkzeug.exceptions.UnprocessableEntity  | cannot call res.partner.search_count with ids",
        "029-malformed-json.json                   | CALL_SHAPE    | OdooCallShapeException | werkzeug.exceptions.BadRequest           | could not parse the body as json",
        "030-wrong-content-type.json               | CALL_SHAPE    | OdooCallShapeException |                                          | HTTP 415",
        "015-wrong-database-header.json            | CONFIGURATION | OdooServerException    |                                          | selected no database",
        "033-no-database-header-multidb.json       | CONFIGURATION | OdooServerException    |                                          | selected no database",
    })
    void everyRecordedErrorYieldsItsClass(String file, OdooErrorClass expected, String type, String name, String text) {
        Recording r = Recording.odoo19(file);
        support.odoo.stubFor(r.stubAnyRequest()); // some of these requests (GET, text/plain, bad JSON) the client never sends
        String[] call = r.json2ModelAndMethod();
        OdooException ex = catchThrowableOfType(OdooException.class, () -> client.executeKw(call[0], call[1], List.of(), Map.of()));

        assertThat(ex.errorClass()).isEqualTo(expected);
        assertThat(ex.getClass().getSimpleName()).isEqualTo(type);
        assertThat(ex.isRetryable()).isFalse();
        assertThat(ex.odooErrorName()).isEqualTo(name);
        assertThat(ex.model()).isEqualTo(call[0]);
        assertThat(ex.method()).isEqualTo(call[1]);
        assertThat(ex.getMessage()).startsWith("Odoo " + call[0] + "." + call[1] + " failed: ").contains(text)
                // the debug traceback, the HTML markup and the key stay out of what Finbridge stores and logs
                .doesNotContain("traceback").doesNotContain("Traceback").doesNotContain("<title>").doesNotContain("<p>")
                .doesNotContain("<!").doesNotContain(Recording.API_KEY);
    }

    @Test
    void aCallShapeErrorSaysItIsABugNotData() {
        answering("016a-unexpected-keyword.json");
        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> client.executeKw("res.partner", "search_count", List.of(), Map.of("domain", List.of(), "limt", 5)));
        assertThat(ex).isInstanceOf(OdooCallShapeException.class).isInstanceOf(OdooServerException.class);
        assertThat(ex.getMessage()).contains("got an unexpected keyword argument 'limt'").contains("a bug to report");
        // the inbox does not retry it: straight to the exception queue, for an engineer
        var decision = new io.finbridge.inbound.FailureClassifier().classify(new RuntimeException("route failed", ex));
        assertThat(decision.action()).isEqualTo(io.finbridge.inbound.FailureClassifier.Action.DEAD_LETTER);
        assertThat(decision.classification()).isEqualTo(io.finbridge.review.FailureClass.TECHNICAL);
    }

    @Test
    void aValidationErrorAndAnUnprocessableEntityShareStatus422ButNotTheirClass() {
        answering("008b-partner-create-without-name.json");
        answering("016b-missing-argument.json");
        OdooException data = catchThrowableOfType(OdooException.class,
                () -> client.executeKw("res.partner", "create", List.of(List.of(Map.of("email", "noname@example.com"))), Map.of()));
        OdooException shape = catchThrowableOfType(OdooException.class,
                () -> client.executeKw("res.partner", "search_count", List.of(), Map.of()));
        assertThat(data).isInstanceOf(OdooBusinessException.class);
        assertThat(data.errorClass()).isEqualTo(OdooErrorClass.VALIDATION);
        assertThat(shape).isInstanceOf(OdooCallShapeException.class);
    }

    @Test
    void anUnknownDatabaseIsAConfigurationErrorNamingIt() {
        answering("015-wrong-database-header.json");
        OdooClient wrongDb = clientWith(c -> c.setDatabase("nosuchdb"));
        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> wrongDb.executeKw("res.partner", "search_count", List.of(List.of()), Map.of()));
        assertThat(ex).isInstanceOf(OdooServerException.class);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.CONFIGURATION);
        assertThat(ex.getMessage()).contains("'nosuchdb'").contains("finbridge.odoo.database");
    }

    @Test
    void theDatabaseHeaderIsSentWhenADatabaseIsSet() {
        Recording r = answering("034-database-header-multidb.json");
        Object count = client.executeKw("res.partner", "search_count", List.of(List.of(List.of("email", "like", "@batch.example"))), Map.of());
        assertThat(count).isEqualTo(2);
        support.odoo.verify(1, r.requested().withHeader("X-Odoo-Database", equalTo("finbridge19")));
    }

    @Test
    void noDatabaseHeaderIsSentWithoutADatabaseAndASingleDatabaseServerAnswers() {
        Recording r = answering("026-no-database-header.json");
        OdooClient noDb = clientWith(c -> c.setDatabase(""));
        Object count = noDb.executeKw("res.partner", "search_count", List.of(List.of(List.of("email", "like", "@batch.example"))), Map.of());
        assertThat(count).isEqualTo(2);
        support.odoo.verify(1, r.requested().withHeader("X-Odoo-Database", absent()));
    }

    @Test
    void withoutADatabaseAServerWithSeveralSaysSetTheDatabase() {
        answering("033-no-database-header-multidb.json");
        OdooClient noDb = clientWith(c -> c.setDatabase(""));
        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> noDb.executeKw("res.partner", "search_count", List.of(List.of(List.of("email", "like", "@batch.example"))), Map.of()));
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.CONFIGURATION);
        assertThat(ex.getMessage()).contains("no X-Odoo-Database was sent").contains("set finbridge.odoo.database");
    }

    @Test
    void aWrongKeyIsRefusedAsCredentials() {
        answering("013-bad-api-key.json");
        OdooClient wrongKey = clientWith(c -> c.setApiKey(Recording.WRONG_API_KEY));
        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> wrongKey.executeKw("res.partner", "search_count", List.of(List.of()), Map.of()));
        assertThat(ex).isInstanceOf(OdooAccessException.class);
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.ACCESS_DENIED);
        assertThat(ex.getMessage()).contains("Invalid apikey").doesNotContain(Recording.WRONG_API_KEY);
    }

    @Test
    void withoutAKeyNoAuthorizationHeaderIsSentAndOdooSaysWhatIsMissing() {
        answering("014-no-authorization-header.json");
        OdooClient noKey = clientWith(c -> c.setApiKey(""));
        OdooException ex = catchThrowableOfType(OdooException.class,
                () -> noKey.executeKw("res.partner", "search_count", List.of(List.of()), Map.of()));
        assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.ACCESS_DENIED);
        assertThat(ex.getMessage()).contains("use an API Key with a Bearer Authorization header");
    }

    @Test
    void aMethodReturningNoneAnswersNullAndSucceeds() {
        Recording r = answering("019b-payment-action-post.json");
        Exchange out = template.request("odoo:account.payment/action_post", e -> e.getMessage().setHeader(OdooConstants.IDS, 1));
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isNull();
        support.odoo.verify(1, r.requested());
    }

    @Test
    void aMethodReturningFalseAnswersFalse() {
        answering("018b-invoice-action-post.json");
        assertThat(template.requestBodyAndHeader("odoo:account.move/action_post", null, OdooConstants.IDS, 1)).isEqualTo(false);
    }

    @Test
    void createOfOneDictSendsTheBareDictAndReturnsTheId() {
        Recording r = answering("025-partner-create-bare-dict.json");
        Exchange out = template.request("odoo:res.partner?operation=create",
                e -> e.getMessage().setBody(Map.of("name", "Bare Dict Partner")));
        assertThat(out.getMessage().getBody()).isEqualTo(14);
        assertThat(out.getMessage().getHeader(OdooConstants.RECORD_ID)).isEqualTo(14);
        support.odoo.verify(1, r.requested());
    }

    @Test
    void createOfAListOfOneReturnsAListOfOneId() {
        answering("003-partner-create-one.json");
        Object ids = template.requestBody("odoo:res.partner?operation=create",
                List.of(Map.of("name", "Acme Caf\u00e9 19", "email", "ap@acme.example", "is_company", true)));
        assertThat(ids).isEqualTo(List.of(8));
    }

    @Test
    void createOfAListIsOneCallReturningTheIdsInOrder() {
        answering("004-partner-create-three.json");
        Object ids = template.requestBody("odoo:res.partner?operation=create", List.of(
                Map.of("name", "Batch Partner A", "email", "a@batch.example"),
                Map.of("name", "Batch Partner B", "email", "b@batch.example"),
                Map.of("name", "Batch Partner C", "email", "c@batch.example")));
        assertThat(ids).isEqualTo(List.of(9, 10, 11));
        support.odoo.verify(1, anyRequestedFor(urlPathMatching("/json/2/.*")));
    }

    @Test
    void searchReadSendsDomainFieldsLimitAndOrderByName() {
        answering("002-partner-search-read.json");
        Object found = template.requestBodyAndHeaders("odoo:res.partner?operation=searchRead&fields=name,email,company_id,create_date"
                + "&limit=3&order=id", null, Map.of(OdooConstants.DOMAIN, List.of(List.of("active", "=", true))));
        assertThat(OdooJsonRpcOperationsTest.records(found)).hasSize(3).first()
                .satisfies(p -> assertThat(p).containsEntry("name", "My Company").containsEntry("company_id", false));
    }

    @Test
    void theContextGoesByName() {
        answering("022a-context-allowed-company.json");
        Object found = template.requestBodyAndHeaders("odoo:res.partner?operation=searchRead&fields=name,company_id&allowedCompanyIds=1&lang=en_US",
                null, Map.of(OdooConstants.DOMAIN, List.of(List.of("id", "=", 8))));
        assertThat(OdooJsonRpcOperationsTest.records(found).get(0)).containsEntry("name", "Acme Caf\u00e9 19");
    }

    @Test
    void writeAndUnlinkAnswerTrue() {
        answering("005-partner-write.json");
        answering("007a-partner-unlink.json");
        assertThat(template.requestBodyAndHeader("odoo:res.partner?operation=write",
                Map.of("phone", "+1 555 0100", "ref", "ACME-19"), OdooConstants.IDS, 8)).isEqualTo(true);
        assertThat(template.requestBodyAndHeader("odoo:res.partner?operation=unlink", null, OdooConstants.IDS, 11)).isEqualTo(true);
    }

    @Test
    void readOfADeletedIdIsEmptyNotAnError() {
        answering("006-partner-read-deleted.json");
        assertThat(template.requestBodyAndHeader("odoo:res.partner?operation=read&fields=name", null, OdooConstants.IDS, 12))
                .isEqualTo(List.of());
    }

    @Test
    void anInvoiceIsCreatedWithCommandTriplesPostedAndReadWithExactAmounts() {
        answering("018a-invoice-create.json");
        answering("018c-invoice-read-totals.json");
        Map<String, Object> invoice = Map.of("move_type", "out_invoice", "partner_id", 8, "invoice_date", "2026-11-30",
                "invoice_line_ids", List.of(
                        List.of(0, 0, Map.of("name", "Consulting", "quantity", 2, "price_unit", new BigDecimal("100.0"),
                                "tax_ids", List.of(List.of(6, 0, List.of(1))))),
                        List.of(0, 0, Map.of("name", "Travel", "quantity", 1, "price_unit", new BigDecimal("50.0"),
                                "tax_ids", List.of(List.of(6, 0, List.of(1)))))));
        Object ids = template.requestBody("odoo:account.move?operation=create", List.of(invoice));
        Object read = template.requestBodyAndHeader("odoo:account.move?operation=read&fields=name,state,amount_untaxed,amount_tax,"
                + "amount_total,amount_residual,payment_state,currency_id", null, OdooConstants.IDS, ids);
        assertThat(ids).isEqualTo(List.of(1));
        assertThat(OdooJsonRpcOperationsTest.records(read).get(0)).containsEntry("amount_untaxed", new BigDecimal("250.0"))
                .containsEntry("amount_tax", new BigDecimal("37.5")).containsEntry("amount_total", new BigDecimal("287.5"))
                .containsEntry("currency_id", List.of(1, "USD"));
    }

    @Test
    void searchCountAndCheckObjectReferenceAnswerBareValues() {
        answering("021-partner-search-count.json");
        answering("020b-check-object-reference-known.json");
        assertThat(client.executeKw("res.partner", "search_count", List.of(List.of(List.of("email", "like", "@batch.example"))), Map.of()))
                .isEqualTo(2);
        assertThat(client.executeKw("ir.model.data", "check_object_reference", List.of("account", "group_account_invoice"), Map.of()))
                .isEqualTo(List.of("res.groups", 24));
    }

    @Test
    void theVersionIsReadFromWebVersionWithoutKeyAndKeptWithoutItsCookie() {
        Recording version = answering("001-web-version.json");
        answering("021-partner-search-count.json");
        assertThat(client.version()).containsEntry("version", "19.0-20251216");
        assertThat(client.serverVersion()).isEqualTo(new OdooVersion(19, 0, "19.0-20251216"));
        client.executeKw("res.partner", "search_count", List.of(List.of(List.of("email", "like", "@batch.example"))), Map.of());

        support.odoo.verify(1, version.requested().withHeader("Authorization", absent()).withHeader("X-Odoo-Database", absent()));
        // /web/version hands out an anonymous session cookie; the API is stateless and must not send it back
        support.odoo.verify(1, postRequestedFor(urlEqualTo("/json/2/res.partner/search_count")).withHeader("Cookie", absent()));
    }
}
