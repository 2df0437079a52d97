package io.finbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.Payment;
import io.finbridge.canonical.PaymentStatus;
import io.finbridge.posting.Posting;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaymentRulesTest {

    static final PaymentRules.Books US = new PaymentRules.Books("us", 1, 1, 22, 97, ZoneId.of("America/New_York"), null,
            OdooFieldNames.forVersion(17));

    static Payment shopify(String gateway, String amount, String at) {
        return new Payment(new Origin("shopify", "7190000000101", "us", Instant.parse(at), "shopify-transaction", 1),
                Money.of(amount, "USD"), PaymentStatus.SUCCEEDED, null, "5829460189463", null, null, null, gateway, "sale", null, null);
    }

    @Test
    void gatewaysBookToTheirJournals() {
        assertThat(PaymentRules.journalFor("gift_card")).isEqualTo(PaymentRules.Journal.GIFT_CARD);
        assertThat(PaymentRules.journalFor("shopify_payments")).isEqualTo(PaymentRules.Journal.CLEARING);
        assertThat(PaymentRules.journalFor("stripe")).isEqualTo(PaymentRules.Journal.CLEARING);
        assertThat(PaymentRules.journalFor("manual")).isEqualTo(PaymentRules.Journal.BANK);
        assertThat(PaymentRules.journalFor("Cash on Delivery (COD)")).isEqualTo(PaymentRules.Journal.BANK);
        assertThat(PaymentRules.Journal.GIFT_CARD.accountRole()).isEqualTo("gift-cards");
        assertThatThrownBy(() -> PaymentRules.journalFor("paypal")).isInstanceOf(PostingRuleException.class)
                .hasMessageContaining("no journal for the payment gateway 'paypal'");
    }

    @Test
    void aPaymentIsAnInboundCustomerPaymentDatedInTheEntitysZoneWithItsKeyInItsReference() {
        // 02:30 UTC on March 2 is still March 1 in New York
        Posting p = PaymentRules.paymentFor(shopify("gift_card", "25.00", "2024-03-02T02:30:00Z"), 101, 201, "INV/2026/00001",
                new BigDecimal("72.58"), US);

        assertThat(p.model()).isEqualTo("account.payment");
        assertThat(p.values()).containsEntry("payment_type", "inbound").containsEntry("partner_type", "customer")
                .containsEntry("partner_id", 101).containsEntry("journal_id", 22).containsEntry("currency_id", 1)
                .containsEntry("date", "2024-03-01").containsEntry("ref", "shopify:transaction:7190000000101");
        assertThat((BigDecimal) p.values().get("amount")).isEqualByComparingTo("25.00");
        assertThat(p.context()).isEqualTo(Map.of("allowed_company_ids", List.of(1)));
        assertThat(p.post()).isTrue();
    }

    @Test
    void moneyARefundGaveBackIsAnOutboundCustomerPaymentOfItsCreditNote() {
        Posting p = PaymentRules.refundPaymentFor(shopify("gift_card", "3.00", "2024-03-06T16:20:01Z"), 101, 305, "RINV/2026/00001",
                new BigDecimal("8.39"), US);

        assertThat(p.model()).isEqualTo("account.payment");
        assertThat(p.values()).containsEntry("payment_type", "outbound").containsEntry("partner_type", "customer")
                .containsEntry("partner_id", 101).containsEntry("journal_id", 22).containsEntry("date", "2024-03-06")
                .containsEntry("ref", "shopify:transaction:7190000000101");
        assertThat((BigDecimal) p.values().get("amount")).isEqualByComparingTo("3.00");
        assertThat(p.post()).isTrue();
        assertThatThrownBy(() -> PaymentRules.refundPaymentFor(shopify("gift_card", "3.00", "2024-03-06T16:20:01Z"), 101, 305,
                "RINV/2026/00001", BigDecimal.ZERO, US)).isInstanceOf(PostingRuleException.class)
                .hasMessageContaining("credit note RINV/2026/00001 (305) is paid already");
    }

    @Test
    void onOdoo18TheKeyGoesInMemo() {
        PaymentRules.Books books = new PaymentRules.Books("us", 1, 1, 22, 97, ZoneId.of("UTC"), null, OdooFieldNames.forVersion(18));
        Posting p = PaymentRules.paymentFor(shopify("gift_card", "25.00", "2024-03-01T12:00:00Z"), 101, 201, "INV", null, books);
        assertThat(p.naturalKeyField()).isEqualTo("memo");
        assertThat(p.values()).containsEntry("memo", "shopify:transaction:7190000000101").doesNotContainKey("ref");
    }

    @Test
    void aPaymentInALockedPeriodIsNotSent() {
        PaymentRules.Books locked = new PaymentRules.Books("us", 1, 1, 22, 97, ZoneId.of("UTC"), LocalDate.parse("2024-03-31"),
                OdooFieldNames.forVersion(17));
        assertThatThrownBy(() -> PaymentRules.paymentFor(shopify("gift_card", "25.00", "2024-03-01T12:00:00Z"), 101, 201, "INV", null, locked))
                .isInstanceOf(PostingRuleException.class).hasMessageContaining("locked in Odoo up to 2024-03-31");
    }

    @Test
    void anInvoicePaidAlreadyGetsNoSecondPayment() {
        assertThatThrownBy(() -> PaymentRules.paymentFor(shopify("manual", "72.58", "2024-03-01T12:00:00Z"), 101, 201, "INV/2026/00001",
                BigDecimal.ZERO, US)).isInstanceOf(PostingRuleException.class).hasMessageContaining("is paid already");
    }

    @Test
    void theReadBackNamesAMovedDateAWrongAccountAndADraft() {
        Money amount = Money.of("25.00", "USD");
        LocalDate date = LocalDate.parse("2024-03-01");
        assertThat(PaymentRules.problem(date, amount, 97, OdooFieldNames.forVersion(17), Map.of("date", "2024-03-01",
                "amount", 25.0, "state", "posted", "outstanding_account_id", List.of(97, "201100 Gift Cards")))).isNull();
        assertThat(PaymentRules.problem(date, amount, 97, OdooFieldNames.forVersion(17), Map.of("date", "2026-12-01",
                "amount", 25.0, "state", "draft", "outstanding_account_id", List.of(44, "101403 Outstanding Receipts"))))
                .contains("Odoo dated it 2026-12-01 instead of 2024-03-01", "books it on account 101403 Outstanding Receipts, not on account 97",
                        "it is draft, not posted");
    }
}
