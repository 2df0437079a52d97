package io.finbridge.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @ParameterizedTest(name = "{0} has {1} decimals")
    @CsvSource({"JPY,0", "KRW,0", "CLP,0", "VND,0", "ISK,0", "BHD,3", "JOD,3", "KWD,3", "OMR,3", "TND,3",
            "USD,2", "EUR,2", "GBP,2", "CHF,2", "IDR,2"})
    void minorUnitsFollowIso4217(String currency, int decimals) {
        assertThat(Currencies.minorUnits(currency)).isEqualTo(decimals);
    }

    @Test
    void codesThatAreNotCurrenciesAreRefused() {
        assertThatThrownBy(() -> Currencies.minorUnits("usd")).hasMessageContaining("not an ISO 4217");
        assertThatThrownBy(() -> Currencies.minorUnits("XYZ")).hasMessageContaining("not an ISO 4217");
        assertThatThrownBy(() -> Currencies.minorUnits("XAU")).hasMessageContaining("no minor units");
    }

    @Test
    void amountsTakeTheCurrencysScale() {
        assertThat(Money.of("12.5", "USD").amount()).isEqualByComparingTo("12.50").hasToString("12.50");
        assertThat(Money.of("1500.00", "JPY").amount()).hasToString("1500");
        assertThat(Money.of("6.307", "KWD").amount()).hasToString("6.307");
    }

    @Test
    void sourceAmountsFinerThanTheCurrencyAreRefusedNotRounded() {
        assertThatThrownBy(() -> Money.of("12.345", "USD")).hasMessageContaining("more decimals than USD allows (2)");
        assertThatThrownBy(() -> Money.of("1500.5", "JPY")).hasMessageContaining("more decimals than JPY allows (0)");
        assertThatThrownBy(() -> Money.of("1.2345", "KWD")).hasMessageContaining("KWD allows (3)");
    }

    @Test
    void minorUnitsBecomeAmountsByCurrency() {
        assertThat(Money.ofMinor(1250, "USD")).isEqualTo(Money.of("12.50", "USD"));
        assertThat(Money.ofMinor(1250, "JPY")).isEqualTo(Money.of("1250", "JPY"));
        assertThat(Money.ofMinor(48347, "KWD")).isEqualTo(Money.of("48.347", "KWD"));
        assertThat(Money.ofMinor(new BigDecimal("-995"), "EUR")).isEqualTo(Money.of("-9.95", "EUR"));
        assertThat(Money.of("48.347", "KWD").toMinor()).isEqualTo(48347);
        assertThatThrownBy(() -> Money.ofMinor(new BigDecimal("12.5"), "USD")).hasMessageContaining("whole number");
    }

    @Test
    void differentCurrenciesDoNotAdd() {
        assertThatThrownBy(() -> Money.of("1", "USD").plus(Money.of("1", "EUR"))).hasMessageContaining("USD with EUR");
    }

    @Test
    void taxPerLineRoundsHalfUpLikeOdoo() {
        // FACTS.md: KWD 42.027 at 15 % is 6.30405 on one line -> split as Odoo does, 37.053 -> 5.558 and 4.994 -> 0.749
        Money line1 = Money.of("37.053", "KWD").times(new BigDecimal("0.15"), Rounding.HALF_UP_PER_LINE);
        Money line2 = Money.of("4.994", "KWD").times(new BigDecimal("0.15"), Rounding.HALF_UP_PER_LINE);
        assertThat(line1).isEqualTo(Money.of("5.558", "KWD"));
        assertThat(line2).isEqualTo(Money.of("0.749", "KWD"));
        assertThat(line1.plus(line2)).isEqualTo(Money.of("6.307", "KWD"));
        assertThat(Money.of("4202", "JPY").times(new BigDecimal("0.15"), Rounding.HALF_UP_PER_LINE)).isEqualTo(Money.of("630", "JPY"));
        assertThat(Money.of("0.05", "USD").times(new BigDecimal("0.5"), Rounding.HALF_UP_PER_LINE)).isEqualTo(Money.of("0.03", "USD"));
    }

    @Test
    void allocationByLargestRemainderTiesOutToTheMinorUnit() {
        List<Money> thirds = Money.of("100.00", "USD").allocate(List.of(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE));
        assertThat(thirds).containsExactly(Money.of("33.34", "USD"), Money.of("33.33", "USD"), Money.of("33.33", "USD"));
        List<Money> yen = Money.of("1000", "JPY").allocate(List.of(new BigDecimal("31"), new BigDecimal("28"), new BigDecimal("31")));
        assertThat(Money.sum(yen, "JPY")).isEqualTo(Money.of("1000", "JPY"));
        assertThat(yen).containsExactly(Money.of("345", "JPY"), Money.of("311", "JPY"), Money.of("344", "JPY"));
        List<Money> refund = Money.of("-10.000", "KWD").allocate(List.of(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE));
        assertThat(refund).containsExactly(Money.of("-3.334", "KWD"), Money.of("-3.333", "KWD"), Money.of("-3.333", "KWD"));
    }

    @Test
    void allocationRefusesWeightsThatCannotSplit() {
        Money m = Money.of("1.00", "USD");
        assertThatThrownBy(() -> m.allocate(List.of())).hasMessageContaining("nothing to allocate");
        assertThatThrownBy(() -> m.allocate(List.of(BigDecimal.ZERO))).hasMessageContaining("all zero");
        assertThatThrownBy(() -> m.allocate(List.of(BigDecimal.ONE, BigDecimal.ONE.negate()))).hasMessageContaining("negative");
    }
}
