package io.finbridge.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken mapping or reference file is refused when loaded, with its file, line and field. */
class MappingLoadErrorsTest {

    private static final String HEAD = """
            mapping: shop-order
            source: shop
            object: order
            version: 1
            produces: Order
            origin:
              sourceId: $.id
              occurredAt: {path: $.created_at, transform: dateTime}
              entity: {const: us}
            fields:
            """;
    private static final String MINIMAL_FIELDS = """
              number: $.name
              currency: {path: $.currency, transform: currency}
              taxesIncluded: $.taxes_included
              subtotal: {money: {amount: $.subtotal, currency: $.currency}}
              total: {money: {amount: $.total, currency: $.currency}}
            """;

    @TempDir
    Path dir;
    private TempMappings mappings;

    @BeforeEach
    void setUp() {
        mappings = new TempMappings(dir);
        // a source of its own, which ownership.yaml must then know
        mappings.write("reference/ownership.yaml", new TempMappings(dir.resolve("x")).read("reference/ownership.yaml")
                .replace("commerce: [shopify]", "commerce: [shopify, shop]"));
    }

    private MappingException loadError() {
        try {
            mappings.load();
        } catch (MappingException ex) {
            return ex;
        }
        throw new AssertionError("the mappings loaded");
    }

    @Test
    void aMinimalMappingLoads() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS);
        assertThat(mappings.load().all()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("shop-order");
            assertThat(m.selects()).isEqualTo("every event");
        });
    }

    @Test
    void aYamlSyntaxErrorNamesFileAndLine() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS + "  broken: [unclosed\n");
        MappingException ex = loadError();
        assertThat(ex.file()).isEqualTo("mappings/shop/order.v1.yaml");
        assertThat(ex.line()).isEqualTo(17);
        assertThat(ex).hasMessageStartingWith("mappings/shop/order.v1.yaml:17: YAML syntax error");
    }

    @Test
    void anUnknownFieldNamesItsLineAndTheFieldsThereAre() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS + "  totl: $.total\n");
        MappingException ex = loadError();
        assertThat(ex.line()).isEqualTo(16);
        assertThat(ex.field()).isEqualTo("fields.totl");
        assertThat(ex).hasMessageContaining("mappings/shop/order.v1.yaml:16: fields.totl: unknown field 'totl' for Order")
                .hasMessageContaining("presentmentTotal");
    }

    @Test
    void aRequiredFieldLeftOutIsNamed() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS.replace("  total: {money: {amount: $.total, currency: $.currency}}\n", ""));
        assertThat(loadError()).hasMessageContaining("order.v1.yaml:10: fields: 'total' is required by Order but not mapped");
    }

    @Test
    void aRequiredFieldCannotBeMadeOptional() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS.replace("number: $.name", "number: {path: $.name, required: false}"));
        assertThat(loadError()).hasMessageContaining(":11: fields.number: 'number' is always required by Order");
    }

    @Test
    void nestedFieldsAreCheckedAgainstTheirOwnType() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS + """
                  lines:
                    each: $.line_items[*]
                    fields:
                      name: $.title
                      quantity: $.quantity
                      unitPrice: {money: {amount: $.price, currency: $$.currency}}
                      colour: $.variant_title
                """);
        assertThat(loadError()).hasMessageContaining(":22: fields.lines.fields.colour: unknown field 'colour' for OrderLine");
    }

    @Test
    void anUnknownTransformIsNamed() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS.replace("transform: currency", "transform: currencyy"));
        assertThat(loadError()).hasMessageContaining(":12: fields.currency.transform: unknown transform 'currencyy'");
    }

    @Test
    void moneyMustBeMappedAsMoney() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS.replace("total: {money: {amount: $.total, currency: $.currency}}", "total: $.total"));
        assertThat(loadError()).hasMessageContaining(":15: fields.total: a Money field is mapped with money:");
    }

    @Test
    void anEnumMapMayOnlyNameValuesTheModelHas() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS + """
                  financialStatus:
                    path: $.financial_status
                    map: {paid: PAID, chargeback: CHARGED_BACK}
                """);
        assertThat(loadError()).hasMessageContaining(":18: fields.financialStatus.map: 'CHARGED_BACK' is not a FinancialStatus");
    }

    @Test
    void anInvalidJsonPathIsNamed() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS.replace("number: $.name", "number: $.name[?("));
        assertThat(loadError()).hasMessageContaining(":11: fields.number: invalid JsonPath '$.name[?('");
    }

    @Test
    void aPathForOneValueMustNotFindSeveral() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS.replace("number: $.name", "number: $.line_items[*].name"));
        assertThat(loadError()).hasMessageContaining("can find several values");
    }

    @Test
    void anUnknownReferenceTableIsNamed() {
        mappings.write("shop/order.v1.yaml", HEAD.replace("entity: {const: us}", "entity: {header: X-Shop, lookup: entity-by-shop}") + MINIMAL_FIELDS);
        assertThat(loadError()).hasMessageContaining(":9: origin.entity.lookup: unknown reference table 'entity-by-shop'")
                .hasMessageContaining("entity-by-shopify-shop");
    }

    @Test
    void theFileNameMustMatchObjectAndVersion() {
        mappings.write("shop/order.v2.yaml", HEAD + MINIMAL_FIELDS);
        assertThat(loadError()).hasMessageContaining("order.v2.yaml:4: version: version 1 but the file is named v2");
    }

    @Test
    void versionsSideBySideMustNotOverlap() {
        String select = "select:\n  apiVersion: {header: X-Api}\n  from: \"2024-01\"\n";
        mappings.write("shop/order.v1.yaml", HEAD.replace("produces: Order\n", "produces: Order\n" + select) + MINIMAL_FIELDS);
        mappings.write("shop/order.v2.yaml", HEAD.replace("version: 1", "version: 2")
                .replace("produces: Order\n", "produces: Order\n" + select.replace("2024-01", "2024-07")) + MINIMAL_FIELDS);
        assertThat(loadError()).hasMessageContaining("order.v2.yaml:6: select: range 2024-07.. overlaps 2024-01.. of mappings/shop/order.v1.yaml");
    }

    @Test
    void versionsSideBySideMustEachSaySelectWhichEvents() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS);
        mappings.write("shop/order.v2.yaml", HEAD.replace("version: 1", "version: 2") + MINIMAL_FIELDS);
        assertThat(loadError()).hasMessageContaining("has 2 versions, so each needs select:");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS + "  totl: $.total\n");
        mappings.write("shop/customer.v1.yaml", "mapping: [unclosed\n");
        MappingException ex = loadError();
        assertThat(ex).hasMessageStartingWith("2 problems in the mappings at mappings:")
                .hasMessageContaining("mappings/shop/customer.v1.yaml:2: YAML syntax error")
                .hasMessageContaining("mappings/shop/order.v1.yaml:16: fields.totl");
    }

    @Test
    void aSourceThatBelongsToNoSystemIsRefused() {
        mappings.write("crm9/deal.v1.yaml", HEAD.replace("shop-order", "crm9-deal").replace("source: shop", "source: crm9")
                .replace("object: order", "object: deal").replace("produces: Order", "produces: Deal")
                + "  name: $.name\n  stage: {const: OPEN}\n");
        assertThat(loadError()).hasMessageContaining("ownership.yaml").hasMessageContaining("source 'crm9' (mappings/crm9/) belongs to no system");
    }

    @Test
    void aTypeNoObjectGovernsIsRefused() {
        mappings.write("shop/order.v1.yaml", HEAD + MINIMAL_FIELDS);
        mappings.write("reference/ownership.yaml", mappings.read("reference/ownership.yaml").replace("types: [Order]", "types: []"));
        assertThat(loadError()).hasMessageContaining("ownership.yaml").hasMessageContaining("no object governs Order");
    }

    @Test
    void referenceDataIsCheckedToo() {
        mappings.write("reference/entities.yaml", mappings.read("reference/entities.yaml").replace("currency: EUR", "currency: XYZ"));
        assertThat(loadError()).hasMessageContaining("mappings/reference/entities.yaml:").hasMessageContaining("currency: XYZ is not enabled");
        mappings.write("reference/entities.yaml", mappings.read("reference/entities.yaml").replace("currency: XYZ", "currency: EUR")
                .replace("stripe-account: [acct_1PfbEU8k2LmNc3Rw]", "stripe-account: [acct_1PfbUS4f7bGd2Xq9]"));
        assertThat(loadError()).hasMessageContaining("'acct_1PfbUS4f7bGd2Xq9' already belongs to entity us");
        mappings.write("reference/entities.yaml", mappings.read("reference/entities.yaml")
                .replace("stripe-account: [acct_1PfbUS4f7bGd2Xq9]", "stripe-account: [acct_1PfbEU8k2LmNc3Rw]"));
        mappings.write("reference/accounts.yaml", mappings.read("reference/accounts.yaml").replaceFirst("    rounding: \"643000\"\n", ""));
        assertThat(loadError()).hasMessageContaining("mappings/reference/accounts.yaml:").hasMessageContaining("entity us has no 'rounding' account");
    }

    @Test
    void theShippedMappingsLoad() {
        MappingSet shipped = MappingSet.load(Path.of("mappings"), "mappings");
        assertThat(shipped.all()).extracting(m -> m.source() + "/" + m.object() + " v" + m.version()).contains(
                "shopify/order v1", "shopify/refund v1", "shopify/customer v1", "stripe/charge v1", "stripe/payment_intent v1",
                "stripe/refund v1", "stripe/invoice v1", "stripe/invoice v2", "stripe/subscription v1", "stripe/subscription v2",
                "stripe/payout v1", "stripe/balance_transaction v1", "stripe/customer v1", "hubspot/company v1", "hubspot/deal v1",
                "salesforce/account v1", "salesforce/opportunity v1");
    }
}
