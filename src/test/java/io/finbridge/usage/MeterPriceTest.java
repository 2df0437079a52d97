package io.finbridge.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.canonical.Money;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterPriceTest {

    static final List<Tier> TIERS = List.of(new Tier(new BigDecimal("1000"), new BigDecimal("0.10"), BigDecimal.ZERO),
            new Tier(new BigDecimal("10000"), new BigDecimal("0.05"), BigDecimal.ZERO), new Tier(null, new BigDecimal("0.01"), BigDecimal.ZERO));

    static MeterPrice price(boolean graduated, String included, String flatFee) {
        return new MeterPrice("api_calls", "API calls", Aggregate.SUM, graduated, new BigDecimal(included), new BigDecimal(flatFee), TIERS);
    }

    @Test
    void fifteenThousandUnitsAreSixHundredGraduatedAndOneHundredFiftyVolume() {
        assertThat(price(true, "0", "0").rate(new BigDecimal("15000"), "USD")).isEqualTo(Money.of("600.00", "USD"));
        assertThat(price(false, "0", "0").rate(new BigDecimal("15000"), "USD")).isEqualTo(Money.of("150.00", "USD"));
    }

    @Test
    void tierBoundariesAreInclusive() {
        assertThat(price(true, "0", "0").rate(new BigDecimal("1000"), "USD")).isEqualTo(Money.of("100.00", "USD"));
        assertThat(price(false, "0", "0").rate(new BigDecimal("1000"), "USD")).isEqualTo(Money.of("100.00", "USD"));
        assertThat(price(false, "0", "0").rate(new BigDecimal("1001"), "USD")).isEqualTo(Money.of("50.05", "USD"));
        assertThat(price(true, "0", "0").rate(new BigDecimal("1001"), "USD")).isEqualTo(Money.of("100.05", "USD"));
    }

    @Test
    void includedUnitsAreFreeAndTheFlatFeeIsChargedOncePerPeriodWithUsage() {
        assertThat(price(true, "500", "9.00").rate(new BigDecimal("1500"), "USD")).isEqualTo(Money.of("109.00", "USD"));
        assertThat(price(true, "500", "9.00").rate(new BigDecimal("300"), "USD")).isEqualTo(Money.of("9.00", "USD"));
        assertThat(price(true, "500", "9.00").rate(BigDecimal.ZERO, "USD")).isEqualTo(Money.zero("USD"));
    }

    @Test
    void aTiersFlatFeeComesWithReachingIt() {
        MeterPrice p = new MeterPrice("m", "m", Aggregate.SUM, true, BigDecimal.ZERO, BigDecimal.ZERO, List.of(
                new Tier(new BigDecimal("10"), new BigDecimal("1"), new BigDecimal("5")), new Tier(null, new BigDecimal("0.5"), new BigDecimal("20"))));
        assertThat(p.rate(new BigDecimal("10"), "USD")).isEqualTo(Money.of("15.00", "USD"));
        assertThat(p.rate(new BigDecimal("12"), "USD")).isEqualTo(Money.of("36.00", "USD"));
    }

    @Test
    void fractionsOfAMinorUnitAreRoundedHalfUpOnceForTheLine() {
        MeterPrice p = new MeterPrice("m", "m", Aggregate.SUM, true, BigDecimal.ZERO, BigDecimal.ZERO,
                List.of(new Tier(null, new BigDecimal("0.0015"), BigDecimal.ZERO)));
        assertThat(p.rate(new BigDecimal("333"), "USD")).isEqualTo(Money.of("0.50", "USD")); // 0.4995
        assertThat(p.rate(new BigDecimal("333"), "JPY")).isEqualTo(Money.of("0", "JPY"));
        assertThat(p.rate(new BigDecimal("333"), "KWD")).isEqualTo(Money.of("0.500", "KWD"));
    }

    @Test
    void theShippedPlansLoadAndPriceTheIssuesExample() {
        PricingPlans plans = PricingPlans.load(Path.of("mappings"));
        assertThat(plans.priceOf("cus_any", "api_calls").rate(new BigDecimal("15000"), "USD")).isEqualTo(Money.of("600.00", "USD"));
        assertThat(plans.planOf("cus_EuEnterprise01").orElseThrow().currency()).isEqualTo("EUR");
        assertThatThrownBy(() -> plans.priceOf("cus_EuEnterprise01", "seats")).hasMessageContaining("meter 'seats' is not priced in plan 'enterprise-eu'");
    }

    @Test
    void aBrokenPlanIsRefusedNamingFileAndField(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("pricing"));
        Files.writeString(dir.resolve("pricing/a.yaml"), """
                plan: a
                entity: us
                currency: USD
                customers: ["*"]
                meters:
                  calls:
                    tiers: graduated
                    prices:
                      - {upTo: 100, unitPrice: "0.10"}
                      - {upTo: 50, unitPrice: "0.05"}
                      - {unitPrice: "x"}
                """);
        Files.writeString(dir.resolve("pricing/b.yaml"), "plan: b\nentity: us\ncurrency: USX\ncustomers: [\"*\"]\nmeters: {}\n");
        assertThatThrownBy(() -> PricingPlans.load(dir))
                .hasMessageContaining("mappings/pricing/a.yaml: meters.calls.prices[1].upTo: 50 must be above the tier before (100)")
                .hasMessageContaining("mappings/pricing/b.yaml: currency 'USX' is not an ISO 4217 currency");
    }
}
