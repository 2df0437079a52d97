package io.finbridge.odoo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operation over JSON-RPC against Odoo 17's recorded exchanges: the exact request, the parsed answer. */
class OdooJsonRpcOperationsTest {

    private static OdooTestSupport support;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() {
        support = new OdooTestSupport();
        CamelContext camel = support.camel("jsonrpc");
        template = OdooTestSupport.template(camel);
    }

    @AfterAll
    static void stop() {
        support.close();
    }

    @BeforeEach
    void authenticateAsRecorded() {
        support.reset();
        support.odoo.stubFor(Recording.of("jsonrpc/002-authenticate-ok.json").stub());
    }

    private static Recording stub(String file) {
        Recording r = Recording.of(file);
        support.odoo.stubFor(r.stub());
        return r;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(Object body) {
        return (List<Map<String, Object>>) body;
    }

    private static Map<String, Object> headers(Object... keyValues) {
        Map<String, Object> h = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            h.put((String) keyValues[i], keyValues[i + 1]);
        }
        return h;
    }

    @Test
    void searchSendsDomainLimitAndOrderAndReturnsIds() {
        Recording r = stub("jsonrpc/006-partner-search.json");
        Object ids = template.requestBodyAndHeaders("odoo:res.partner?operation=search", null, headers(
                OdooConstants.DOMAIN, List.of(List.of("email", "ilike", "seed")), OdooConstants.LIMIT, 5, OdooConstants.ORDER, "id asc"));
        assertThat(ids).isEqualTo(List.of(11, 12, 13, 14, 15));
        support.odoo.verify(1, r.requested());
    }

    @Test
    void searchCountReturnsAnInteger() {
        stub("jsonrpc/007-partner-search-count.json");
        Object count = template.requestBodyAndHeader("odoo:res.partner?operation=searchCount", null,
                OdooConstants.DOMAIN, "[[\"email\", \"ilike\", \"seed\"]]");
        assertThat(count).isEqualTo(12);
    }

    @Test
    void searchReadReturnsRecordsWithFalseForEmptyFields() {
        stub("jsonrpc/008-partner-search-read.json");
        Object records = template.requestBodyAndHeaders("odoo:res.partner?operation=searchRead&fields=name,email,company_id,country_id", null,
                headers(OdooConstants.DOMAIN, List.of(List.of("email", "ilike", "seed")), OdooConstants.LIMIT, "3",
                        OdooConstants.ORDER, "name desc"));
        assertThat(records).asList().hasSize(3);
        assertThat(((List<?>) records).get(0)).isEqualTo(Map.of("id", 20, "name", "Seed Partner 9",
                "email", "seed9@example.com", "company_id", false, "country_id", false));
    }

    @Test
    void readReturnsRecordsInTheOrderOfTheIds() {
        stub("jsonrpc/009-partner-read.json");
        Object records = template.requestBodyAndHeaders("odoo:res.partner?operation=read", null,
                headers(OdooConstants.IDS, List.of(11, 12), OdooConstants.FIELDS, List.of("name", "email", "ref", "vat")));
        assertThat(records(records)).extracting(r -> r.get("id")).containsExactly(11, 12);
    }

    @Test
    void readOfADeletedIdReturnsAnEmptyList() {
        stub("jsonrpc/016-partner-read-deleted.json");
        Object records = template.requestBodyAndHeaders("odoo:res.partner?operation=read&fields=name", null,
                headers(OdooConstants.IDS, 23));
        assertThat(records).asList().isEmpty();
    }

    @Test
    void readReturnsAmountsAsBigDecimalAndMany2oneAsIdAndName() {
        stub("jsonrpc/031-invoice-usd-read.json");
        List<?> moves = (List<?>) template.requestBodyAndHeaders("odoo:account.move?operation=read", null, headers(
                OdooConstants.IDS, List.of(1, 2), OdooConstants.FIELDS, "name,state,amount_untaxed,amount_tax,amount_total,"
                        + "amount_residual,payment_state,currency_id,company_id"));
        Map<?, ?> first = (Map<?, ?>) moves.get(0);
        assertThat(first.get("amount_total")).isEqualTo(new BigDecimal("74.71"));
        assertThat(first.get("amount_tax")).isEqualTo(new BigDecimal("9.75"));
        assertThat(first.get("currency_id")).isEqualTo(List.of(1, "USD"));
    }

    @Test
    void createOfOneRecordReturnsItsIdInBodyAndHeader() {
        stub("jsonrpc/012-partner-create.json");
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("name", "Acme Shop");
        vals.put("email", "acme@example.com");
        vals.put("ref", "SHOP-1");
        Exchange out = template.request("odoo:res.partner?operation=create", e -> e.getMessage().setBody(vals));
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isEqualTo(23);
        assertThat(out.getMessage().getHeader(OdooConstants.RECORD_ID)).isEqualTo(23);
    }

    @Test
    void createOfABatchIsOneCallReturningTheIds() {
        stub("jsonrpc/013-partner-create-batch.json");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(Map.of("name", "Batch " + i, "email", "batch" + i + "@example.com"));
        }
        Object ids = template.requestBody("odoo:res.partner?operation=create", batch);
        assertThat(ids).isEqualTo(List.of(25, 26, 27, 28, 29));
    }

    @Test
    void createOfAHundredRecordsIsOneHttpCall() throws Exception {
        List<Map<String, Object>> batch = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(Map.of("name", "Batch " + i, "email", "batch" + i + "@example.com"));
            ids.add(1000 + i);
        }
        ObjectMapper json = new ObjectMapper();
        String expected = json.writeValueAsString(Map.of("jsonrpc", "2.0", "method", "call", "id", "${json-unit.any-number}",
                "params", Map.of("service", "object", "method", "execute_kw", "args",
                        List.of("finbridge", 6, Recording.API_KEY, "res.partner", "create", List.of(batch)))));
        support.odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(expected))
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(json.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "result", ids)))));

        Object created = template.requestBody("odoo:res.partner?operation=create", batch);

        assertThat(created).isEqualTo(ids);
        support.odoo.verify(1, postRequestedFor(urlEqualTo("/jsonrpc")).withRequestBody(equalToJson(expected)));
        support.odoo.verify(1, postRequestedFor(urlEqualTo("/jsonrpc")).withRequestBody(containing("execute_kw")));
    }

    @Test
    void createSendsX2manyCommandsAndMoneyExactlyAsWritten() {
        stub("jsonrpc/029-invoice-usd-create.json");
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("move_type", "out_invoice");
        vals.put("partner_id", 39);
        vals.put("currency_id", 1);
        vals.put("invoice_date", java.time.LocalDate.of(2026, 11, 20));
        vals.put("ref", "SHOP-ORDER-1001");
        vals.put("invoice_line_ids", List.of(
                List.of(0, 0, Map.of("name", "Widget", "quantity", 3, "price_unit", new BigDecimal("19.99"), "tax_ids", List.of(List.of(6, 0, List.of(1))))),
                List.of(0, 0, Map.of("name", "Shipping", "quantity", 1, "price_unit", new BigDecimal("4.99"), "tax_ids", List.of(List.of(6, 0, List.of(1)))))));
        assertThat(template.requestBody("odoo:account.move?operation=create", vals)).isEqualTo(1);
    }

    @Test
    void writeReturnsTrue() {
        stub("jsonrpc/014-partner-write.json");
        Object ok = template.requestBodyAndHeader("odoo:res.partner?operation=write", Map.of("phone", "+1 555 0100"),
                OdooConstants.IDS, 23);
        assertThat(ok).isEqualTo(true);
    }

    @Test
    void unlinkReturnsTrue() {
        stub("jsonrpc/015-partner-unlink.json");
        assertThat(template.requestBodyAndHeader("odoo:res.partner?operation=unlink", null, OdooConstants.IDS, "23")).isEqualTo(true);
    }

    @Test
    void callOfAMethodInThePathSendsTheIdsFirst() {
        stub("jsonrpc/030-invoice-usd-post.json");
        assertThat(template.requestBodyAndHeader("odoo:account.move/action_post", null, OdooConstants.IDS, 1)).isEqualTo(false);
    }

    @Test
    void callOfAMethodReturningNoneSucceedsWithANullBody() {
        stub("jsonrpc/042-payment-post.json");
        Exchange out = template.request("odoo:account.payment?operation=call&method=action_post",
                e -> e.getMessage().setHeader(OdooConstants.IDS, List.of(1)));
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isNull();
    }

    @Test
    void callSendsPositionalArgumentsAfterTheIds() {
        stub("jsonrpc/045-js-assign-outstanding-line.json");
        Exchange out = template.request("odoo:account.move/js_assign_outstanding_line", e -> {
            e.getMessage().setHeader(OdooConstants.IDS, List.of(1));
            e.getMessage().setHeader(OdooConstants.ARGS, List.of(34));
        });
        assertThat(out.getException()).isNull();
        assertThat(out.getMessage().getBody()).isNull();
    }

    @Test
    void callOfAWizardCarriesTheContextAndReturnsTheAction() {
        stub("jsonrpc/047-payment-register-create.json");
        stub("jsonrpc/048-payment-register-action.json");
        Map<String, Object> context = Map.of("active_model", "account.move", "active_ids", List.of(5));
        Object wizard = template.requestBodyAndHeader("odoo:account.payment.register?operation=create",
                Map.of("payment_date", "2026-11-21", "journal_id", 6), OdooConstants.CONTEXT, context);
        Object action = template.requestBodyAndHeaders("odoo:account.payment.register/action_create_payments", null,
                headers(OdooConstants.IDS, wizard, OdooConstants.KWARGS, Map.of("context", context)));
        assertThat(action).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("res_model", "account.payment").containsEntry("res_id", 3);
    }

    @Test
    void endpointContextSelectsTheCompanyLanguageAndTimeZone() {
        stub("jsonrpc/026-ctx-company2-search-read.json");
        Object journals = template.requestBodyAndHeaders(
                "odoo:account.journal?operation=searchRead&lang=en_US&tz=Europe/Berlin&allowedCompanyIds=2", null,
                headers(OdooConstants.DOMAIN, List.of(List.of("type", "in", List.of("bank", "sale"))),
                        OdooConstants.FIELDS, List.of("name", "type", "company_id", "currency_id")));
        assertThat(records(journals)).extracting(j -> j.get("company_id")).containsOnly(List.of(2, "Finbridge EU"));
    }

    @Test
    void headerContextIsMergedOverTheEndpointContext() {
        stub("jsonrpc/027-ctx-company2-create.json");
        Object id = template.requestBodyAndHeader("odoo:res.partner?operation=create&lang=en_US&allowedCompanyIds=1",
                new LinkedHashMap<>(Map.of("name", "EU Customer GmbH", "company_id", 2)), OdooConstants.CONTEXT,
                "{\"tz\": \"Europe/Berlin\", \"allowed_company_ids\": [2]}");
        assertThat(id).isEqualTo(37);
    }
}
