package io.finbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Finbridge's replica of Odoo 17's line arithmetic against what a real Odoo 17 computed (recordings of the fixture
 * database: 110-113 a 19 % price-included tax with discounts in EUR, 183-186 KWD, 179-182 JPY).
 */
class OdooLineMathTest {

    private static final OdooLineMath.Tax VAT19_INCLUDED = new OdooLineMath.Tax(5, new BigDecimal("0.19"), true);
    private static final OdooLineMath.Tax SALES15 = new OdooLineMath.Tax(1, new BigDecimal("0.15"), false);

    @Test
    void aPriceIncludedTaxWithDiscountsGivesOdoosSubtotalsAndTaxPerLine() {
        // 113: 1 x 119.00 less 10 %; 1 x 19.995 (kept as 20.00); 3 x 33.33 less 12.5 %
        OdooLineMath.Amounts a = OdooLineMath.amounts(BigDecimal.ONE, new BigDecimal("119.00"), BigDecimal.TEN, List.of(VAT19_INCLUDED), 2);
        OdooLineMath.Amounts b = OdooLineMath.amounts(BigDecimal.ONE, new BigDecimal("19.995"), null, List.of(VAT19_INCLUDED), 2);
        OdooLineMath.Amounts c = OdooLineMath.amounts(new BigDecimal("3"), new BigDecimal("33.33"), new BigDecimal("12.5"), List.of(VAT19_INCLUDED), 2);

        assertThat(a.subtotal()).isEqualByComparingTo("90.00");
        assertThat(a.total()).isEqualByComparingTo("107.10");
        assertThat(b.subtotal()).isEqualByComparingTo("16.81");
        assertThat(b.total()).isEqualByComparingTo("20.00");
        assertThat(c.subtotal()).isEqualByComparingTo("73.52");
        assertThat(c.total()).isEqualByComparingTo("87.49");
        // 112: amount_untaxed 180.33, amount_tax 34.26, amount_total 214.59
        assertThat(a.subtotal().add(b.subtotal()).add(c.subtotal())).isEqualByComparingTo("180.33");
        assertThat(a.tax().add(b.tax()).add(c.tax())).isEqualByComparingTo("34.26");
    }

    @Test
    void aKwdUnitPriceKeepsTwoDecimalsAndTaxHasThree() {
        // 185, 186: price_unit 12.345 stored as 12.35, quantities 1 and 3 -> 12.35 and 37.05; taxes 1.853 + 5.558 = 7.411
        OdooLineMath.Amounts one = OdooLineMath.amounts(BigDecimal.ONE, new BigDecimal("12.345"), null, List.of(SALES15), 3);
        OdooLineMath.Amounts three = OdooLineMath.amounts(new BigDecimal("3"), new BigDecimal("12.345"), null, List.of(SALES15), 3);

        assertThat(OdooLineMath.storedUnitPrice(new BigDecimal("12.345"))).isEqualByComparingTo("12.35");
        assertThat(one.subtotal()).isEqualByComparingTo("12.350");
        assertThat(three.subtotal()).isEqualByComparingTo("37.050");
        assertThat(one.tax()).isEqualByComparingTo("1.853");
        assertThat(three.tax()).isEqualByComparingTo("5.558");
        assertThat(one.tax().add(three.tax())).isEqualByComparingTo("7.411");
    }

    @Test
    void jpyRoundsTheLineToWholeYenAfterTheTwoDecimalUnitPrice() {
        // 182: price_unit 4980.5 kept, price_subtotal 4981
        assertThat(OdooLineMath.base(BigDecimal.ONE, new BigDecimal("4980.5"), null, 0)).isEqualByComparingTo("4981");
    }

    @Test
    void lineShapesGiveTheSourcesAmountBackExactly() {
        // the discount as Odoo's percentage when exact, else the line restated
        assertThat(LineShape.of(new BigDecimal("22.50"), BigDecimal.ONE, new BigDecimal("24.00"), new BigDecimal("1.50"), 2))
                .isEqualTo(new LineShape(BigDecimal.ONE, new BigDecimal("24.00"), new BigDecimal("6.25"), false));
        LineShape restated = LineShape.of(new BigDecimal("23.47"), new BigDecimal("3"), new BigDecimal("9.99"), new BigDecimal("6.50"), 2);
        assertThat(restated.quantity()).isEqualByComparingTo("1");
        assertThat(restated.priceUnit()).isEqualByComparingTo("23.47");
        LineShape fils = LineShape.of(new BigDecimal("22.221"), new BigDecimal("2"), new BigDecimal("12.345"), new BigDecimal("2.469"), 3);
        assertThat(OdooLineMath.base(fils.quantity(), fils.priceUnit(), fils.discountPercent(), 3)).isEqualByComparingTo("22.221");
        assertThat(fils.priceUnit().scale()).isLessThanOrEqualTo(2);
    }
}
