package io.finbridge.odoo;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.ledger.OdooFieldNames;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A payment carries its natural key in the field the server has: {@code memo} on Odoo 19, {@code ref} on Odoo 17, as
 * {@link OdooFieldNames} picks it from the version the client read; each request is the recorded one.
 */
class VersionAwarePaymentTest {

    private OdooTestSupport support;

    @BeforeEach
    void start() {
        support = new OdooTestSupport();
    }

    @AfterEach
    void stop() {
        support.close();
    }

    /** What a posting rule would build: the payment's values with its natural key under the version's field name. */
    private static Map<String, Object> payment(OdooFieldNames names, int partner, String amount, int journal, LocalDate date,
            String naturalKey) {
        Map<String, Object> vals = new LinkedHashMap<>();
        vals.put("payment_type", "inbound");
        vals.put("partner_type", "customer");
        vals.put("partner_id", partner);
        vals.put("amount", new BigDecimal(amount));
        vals.put("journal_id", journal);
        vals.put("date", date);
        vals.put(names.paymentReference(), naturalKey);
        return vals;
    }

    private static OdooFieldNames namesFor(CamelContext camel) {
        OdooVersion v = OdooTestSupport.component(camel).getClient().serverVersion();
        return OdooFieldNames.forVersion(v.major(), v.minor());
    }

    @Test
    void aPaymentPostedOnOdoo19CarriesItsNaturalKeyInMemo() {
        Recording create = Recording.odoo19("019a-payment-create.json");
        Recording post = Recording.odoo19("019b-payment-action-post.json");
        support.odoo.stubFor(Recording.odoo19("001-web-version.json").stub());
        support.odoo.stubFor(create.stub());
        support.odoo.stubFor(post.stub());
        CamelContext camel = support.camel(support.configuration19("auto"));
        ProducerTemplate template = OdooTestSupport.template(camel);

        Map<String, Object> vals = payment(namesFor(camel), 8, "287.5", 6, LocalDate.of(2026, 11, 30), "ACME-19 payment");
        // as recorded, a batch of one: JSON-2 takes vals_list as a list (or a bare dict, recording 025)
        Object ids = template.requestBody("odoo:account.payment?operation=create", List.of(vals));
        Exchange posted = template.request("odoo:account.payment/action_post", e -> e.getMessage().setHeader(OdooConstants.IDS, ids));

        assertThat(vals).containsKey("memo").doesNotContainKey("ref");
        assertThat(ids).isEqualTo(List.of(1));
        assertThat(posted.getException()).isNull();
        support.odoo.verify(1, create.requested());
        support.odoo.verify(1, post.requested());
    }

    @Test
    void aPaymentPostedOnOdoo17CarriesItsNaturalKeyInRef() {
        Recording create = Recording.of("jsonrpc/041-payment-create.json");
        Recording post = Recording.of("jsonrpc/042-payment-post.json");
        support.odoo.stubFor(Recording.of("jsonrpc/001-common-version.json").stub());
        support.odoo.stubFor(Recording.of("jsonrpc/002-authenticate-ok.json").stub());
        support.odoo.stubFor(create.stub());
        support.odoo.stubFor(post.stub());
        CamelContext camel = support.camel("auto");
        ProducerTemplate template = OdooTestSupport.template(camel);

        Map<String, Object> vals = payment(namesFor(camel), 39, "74.71", 6, LocalDate.of(2026, 11, 21), "PAYOUT-77");
        vals.put("currency_id", 1);
        Object id = template.requestBody("odoo:account.payment?operation=create", vals);
        Exchange posted = template.request("odoo:account.payment/action_post", e -> e.getMessage().setHeader(OdooConstants.IDS, List.of(id)));

        assertThat(vals).containsKey("ref").doesNotContainKey("memo");
        assertThat(id).isEqualTo(1);
        assertThat(posted.getException()).isNull();
        support.odoo.verify(1, create.requested());
        support.odoo.verify(1, post.requested());
    }

    @Test
    void odoo17KnowsRefAndSilentlyLeavesMemoOut() {
        // why the name must follow the version: on 17 fields_get answers only the names it has, without an error
        support.odoo.stubFor(Recording.of("jsonrpc/002-authenticate-ok.json").stub());
        support.odoo.stubFor(Recording.of("jsonrpc/097-payment-fields-ref-memo.json").stub());
        OdooClient odoo = OdooTestSupport.component(support.camel("jsonrpc")).getClient();
        Object fields = odoo.executeKw("account.payment", "fields_get", List.of(List.of("ref", "memo")),
                Map.of("attributes", List.of("string", "type", "required", "readonly", "related")));
        assertThat(fields).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsOnlyKeys(OdooFieldNames.forVersion(17).paymentReference())
                .doesNotContainKey(OdooFieldNames.forVersion(19).paymentReference());
    }
}
