package io.finbridge.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.Refund;
import io.finbridge.canonical.RefundAdjustment;
import io.finbridge.canonical.RefundLine;
import io.finbridge.canonical.RefundStatus;
import io.finbridge.canonical.TaxLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Credit notes of refunds without Odoo: the refund restated as the order it gives back, through InvoiceRules. */
class RefundRulesTest {

    private static final Instant AT = Instant.parse("2026-11-24T14:30:00Z");
    private static final RefundRules.ReversedInvoice EU_INVOICE = new RefundRules.ReversedInvoice(301, "INV/2026/00007", "posted", 516,
            List.of(new OdooLineMath.Tax(5, new BigDecimal("0.19"), true)), Map.of(5, "19% incl. (FB70)"));

    private static InvoiceRefs refs(LocalDate lock) {
        return new InvoiceRefs() {
            public int currencyId(String code) {
                return 125;
            }

            public int salesJournalId() {
                return 8;
            }

            public int revenueAccountId() {
                return 71;
            }

            public int deferredRevenueAccountId() {
                return 107;
            }

            public int roundingAccountId() {
                return 80;
            }

            public OdooLineMath.Tax tax(TaxLine line, boolean included) {
                throw new AssertionError("a credit note takes the invoice's taxes, not the entity's rules");
            }

            public Optional<Integer> productId(String sku) {
                return Optional.of(12);
            }

            public LocalDate lockDate() {
                return lock;
            }

            public ZoneId timezone() {
                return ZoneId.of("Europe/Berlin");
            }

            public BigDecimal roundingTolerance() {
                return new BigDecimal("0.05");
            }
        };
    }

    private static Refund refund(String amount, List<RefundAdjustment> adjustments) {
        RefundLine tee = new RefundLine("901", "TEE-ORG-WHT-L", BigDecimal.ONE, Money.of("107.10", "EUR"), Money.of("17.10", "EUR"), true,
                "Organic Tee - White / L", Money.of("119.00", "EUR"), List.of(new TaxLine("MwSt", new BigDecimal("0.19"), Money.of("34.20", "EUR"),
                null, null)));
        return new Refund(new Origin("shopify", "929369001", "eu", AT, "shopify-refund", 1), Money.of(amount, "EUR"), RefundStatus.SUCCEEDED,
                null, "5829460200001", "Too small", List.of(tee), null, null, adjustments);
    }

    private static InvoiceDraft draft(Refund r, LocalDate lock) {
        return RefundRules.creditNoteFor(r, EU_INVOICE, RefundRules.withInvoiceTaxes(refs(lock), EU_INVOICE, r.origin().sourceId()));
    }

    @Test
    void aTaxIncludedRefundTiesOutWithTheInvoicesIncludedTax() {
        InvoiceDraft d = draft(refund("107.10", List.of()), null);

        assertThat(d.held()).isFalse();
        assertThat(d.untaxed()).isEqualByComparingTo("90.00");
        assertThat(d.tax()).isEqualByComparingTo("17.10");
        assertThat(d.total()).isEqualByComparingTo("107.10");
        assertThat(d.values()).containsEntry("move_type", "out_refund").containsEntry("reversed_entry_id", 301).containsEntry("partner_id", 516)
                .containsEntry("journal_id", 8).containsEntry("invoice_date", "2026-11-24").containsEntry("invoice_origin", "INV/2026/00007");
        assertThat(d.values().get("invoice_line_ids").toString()).contains("price_unit=119.00", "discount=10", "tax_ids=[[6, 0, [5]]]");
    }

    @Test
    void aRefundDiscrepancyIsALineOfItsOwnAndTheTotalIsWhatWasGivenBack() {
        // refunded 5.00 less than the line: Shopify's refund_discrepancy of +5.00 (kept by the shop)
        InvoiceDraft d = draft(refund("102.10", List.of(new RefundAdjustment("refund_discrepancy", Money.of("5.00", "EUR"),
                Money.of("0.00", "EUR"), "Restocking fee"))), null);

        assertThat(d.held()).isFalse();
        assertThat(d.total()).isEqualByComparingTo("102.10");
        assertThat(d.values().get("invoice_line_ids").toString()).contains("name=Order adjustment: refund discrepancy (Restocking fee)",
                "price_unit=-5.00", "account_id=71");
    }

    @Test
    void aRefundPaidBackInTheBuyersCurrencyIsCreditedInShopMoney() {
        Refund inYen = new Refund(refund("107.10", List.of()).origin(), Money.of("17500", "JPY"), RefundStatus.SUCCEEDED, null,
                "5829460200001", null, refund("107.10", List.of()).lines(), null, null, List.of());
        InvoiceDraft d = draft(inYen, null);

        assertThat(d.held()).isFalse();
        assertThat(d.total()).isEqualByComparingTo("107.10");
        assertThat(d.values()).containsEntry("currency_id", 125);
        assertThat(d.notes()).anyMatch(n -> n.contains("17500 JPY (the buyer's currency)"));
    }

    @Test
    void aRefundWhoseLinesDoNotComeToWhatWasGivenBackStaysInDraftWithTheDifference() {
        InvoiceDraft d = draft(refund("100.00", List.of()), null);

        assertThat(d.held()).isTrue();
        assertThat(d.holdReason()).contains("the refund's are", "total 100.00");
    }

    @Test
    void aRefundOfAnInvoiceNotPostedOrDatedInALockedPeriodIsRefused() {
        RefundRules.ReversedInvoice draftInvoice = new RefundRules.ReversedInvoice(301, "/", "draft", 516, EU_INVOICE.taxes(), EU_INVOICE.taxNames());
        assertThatThrownBy(() -> RefundRules.creditNoteFor(refund("107.10", List.of()), draftInvoice, refs(null)))
                .isInstanceOf(PostingRuleException.class).hasMessageContaining("which is draft in Odoo, not posted");
        assertThatThrownBy(() -> draft(refund("107.10", List.of()), LocalDate.parse("2026-11-30")))
                .isInstanceOf(PostingRuleException.class).hasMessageContaining("locked in Odoo up to 2026-11-30");
    }
}
