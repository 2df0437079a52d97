package io.finbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.canonical.Order;
import io.finbridge.canonical.TaxLine;
import io.finbridge.mapping.MappingRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shopify orders (real-shaped fixtures through the shipped mapping) as the Odoo invoices Finbridge sends, to the
 * value, and the totals those values make in Odoo, which tie out with the order's.
 */
class InvoiceRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static MappingRegistry mappings;

    @BeforeAll
    static void load() {
        mappings = MappingRegistry.load(Path.of("mappings"), "mappings");
    }

    /** The recorded fixture's ids: USD 1, EUR 125, JPY 25, KWD 93; CA 7.25 % = 6, 15 % = 1, 19 % incl. = 5. */
    static InvoiceRefs refs(String zone, LocalDate lock) {
        return new InvoiceRefs() {
            public int currencyId(String code) {
                return Map.of("USD", 1, "EUR", 125, "JPY", 25, "KWD", 93).get(code);
            }

            public int salesJournalId() {
                return 1;
            }

            public int revenueAccountId() {
                return 24;
            }

            public int deferredRevenueAccountId() {
                return 60;
            }

            public int roundingAccountId() {
                return 33;
            }

            public OdooLineMath.Tax tax(TaxLine line, boolean included) {
                return switch (line.title()) {
                    case "CA State Tax" -> new OdooLineMath.Tax(6, new BigDecimal("0.0725"), false);
                    case "MwSt" -> new OdooLineMath.Tax(5, new BigDecimal("0.19"), true);
                    default -> new OdooLineMath.Tax(1, new BigDecimal("0.15"), false);
                };
            }

            public Optional<Integer> productId(String sku) {
                return Optional.ofNullable(Map.of("TEE-ORG-BLK-M", 11, "MUG-ENML-350", 13, "TEE-ORG-WHT-L", 12).get(sku));
            }

            public LocalDate lockDate() {
                return lock;
            }

            public ZoneId timezone() {
                return ZoneId.of(zone);
            }

            public BigDecimal roundingTolerance() {
                return new BigDecimal("0.05");
            }
        };
    }

    static Order order(String fixture) throws Exception {
        Path dir = Path.of("src/test/resources/fixtures/shopify");
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = JSON.readValue(dir.resolve(fixture + ".headers.json").toFile(), Map.class);
        return (Order) mappings.toCanonical("shopify", "order", Files.readString(dir.resolve(fixture + ".json")), headers);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> lines(InvoiceDraft d) {
        return ((List<List<Object>>) d.values().get("invoice_line_ids")).stream().map(c -> (Map<String, Object>) c.get(2)).toList();
    }

    @Test
    void aLineDiscountAnOrderCodeShippingAndExcludedTaxAreTheExactValuesOdooReceivesAndTieOut() throws Exception {
        InvoiceDraft d = InvoiceRules.invoiceFor(order("order-us-line-and-code-discounts"), 514, refs("America/New_York", null));

        assertThat(d.values()).containsEntry("move_type", "out_invoice").containsEntry("partner_id", 514).containsEntry("journal_id", 1)
                .containsEntry("currency_id", 1).containsEntry("invoice_date", "2026-11-20").containsEntry("payment_reference", "#1101")
                .containsEntry("invoice_origin", "#1101");
        List<Map<String, Object>> l = lines(d);
        assertThat(l).hasSize(3);
        // 3 x 9.99 less 6.50 (a manual 5.00 and 1.50 of SPRING): no exact percentage, so one line at its net amount
        assertThat(l.get(0)).containsEntry("product_id", 11).containsEntry("name", "Organic Tee - Black / M (3 × 9.99, less 6.50) · SPRING")
                .containsEntry("tax_ids", List.of(List.of(6, 0, List.of(6))));
        assertThat((BigDecimal) l.get(0).get("quantity")).isEqualByComparingTo("1");
        assertThat((BigDecimal) l.get(0).get("price_unit")).isEqualByComparingTo("23.47");
        // 24.00 less 1.50 is exactly 6.25 %
        assertThat(l.get(1)).containsEntry("product_id", 13).containsEntry("name", "Enamel Mug 350 ml · SPRING");
        assertThat((BigDecimal) l.get(1).get("price_unit")).isEqualByComparingTo("24.00");
        assertThat((BigDecimal) l.get(1).get("discount")).isEqualByComparingTo("6.25");
        assertThat(l.get(2)).containsEntry("name", "Shipping: Express").containsEntry("account_id", 24)
                .containsEntry("tax_ids", List.of(List.of(6, 0, List.of(6))));
        assertThat((BigDecimal) l.get(2).get("price_unit")).isEqualByComparingTo("12.00");
        // the order: subtotal 45.97 + shipping 12.00 = 57.97 untaxed, tax 1.70 + 1.63 + 0.87 = 4.20, total 62.17
        assertThat(d.untaxed()).isEqualByComparingTo("57.97");
        assertThat(d.tax()).isEqualByComparingTo("4.20");
        assertThat(d.total()).isEqualByComparingTo("62.17");
        assertThat(d.held()).isFalse();
        assertThat(d.notes()).isEmpty();
    }

    @Test
    void euVatIncludedInPricesTiesOut() throws Exception {
        InvoiceDraft d = InvoiceRules.invoiceFor(order("order-eu-tax-included"), 516, refs("Europe/Berlin", null));

        List<Map<String, Object>> l = lines(d);
        assertThat((BigDecimal) l.get(0).get("quantity")).isEqualByComparingTo("2");
        assertThat((BigDecimal) l.get(0).get("price_unit")).isEqualByComparingTo("29.75");
        assertThat(l.get(0)).containsEntry("tax_ids", List.of(List.of(6, 0, List.of(5))));
        assertThat((BigDecimal) l.get(1).get("price_unit")).isEqualByComparingTo("4.90");
        // 64.40 incl. 10.28 VAT (9.50 + 0.78, per line as Shopify and Odoo both round)
        assertThat(d.tax()).isEqualByComparingTo("10.28");
        assertThat(d.untaxed()).isEqualByComparingTo("54.12");
        assertThat(d.total()).isEqualByComparingTo("64.40");
        assertThat(d.values()).containsEntry("currency_id", 125).containsEntry("invoice_date", "2024-03-03");
    }

    @Test
    void aJpyOrderTiesOutToTheYen() throws Exception {
        InvoiceDraft d = InvoiceRules.invoiceFor(order("order-jp-jpy"), 514, refs("America/New_York", null));

        List<Map<String, Object>> l = lines(d);
        // 2 x 2490 less 498 is exactly 10 %; taxes at 15 % round to the yen per line: 672 + 243
        assertThat((BigDecimal) l.get(0).get("discount")).isEqualByComparingTo("10");
        assertThat(d.untaxed()).isEqualByComparingTo("6802");
        assertThat(d.tax()).isEqualByComparingTo("915");
        assertThat(d.total()).isEqualByComparingTo("7717");
        assertThat(d.total().scale()).isZero();
        assertThat(d.values()).containsEntry("currency_id", 25);
    }

    @Test
    void aKwdOrderTiesOutToTheFilsThoughOdooKeepsUnitPricesToTwoDecimals() throws Exception {
        InvoiceDraft d = InvoiceRules.invoiceFor(order("order-kw-kwd"), 514, refs("Asia/Kuwait", null));

        List<Map<String, Object>> l = lines(d);
        // 22.221 cannot be a 2-decimal unit price: 0.1 x 222.21; 5.005: 0.1 x 50.05
        assertThat((BigDecimal) l.get(0).get("quantity")).isEqualByComparingTo("0.1");
        assertThat((BigDecimal) l.get(0).get("price_unit")).isEqualByComparingTo("222.21");
        assertThat((String) l.get(0).get("name")).contains("2 × 12.345, less 2.469");
        assertThat((BigDecimal) l.get(1).get("price_unit")).isEqualByComparingTo("50.05");
        assertThat(d.untaxed()).isEqualByComparingTo("28.726");
        assertThat(d.tax()).isEqualByComparingTo("4.084");
        assertThat(d.total()).isEqualByComparingTo("32.810");
    }

    @Test
    void anOrderConvertedFromThePresentmentCurrencyGetsARoundingLineWithinTheTolerance() throws Exception {
        // 3000 JPY: the lines and shipping converted one by one (6.67 + 6.67 + 6.65 = 19.99 USD), the total on its own
        // (20.00 USD), as Shopify converts them
        InvoiceDraft d = InvoiceRules.invoiceFor(order("order-us-presented-in-jpy"), 514, refs("America/New_York", null));

        Map<String, Object> rounding = lines(d).get(lines(d).size() - 1);
        assertThat(rounding).containsEntry("account_id", 33).containsEntry("name", "Rounding difference (converted from JPY line by line)");
        assertThat((BigDecimal) rounding.get("price_unit")).isEqualByComparingTo("0.01");
        assertThat(d.total()).isEqualByComparingTo("20.00");
        assertThat(d.untaxed()).isEqualByComparingTo("20.00");
        assertThat(d.notes()).anyMatch(n -> n.startsWith("rounding line of 0.01 USD"));
        assertThat(d.values()).containsEntry("narration", "Presented to the buyer in JPY: total 3000 JPY");
    }

    @Test
    void aDifferenceBeyondTheToleranceHoldsTheInvoiceInDraftWithTheDifference() throws Exception {
        Order o = order("order-us-paid");
        Order off = new Order(o.origin(), o.number(), o.orderedAt(), o.customer(), o.currency(), o.presentmentCurrency(), o.taxesIncluded(),
                o.financialStatus(), o.lines(), o.shipping(), o.discounts(), o.taxes(), o.subtotal(), o.discountTotal(), o.taxTotal(),
                o.total().plus(io.finbridge.canonical.Money.of("0.40", "USD")), o.presentmentTotal());

        InvoiceDraft d = InvoiceRules.invoiceFor(off, 514, refs("America/New_York", null));

        assertThat(d.held()).isTrue();
        assertThat(d.holdReason()).contains("a difference of 0.40 in the total", "tolerance of 0.05");
    }

    @Test
    void anOrderDatedInALockedPeriodIsNotSentAtAll() throws Exception {
        assertThatThrownBy(() -> InvoiceRules.invoiceFor(order("order-us-paid"), 514, refs("America/New_York", LocalDate.parse("2024-03-31"))))
                .isInstanceOf(PostingRuleException.class).hasMessageContaining("locked in Odoo up to 2024-03-31");
    }

    @Test
    void aSkuOdooDoesNotKnowIsBookedOnTheRevenueAccountWithTheSkuInItsLabel() throws Exception {
        InvoiceDraft d = InvoiceRules.invoiceFor(order("order-us-unknown-sku"), 514, refs("America/New_York", null));

        assertThat(lines(d).get(0)).doesNotContainKey("product_id").containsEntry("account_id", 24)
                .containsEntry("name", "[HAT-WOOL-GRN] Wool Hat - Green");
        assertThat(d.unknownSkus()).containsExactly("HAT-WOOL-GRN");
    }

    @Test
    void theReadBackCheckNamesEveryTotalOdooComputedOtherwiseAndAMovedDate() throws Exception {
        InvoiceDraft d = InvoiceRules.invoiceFor(order("order-us-paid"), 514, refs("America/New_York", null));

        assertThat(InvoiceRules.problem(d, Map.of("amount_untaxed", 68.15, "amount_tax", 4.43, "amount_total", 72.58,
                "date", "2024-03-01"))).isNull();
        assertThat(InvoiceRules.problem(d, Map.of("amount_untaxed", 68.15, "amount_tax", 4.44, "amount_total", 72.59,
                "date", "2024-04-01"))).contains("amount_tax is 4.44", "amount_total is 72.59", "dated it 2024-04-01 instead of 2024-03-01");
    }
}
