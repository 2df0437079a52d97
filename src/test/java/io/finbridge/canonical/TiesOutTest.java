package io.finbridge.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TiesOutTest {

    private static final Origin ORIGIN = new Origin("test", "1", "us", Instant.parse("2026-01-05T10:00:00Z"), "test", 1);

    private static OrderLine line(String unit, int qty, String discount, String currency) {
        return new OrderLine(null, null, "item", BigDecimal.valueOf(qty), Money.of(unit, currency),
                discount == null ? null : Money.of(discount, currency), List.of());
    }

    @Test
    void anOrderWhoseTotalsAddUpTiesOut() {
        Order order = new Order(ORIGIN, "#1001", null, null, "USD", "USD", false, FinancialStatus.PAID,
                List.of(line("19.99", 2, "4.00", "USD"), line("5.00", 1, null, "USD")),
                List.of(new ShippingLine("Standard", Money.of("4.90", "USD"), null, List.of())), List.of(),
                List.of(new TaxLine("State", new BigDecimal("0.0725"), Money.of("2.54", "USD"), "US-CA", false)),
                Money.of("40.98", "USD"), Money.of("4.00", "USD"), Money.of("2.54", "USD"), Money.of("48.42", "USD"), null);
        assertThat(order.imbalances()).isEmpty();
        assertThat(order.conversionDifference().isZero()).isTrue();
    }

    @Test
    void aTotalOneCentOffDoesNotTieOut() {
        Order order = new Order(ORIGIN, "#1001", null, null, "USD", null, false, null, List.of(line("10.00", 1, null, "USD")),
                List.of(), List.of(), List.of(), Money.of("10.00", "USD"), null, Money.of("0.80", "USD"), Money.of("10.81", "USD"), null);
        assertThat(order.imbalances()).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("total");
            assertThat(i.expected()).isEqualTo(Money.of("10.80", "USD"));
        });
    }

    @Test
    void taxIncludedPricesAddNoTaxOnTop() {
        Order order = new Order(ORIGIN, "#2", null, null, "EUR", null, true, null, List.of(line("119.00", 1, null, "EUR")),
                List.of(), List.of(), List.of(new TaxLine("MwSt", new BigDecimal("0.19"), Money.of("19.00", "EUR"), "DE", true)),
                Money.of("119.00", "EUR"), null, Money.of("19.00", "EUR"), Money.of("119.00", "EUR"), null);
        assertThat(order.imbalances()).isEmpty();
    }

    @Test
    void aConvertedOrderMayDifferByAMinorUnitPerLineAndNoMore() {
        Order withinRounding = new Order(ORIGIN, "#3", null, null, "USD", "EUR", false, null,
                List.of(line("10.87", 1, null, "USD"), line("10.87", 1, null, "USD")), List.of(), List.of(), List.of(),
                Money.of("21.75", "USD"), null, null, Money.of("21.75", "USD"), Money.of("20.00", "EUR"));
        assertThat(withinRounding.imbalances()).isEmpty();
        Order beyond = new Order(ORIGIN, "#3", null, null, "USD", "EUR", false, null,
                List.of(line("10.87", 1, null, "USD")), List.of(), List.of(), List.of(),
                Money.of("10.87", "USD"), null, null, Money.of("10.90", "USD"), Money.of("10.00", "EUR"));
        assertThat(beyond.imbalances()).extracting(TiesOut.Imbalance::field).containsExactly("total");
        assertThat(beyond.conversionDifference()).isEqualTo(Money.of("0.03", "USD"));
    }

    @Test
    void aBalanceTransactionsNetIsGrossLessFee() {
        BalanceTransaction ok = new BalanceTransaction(ORIGIN, "charge", Money.of("100.000", "KWD"), Money.of("2.900", "KWD"),
                Money.of("97.100", "KWD"), null, null, null, null);
        BalanceTransaction off = new BalanceTransaction(ORIGIN, "charge", Money.of("100", "JPY"), Money.of("4", "JPY"),
                Money.of("95", "JPY"), null, null, null, null);
        assertThat(ok.imbalances()).isEmpty();
        assertThat(off.imbalances()).singleElement().extracting(TiesOut.Imbalance::field).isEqualTo("net");
    }

    @Test
    void aPayoutTiesOutToTheNetOfWhatItPaysOut() {
        BalanceTransaction charge = new BalanceTransaction(ORIGIN, "charge", Money.of("100.00", "USD"), Money.of("3.20", "USD"),
                Money.of("96.80", "USD"), "ch_1", null, null, null);
        BalanceTransaction refund = new BalanceTransaction(ORIGIN, "refund", Money.of("-10.00", "USD"), Money.of("0.00", "USD"),
                Money.of("-10.00", "USD"), "re_1", null, null, null);
        BalanceTransaction self = new BalanceTransaction(ORIGIN, "payout", Money.of("-86.80", "USD"), Money.of("0.00", "USD"),
                Money.of("-86.80", "USD"), "po_1", null, null, null);
        Payout payout = new Payout(ORIGIN, Money.of("86.80", "USD"), PayoutStatus.PAID, null, null, null, null, null, List.of());
        assertThat(payout.imbalances()).isEmpty();
        Payout settled = payout.withTransactions(List.of(charge, refund, self));
        assertThat(settled.imbalances()).isEmpty();
        assertThat(settled.fees()).isEqualTo(Money.of("3.20", "USD"));
        assertThat(settled.gross()).isEqualTo(Money.of("90.00", "USD"));
        assertThat(payout.withTransactions(List.of(charge)).imbalances()).extracting(TiesOut.Imbalance::field).containsExactly("amount");
    }

    @Test
    void anInvoiceTiesOutWithExclusiveTaxOnTopAndInclusiveTaxInside() {
        InvoiceLine exclusive = new InvoiceLine("il_1", "Pro", null, null, BigDecimal.ONE, null, Money.of("100.00", "EUR"), null, false, null,
                List.of(new TaxLine("txr_1", null, Money.of("19.00", "EUR"), null, false)));
        InvoiceLine inclusive = new InvoiceLine("il_2", "Seat", null, null, BigDecimal.ONE, null, Money.of("11.90", "EUR"), null, false, null,
                List.of(new TaxLine("txr_2", null, Money.of("1.90", "EUR"), null, true)));
        Invoice invoice = new Invoice(ORIGIN, "INV-1", "cus_1", "EUR", InvoiceStatus.PAID, null, null, null, null, null,
                List.of(exclusive, inclusive), Money.of("111.90", "EUR"), null, Money.of("20.90", "EUR"), Money.of("130.90", "EUR"), null, null);
        assertThat(invoice.imbalances()).isEmpty();
    }

    @Test
    void aRevenueScheduleWhoseEntriesDoNotAddUpToItsTotalIsNamed() {
        RevenueEntry jan = new RevenueEntry(LocalDate.parse("2026-01-15"), LocalDate.parse("2026-02-01"), Money.of("17.00", "USD"));
        RevenueEntry feb = new RevenueEntry(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-15"), Money.of("14.00", "USD"));
        assertThat(new RevenueSchedule(ORIGIN, "il_1", Money.of("31.00", "USD"), List.of(jan, feb)).imbalances()).isEmpty();
        assertThat(new RevenueSchedule(ORIGIN, "il_1", Money.of("31.01", "USD"), List.of(jan, feb)).imbalances())
                .singleElement().extracting(TiesOut.Imbalance::describe)
                .isEqualTo("total is 31.01 USD but the schedule's entries gives 31.00 USD");
    }
}
