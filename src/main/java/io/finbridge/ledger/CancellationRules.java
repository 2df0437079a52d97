package io.finbridge.ledger;

import io.finbridge.canonical.Order;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a cancelled order does to its invoice, by the invoice's state in Odoo (FACTS "Cancellation" 163-168):
 * <ul>
 *   <li>a draft is cancelled ({@code button_cancel}): nothing was booked;</li>
 *   <li>a posted, unpaid invoice is reversed by a credit note ({@code out_refund} with {@code reversed_entry_id}) with
 *       the invoice's own lines, dated the cancellation, reconciled with the invoice (both then show reversed);</li>
 *   <li>a paid (or partly paid) invoice is reversed the same way but never cancelled: Odoo would cancel it and silently
 *       unreconcile its payment (167, 168). The credit note stays open against the customer, for the refund;</li>
 *   <li>cancelled or reversed before: nothing.</li>
 * </ul>
 * No I/O.
 */
public final class CancellationRules {

    /** What to do with the invoice. */
    public enum Action {
        CANCEL_DRAFT, REVERSE, REVERSE_PAID, NOTHING
    }

    private CancellationRules() {
    }

    public static Action actionFor(String state, String paymentState) {
        if ("draft".equals(state)) {
            return Action.CANCEL_DRAFT;
        }
        if (!"posted".equals(state) || "reversed".equals(paymentState)) {
            return Action.NOTHING;
        }
        return "not_paid".equals(paymentState) ? Action.REVERSE : Action.REVERSE_PAID;
    }

    /**
     * The credit note reversing the invoice of {@code order}: the invoice's lines ({@link InvoiceRules}, so its totals
     * are the invoice's to the minor unit), dated the cancellation. A cancellation dated in a locked period is refused
     * before anything is sent, as an invoice is.
     */
    public static InvoiceDraft creditNoteFor(Order order, Instant cancelledAt, int partnerId, int invoiceId, String invoiceName,
                                             InvoiceRefs refs) {
        Order asCancelled = new Order(order.origin(), order.number(), cancelledAt == null ? order.origin().occurredAt() : cancelledAt,
                order.customer(), order.currency(), order.presentmentCurrency(), order.taxesIncluded(), order.financialStatus(),
                order.lines(), order.shipping(), order.discounts(), order.taxes(), order.subtotal(), order.discountTotal(),
                order.taxTotal(), order.total(), order.presentmentTotal());
        InvoiceDraft invoice = InvoiceRules.invoiceFor(asCancelled, partnerId, refs);
        Map<String, Object> values = new LinkedHashMap<>(invoice.values());
        values.put("move_type", "out_refund");
        values.put("reversed_entry_id", invoiceId);
        values.put("payment_reference", "Cancellation of " + order.number() + " (" + invoiceName + ")");
        values.put("invoice_origin", order.number());
        return new InvoiceDraft(values, invoice.untaxed(), invoice.tax(), invoice.total(), invoice.decimals(), invoice.notes(),
                invoice.unknownSkus(), invoice.holdReason());
    }
}
