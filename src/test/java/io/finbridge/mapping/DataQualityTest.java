package io.finbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An event that violates its mapping is a data-quality exception naming the field and the rule, never a half record. */
class DataQualityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static MappingRegistry registry;

    @BeforeAll
    static void load() {
        registry = MappingRegistry.load(Path.of("mappings"), "mappings");
    }

    private static DataQualityException violation(String source, String fixture, Consumer<ObjectNode> edit) throws Exception {
        return violation(source, fixture, edit, Map.of());
    }

    private static DataQualityException violation(String source, String fixture, Consumer<ObjectNode> edit, Map<String, Object> headers)
            throws Exception {
        ObjectNode payload = (ObjectNode) JSON.readTree(Files.readString(GoldenFilesTest.FIXTURES.resolve(source).resolve(fixture + ".json")));
        edit.accept(payload);
        Map<String, Object> h = new HashMap<>(GoldenFilesTest.headers(source, fixture));
        h.putAll(headers);
        String object = fixture.substring(0, fixture.indexOf('-'));
        try {
            registry.toCanonical(source, object, JSON.writeValueAsString(payload), h);
        } catch (DataQualityException ex) {
            return ex;
        }
        throw new AssertionError("the event was mapped");
    }

    private static ObjectNode stripeObject(ObjectNode event) {
        return (ObjectNode) event.path("data").path("object");
    }

    @Test
    void anEventMissingARequiredFieldNamesIt() throws Exception {
        DataQualityException ex = violation("shopify", "order-us-paid", o -> o.remove("total_price_set"));
        assertThat(ex.field()).isEqualTo("total");
        assertThat(ex.rule()).isEqualTo("required");
        assertThat(ex.mapping()).isEqualTo("shopify-order");
        assertThat(ex.version()).isEqualTo(1);
        assertThat(ex).hasMessage("shopify-order v1: total: required but missing ($.total_price_set.shop_money.amount in "
                + "$.total_price_set.shop_money.currency_code is empty) [rule required]");
    }

    @Test
    void aMissingFieldInsideAListIsNamedWithItsIndex() throws Exception {
        DataQualityException ex = violation("shopify", "order-us-paid", o -> ((ObjectNode) o.withArray("line_items").get(1)).remove("price_set"));
        assertThat(ex.field()).isEqualTo("lines[1].unitPrice");
        assertThat(ex.rule()).isEqualTo("required");
    }

    @Test
    void aValueOfTheWrongTypeIsNamed() throws Exception {
        DataQualityException ex = violation("shopify", "order-us-paid", o -> ((ObjectNode) o.withArray("line_items").get(0)).put("quantity", "two"));
        assertThat(ex.field()).isEqualTo("lines[0].quantity");
        assertThat(ex.rule()).isEqualTo("type");
        assertThat(ex).hasMessageContaining("'two' is not a number");
    }

    @Test
    void aStatusTheMappingDoesNotKnowIsRefused() throws Exception {
        DataQualityException ex = violation("shopify", "order-us-paid", o -> o.put("financial_status", "chargeback"));
        assertThat(ex.field()).isEqualTo("financialStatus");
        assertThat(ex.rule()).isEqualTo("enum");
        assertThat(ex).hasMessageContaining("'chargeback' is not one of [pending, authorized");
    }

    @Test
    void aShopNoEntityListsIsRefused() throws Exception {
        DataQualityException ex = violation("shopify", "order-us-paid", o -> { }, Map.of("X-Shopify-Shop-Domain", "someone-else.myshopify.com"));
        assertThat(ex.field()).isEqualTo("origin.entity");
        assertThat(ex.rule()).isEqualTo("lookup");
        assertThat(ex).hasMessageContaining("no entry for 'someone-else.myshopify.com' in entity-by-shopify-shop (mappings/reference/entities.yaml)");
    }

    @Test
    void aCurrencyThatIsNotEnabledIsRefused() throws Exception {
        DataQualityException ex = violation("stripe", "charge-succeeded", e -> stripeObject(e).put("currency", "inr"));
        assertThat(ex.field()).isEqualTo("amount.currency");
        assertThat(ex.rule()).isEqualTo("currency");
        assertThat(ex).hasMessageContaining("INR is not enabled in mappings/reference/currencies.yaml");
    }

    @Test
    void anAmountFinerThanItsCurrencyIsRefusedNotRounded() throws Exception {
        DataQualityException ex = violation("shopify", "order-us-paid", o -> {
            ObjectNode line = (ObjectNode) o.withArray("line_items").get(0);
            ((ObjectNode) line.path("price_set").path("shop_money")).put("amount", "25.005");
        });
        assertThat(ex.field()).isEqualTo("lines[0].unitPrice.amount");
        assertThat(ex.rule()).isEqualTo("scale");
        assertThat(ex).hasMessageContaining("25.005 has more decimals than USD allows (2)");
    }

    @Test
    void aFractionOfAMinorUnitIsRefused() throws Exception {
        DataQualityException ex = violation("stripe", "invoice-paid-basil", e -> {
            ObjectNode line = (ObjectNode) stripeObject(e).path("lines").withArray("data").get(1);
            ((ObjectNode) line.path("pricing")).put("unit_amount_decimal", "595.5");
        });
        assertThat(ex.field()).isEqualTo("lines[1].unitAmount.amount");
        assertThat(ex.rule()).isEqualTo("minor-units");
        assertThat(ex.version()).isEqualTo(2);
    }

    @Test
    void totalsThatDoNotTieOutAreRefused() throws Exception {
        DataQualityException ex = violation("shopify", "order-us-paid", o ->
                ((ObjectNode) o.path("total_price_set").path("shop_money")).put("amount", "72.68"));
        assertThat(ex.field()).isEqualTo("total");
        assertThat(ex.rule()).isEqualTo("ties-out");
        assertThat(ex).hasMessageContaining("total is 72.68 USD but subtotal + shipping + tax gives 72.58 USD");
    }

    @Test
    void amountsThatShouldAddUpInDifferentCurrenciesAreRefused() throws Exception {
        DataQualityException ex = violation("shopify", "order-us-paid", o -> {
            ObjectNode line = (ObjectNode) o.withArray("line_items").get(1);
            ((ObjectNode) line.path("price_set").path("shop_money")).put("currency_code", "EUR");
        });
        assertThat(ex.rule()).isEqualTo("currency");
        assertThat(ex).hasMessageContaining("Cannot combine EUR with USD in one Order");
    }

    @Test
    void anArrayWhereOneValueBelongsIsATypeError() throws Exception {
        DataQualityException ex = violation("shopify", "order-us-paid", o -> o.putArray("name").add("#1001").add("#1001-B"));
        assertThat(ex.field()).isEqualTo("number");
        assertThat(ex.rule()).isEqualTo("type");
        assertThat(ex).hasMessageContaining("found a JSON array");
    }

    @Test
    void anInvoiceWhoseLinesDoNotAddUpIsRefused() throws Exception {
        DataQualityException ex = violation("stripe", "invoice-paid", e -> stripeObject(e).put("subtotal", 7800));
        assertThat(ex.field()).isEqualTo("subtotal");
        assertThat(ex.rule()).isEqualTo("ties-out");
    }

    @Test
    void aNegativeAmountBreaksItsRule() throws Exception {
        DataQualityException ex = violation("stripe", "refund-created", e -> stripeObject(e).put("amount", -1000));
        assertThat(ex.field()).isEqualTo("amount");
        assertThat(ex.rule()).isEqualTo("min");
    }

    @Test
    void aBadEmailIsRefused() throws Exception {
        DataQualityException ex = violation("shopify", "customer-updated", c -> c.put("email", "maria at example.com"));
        assertThat(ex.field()).isEqualTo("emails");
        assertThat(ex.rule()).isEqualTo("email");
    }

    @Test
    void aTimeThatIsNotATimeIsRefused() throws Exception {
        DataQualityException ex = violation("salesforce", "account-updated", a -> a.put("LastModifiedDate", "yesterday"));
        assertThat(ex.field()).isEqualTo("origin.occurredAt");
        assertThat(ex.rule()).isEqualTo("format");
    }

    @Test
    void aPayloadThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> registry.toCanonical("stripe", "charge", "{\"id\": ", Map.of()))
                .isInstanceOfSatisfying(DataQualityException.class, ex -> {
                    assertThat(ex.rule()).isEqualTo("json");
                    assertThat(ex.field()).isEqualTo("$");
                });
        assertThatThrownBy(() -> registry.toCanonical("stripe", "charge", "[1, 2]", Map.of()))
                .isInstanceOfSatisfying(DataQualityException.class, ex -> assertThat(ex.rule()).isEqualTo("json"));
    }

    @Test
    void anObjectWithoutAMappingIsRefused() {
        assertThatThrownBy(() -> registry.toCanonical("stripe", "transfer", "{}", Map.of()))
                .isInstanceOfSatisfying(DataQualityException.class, ex -> {
                    assertThat(ex.rule()).isEqualTo("no-mapping");
                    assertThat(ex.mapping()).isEqualTo("stripe/transfer");
                    assertThat(ex).hasMessageContaining("no mapping for stripe transfer");
                });
    }

    @Test
    void optionalFieldsMayBeAbsent() throws Exception {
        ObjectNode payload = (ObjectNode) JSON.readTree(Files.readString(GoldenFilesTest.FIXTURES.resolve("stripe/charge-succeeded.json")));
        ObjectNode charge = stripeObject(payload);
        for (String f : new String[] {"customer", "invoice", "description", "payment_intent", "balance_transaction", "metadata"}) {
            charge.remove(f);
        }
        io.finbridge.canonical.Payment p = (io.finbridge.canonical.Payment) registry.toCanonical("stripe", "charge",
                JSON.writeValueAsString(payload), Map.of());
        assertThat(p.customerRef()).isNull();
        assertThat(p.invoiceRef()).isNull();
        assertThat(p.amount()).isEqualTo(io.finbridge.canonical.Money.of("84.73", "USD"));
    }
}
