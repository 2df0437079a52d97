package io.finbridge.odoo;

import static io.finbridge.odoo.OdooJsonRpcOperationsTest.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operation over XML-RPC: the request byte for byte as Odoo 17 received it from Python, the parsed answer. */
class OdooXmlRpcOperationsTest {

    private static OdooTestSupport support;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() {
        support = new OdooTestSupport();
        template = OdooTestSupport.template(support.camel("xmlrpc"));
    }

    @AfterAll
    static void stop() {
        support.close();
    }

    @BeforeEach
    void authenticateAsRecorded() {
        support.reset();
        support.odoo.stubFor(Recording.of("xmlrpc/002-authenticate-ok.xml.json").stub());
    }

    private static Recording stub(String file) {
        Recording r = Recording.of(file);
        support.odoo.stubFor(r.stub());
        return r;
    }

    private static Map<String, Object> headers(Object... keyValues) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            h.put((String) keyValues[i], keyValues[i + 1]);
        }
        return h;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        return headers(keyValues);
    }

    @Test
    void searchSendsDomainLimitAndOrderAndReturnsIds() {
        Recording r = stub("xmlrpc/006-partner-search.xml.json");
        Object ids = template.requestBodyAndHeaders("odoo:res.partner?operation=search", null, headers(
                OdooConstants.DOMAIN, List.of(List.of("email", "ilike", "seed")), OdooConstants.LIMIT, 5, OdooConstants.ORDER, "id asc"));
        assertThat(ids).isEqualTo(List.of(11, 12, 13, 14, 15));
        support.odoo.verify(1, r.requested());
    }

    @Test
    void searchCountReturnsAnInteger() {
        stub("xmlrpc/007-partner-search-count.xml.json");
        assertThat(template.requestBodyAndHeader("odoo:res.partner?operation=searchCount", null,
                OdooConstants.DOMAIN, List.of(List.of("email", "ilike", "seed")))).isEqualTo(12);
    }

    @Test
    void searchReadReturnsFalseForEmptyMany2one() {
        stub("xmlrpc/008-partner-search-read.xml.json");
        Object records = template.requestBodyAndHeaders("odoo:res.partner?operation=searchRead&limit=3&order=name desc", null,
                headers(OdooConstants.DOMAIN, List.of(List.of("email", "ilike", "seed")),
                        OdooConstants.FIELDS, List.of("name", "email", "company_id", "country_id")));
        assertThat(records(records)).extracting(r -> r.get("id")).containsExactly(20, 19, 18);
        assertThat(records(records).get(0)).containsEntry("company_id", false);
    }

    @Test
    void readReturnsRecordsAndAnEmptyListForDeletedIds() {
        stub("xmlrpc/009-partner-read.xml.json");
        stub("xmlrpc/016-partner-read-deleted.xml.json");
        Object two = template.requestBodyAndHeaders("odoo:res.partner?operation=read", null,
                headers(OdooConstants.IDS, List.of(11, 12), OdooConstants.FIELDS, "name,email,ref,vat"));
        Object none = template.requestBodyAndHeaders("odoo:res.partner?operation=read&fields=name", null, headers(OdooConstants.IDS, 23));
        assertThat(records(two)).extracting(r -> r.get("email")).containsExactly("seed0@example.com", "seed1@example.com");
        assertThat(none).asList().isEmpty();
    }

    @Test
    void readReturnsDoublesAsBigDecimal() {
        stub("xmlrpc/031-invoice-usd-read.xml.json");
        Object moves = template.requestBodyAndHeaders("odoo:account.move?operation=read", null, headers(OdooConstants.IDS, List.of(1, 2),
                OdooConstants.FIELDS, List.of("name", "state", "amount_untaxed", "amount_tax", "amount_total", "amount_residual",
                        "payment_state", "currency_id", "company_id")));
        assertThat(records(moves).get(1)).containsEntry("amount_untaxed", new BigDecimal("64.96"))
                .containsEntry("amount_total", new BigDecimal("74.71")).containsEntry("company_id", List.of(1, "Finbridge US"));
    }

    @Test
    void createOfOneRecordReturnsItsId() {
        stub("xmlrpc/012-partner-create.xml.json");
        Exchange out = template.request("odoo:res.partner?operation=create",
                e -> e.getMessage().setBody(ordered("name", "Acme Shop", "email", "acme@example.com", "ref", "SHOP-1")));
        assertThat(out.getMessage().getBody()).isEqualTo(24);
        assertThat(out.getMessage().getHeader(OdooConstants.RECORD_ID)).isEqualTo(24);
    }

    @Test
    void createOfABatchIsOneCall() {
        Recording r = stub("xmlrpc/013-partner-create-batch.xml.json");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(ordered("name", "Batch " + i, "email", "batch" + i + "@example.com"));
        }
        assertThat(template.requestBody("odoo:res.partner?operation=create", batch)).isEqualTo(List.of(30, 31, 32, 33, 34));
        support.odoo.verify(1, r.requested());
    }

    @Test
    void createSendsIntDoubleStringAndX2manyCommandsAsPythonDoes() {
        stub("xmlrpc/029-invoice-usd-create.xml.json");
        Map<String, Object> vals = ordered("move_type", "out_invoice", "partner_id", 39, "currency_id", 1,
                "invoice_date", LocalDate.of(2026, 11, 20), "ref", "SHOP-ORDER-1001", "invoice_line_ids", List.of(
                        List.of(0, 0, ordered("name", "Widget", "quantity", 3, "price_unit", new BigDecimal("19.99"),
                                "tax_ids", List.of(List.of(6, 0, List.of(1))))),
                        List.of(0, 0, ordered("name", "Shipping", "quantity", 1, "price_unit", new BigDecimal("4.99"),
                                "tax_ids", List.of(List.of(6, 0, List.of(1)))))));
        assertThat(template.requestBody("odoo:account.move?operation=create", vals)).isEqualTo(2);
    }

    @Test
    void writeReturnsTrue() {
        stub("xmlrpc/014-partner-write.xml.json");
        assertThat(template.requestBodyAndHeader("odoo:res.partner?operation=write", Map.of("phone", "+1 555 0100"),
                OdooConstants.IDS, List.of(23))).isEqualTo(true);
    }

    @Test
    void unlinkOfADeletedRecordIsAMissingError() {
        stub("xmlrpc/015-partner-unlink.xml.json");
        assertThatThrownBy(() -> template.requestBodyAndHeader("odoo:res.partner?operation=unlink", null, OdooConstants.IDS, 23))
                .isInstanceOf(CamelExecutionException.class).cause()
                .isInstanceOfSatisfying(OdooBusinessException.class, ex -> {
                    assertThat(ex.errorClass()).isEqualTo(OdooErrorClass.MISSING);
                    assertThat(ex.odooErrorName()).isEqualTo("faultCode 2");
                    assertThat(ex.getMessage()).contains("res.partner.unlink").contains("Record does not exist or has been deleted");
                });
    }

    @Test
    void callReturnsFalseFromActionPost() {
        stub("xmlrpc/030-invoice-usd-post.xml.json");
        assertThat(template.requestBodyAndHeader("odoo:account.move/action_post", null, OdooConstants.IDS, 2)).isEqualTo(false);
    }

    @Test
    void callOfAMethodReturningNoneSucceedsDespiteTheCannotMarshalNoneFault() {
        stub("xmlrpc/042-payment-post.xml.json");
        Exchange out = template.request("odoo:account.payment/action_post", e -> e.getMessage().setHeader(OdooConstants.IDS, 2));
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isNull();
    }

    @Test
    void callSendsPositionalArgumentsAfterTheIds() {
        stub("xmlrpc/045-js-assign-outstanding-line.xml.json");
        Exchange out = template.request("odoo:account.move/js_assign_outstanding_line", e -> {
            e.getMessage().setHeader(OdooConstants.IDS, 2);
            e.getMessage().setHeader(OdooConstants.ARGS, List.of(36));
        });
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isNull();
    }

    @Test
    void callOfAWizardCarriesTheContextAndReturnsTheActionStruct() {
        stub("xmlrpc/047-payment-register-create.xml.json");
        stub("xmlrpc/048-payment-register-action.xml.json");
        Map<String, Object> context = ordered("active_model", "account.move", "active_ids", List.of(6));
        Object wizard = template.requestBodyAndHeader("odoo:account.payment.register?operation=create",
                ordered("payment_date", "2026-11-21", "journal_id", 6), OdooConstants.CONTEXT, context);
        Object action = template.requestBodyAndHeaders("odoo:account.payment.register/action_create_payments", null,
                headers(OdooConstants.IDS, wizard, OdooConstants.CONTEXT, context));
        assertThat(action).isEqualTo(Map.of("name", "Payments", "type", "ir.actions.act_window", "res_model", "account.payment",
                "context", Map.of("create", false), "view_mode", "form", "res_id", 4));
    }

    @Test
    void endpointContextSelectsTheCompanyLanguageAndTimeZone() {
        stub("xmlrpc/026-ctx-company2-search-read.xml.json");
        Object journals = template.requestBodyAndHeaders(
                "odoo:account.journal?operation=searchRead&lang=en_US&tz=Europe/Berlin&allowedCompanyIds=2&fields=name,type,company_id,currency_id",
                null, headers(OdooConstants.DOMAIN, "[[\"type\", \"in\", [\"bank\", \"sale\"]]]"));
        assertThat(records(journals)).extracting(j -> j.get("id")).containsExactly(8, 13);
    }

    @Test
    void createUnderAnotherCompanyCarriesItsContext() {
        stub("xmlrpc/027-ctx-company2-create.xml.json");
        assertThat(template.requestBodyAndHeader("odoo:res.partner?operation=create&lang=en_US&tz=Europe/Berlin",
                ordered("name", "EU Customer GmbH", "company_id", 2), OdooConstants.CONTEXT,
                Map.of("allowed_company_ids", List.of(2)))).isEqualTo(38);
    }
}
