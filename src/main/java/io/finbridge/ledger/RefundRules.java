package io.finbridge.ledger;

import io.finbridge.canonical.Money;
import io.finbridge.canonical.Order;
import io.finbridge.canonical.OrderLine;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.Refund;
import io.finbridge.canonical.RefundAdjustment;
import io.finbridge.canonical.RefundLine;
import io.finbridge.canonical.ShippingLine;
import io.finbridge.canonical.TaxLine;
import io.finbridge.posting.BindingKey;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A refund of an order as an Odoo credit note ({@code out_refund}) that reverses the order's invoice
 * ({@code reversed_entry_id}) and whose totals tie out with what the refund gave back, to the minor unit. The credit
 * note is built by the invoice's own rules ({@link InvoiceRules}: {@link LineShape}, {@link OdooLineMath}, the rounding
 * line within the tolerance, held in draft beyond it): the refund is restated as an order of what it gave back:
 * <ul>
 * <li>each refunded line at its discounted net (the refund's subtotal for the quantity refunded: 1 of 3 × 9.99 less
 *     6.50 is 7.82), with the product of its SKU;</li>
 * <li>its taxes: the invoice's taxes of the same rate. A credit note reverses the tax the invoice charged, so a
 *     refund tax the invoice does not carry is a business exception before anything is sent;</li>
 * <li>refunded shipping ({@code shipping_refund} adjustments) as a shipping line, and other order adjustments
 *     ({@code refund_discrepancy}: refunded less or more than the lines) as a line of their own; their tax rate is the
 *     invoice's tax that gives their tax amount (Shopify sends the amount only);</li>
 * <li>the total is the refund's amount: what its successful refund transactions gave back (when they are in the
 *     buyer's currency, not the shop's, what the lines give back in shop money).</li>
 * </ul>
 * Canonical records in, Odoo values out, no I/O.
 */
public final class RefundRules {

    private RefundRules() {
    }

    /** The invoice a refund reverses, as read from Odoo: its id, name, state, partner, and the taxes of its lines. */
    public record ReversedInvoice(int id, String name, String state, int partnerId, List<OdooLineMath.Tax> taxes, Map<Integer, String> taxNames) {
        public ReversedInvoice {
            taxes = List.copyOf(taxes);
            taxNames = Map.copyOf(taxNames);
        }
    }

    /** The binding key of a refund's credit note, in its {@code ref}: {@code shopify:refund:929361463}. */
    public static BindingKey keyOf(Refund refund) {
        return new BindingKey(refund.origin().sourceSystem(), "refund", refund.origin().sourceId(), refund.origin().entity());
    }

    /** The binding key of the invoice of the refund's order: {@code shopify:order:<order id>}. */
    public static BindingKey invoiceKeyOf(Refund refund) {
        if (refund.orderRef() == null || refund.orderRef().isBlank()) {
            throw new PostingRuleException("refund " + refund.origin().sourceId() + " names no order: there is no invoice to credit");
        }
        return new BindingKey(refund.origin().sourceSystem(), "order", refund.orderRef(), refund.origin().entity());
    }

    /**
     * The credit note of {@code refund} against {@code invoice}; {@code refs} are the entity's (sales journal, revenue
     * and rounding accounts, products, lock date); taxes come from the invoice.
     */
    public static InvoiceDraft creditNoteFor(Refund refund, ReversedInvoice invoice, InvoiceRefs refs) {
        String id = refund.origin().sourceId();
        if (!"posted".equals(invoice.state())) {
            throw new PostingRuleException("refund " + id + " credits invoice " + invoice.name() + " (account.move " + invoice.id()
                    + "), which is " + invoice.state() + " in Odoo, not posted: a credit note reverses a posted invoice. Post or"
                    + " decide on the invoice, then replay the refund");
        }
        boolean included = includedIn(invoice, id);
        // the lines are in shop money (the invoice's currency); the transactions in the buyer's currency
        String currency = refund.lines().stream().map(RefundLine::subtotal).filter(m -> m != null).map(Money::currency).findFirst()
                .orElse(refund.adjustments().stream().map(a -> a.amount().currency()).findFirst().orElse(refund.amount().currency()));
        List<OrderLine> lines = new ArrayList<>();
        for (RefundLine l : refund.lines()) {
            lines.add(orderLine(l, currency, included, invoice, id));
        }
        List<ShippingLine> shipping = new ArrayList<>();
        Money tax = Money.sum(refund.lines().stream().map(l -> l.tax() == null ? Money.zero(currency) : l.tax()).toList(), currency);
        for (RefundAdjustment a : refund.adjustments()) {
            Money amount = a.amount().negate();
            Money adjTax = a.tax() == null ? Money.zero(currency) : a.tax().negate();
            tax = tax.plus(adjTax);
            List<TaxLine> taxes = adjustmentTaxes(amount, adjTax, included, invoice, id, a);
            if ("shipping_refund".equals(a.kind())) {
                shipping.add(new ShippingLine("refunded", amount, null, taxes));
            } else {
                String label = "Order adjustment: " + (a.kind() == null ? "adjustment" : a.kind().replace('_', ' '))
                        + (a.reason() == null || a.reason().isBlank() ? "" : " (" + a.reason() + ")");
                lines.add(new OrderLine(null, null, label, BigDecimal.ONE, amount, null, taxes));
            }
        }
        if (lines.isEmpty() && shipping.isEmpty()) {
            throw new PostingRuleException("refund " + id + " of order " + refund.orderRef() + " gives back " + refund.amount()
                    + " but names no line, shipping or adjustment: a credit note needs lines; book it by hand");
        }
        Money subtotal = Money.sum(lines.stream().map(OrderLine::net).toList(), currency);
        Money total = refund.amount();
        List<String> notes = new ArrayList<>();
        if (!total.currency().equals(currency)) {
            // presented in another currency: what the lines give back in shop money is the credit note's total
            Money back = subtotal.plus(Money.sum(shipping.stream().map(ShippingLine::net).toList(), currency));
            total = included ? back : back.plus(tax);
            notes.add("the refund's transactions gave back " + refund.amount() + " (the buyer's currency); the credit note is the"
                    + " refund's lines in shop money, " + total);
        }
        Origin o = refund.origin();
        Order restated = new Order(o, "refund " + id, o.occurredAt(), null, currency, currency, included, null, lines, shipping,
                List.of(), List.of(), subtotal, null, tax, total, null);
        InvoiceDraft draft = InvoiceRules.invoiceFor(restated, invoice.partnerId(), refs);
        notes.addAll(0, draft.notes());
        Map<String, Object> v = new LinkedHashMap<>(draft.values());
        v.put("move_type", "out_refund");
        v.put("reversed_entry_id", invoice.id());
        v.put("payment_reference", invoice.name());
        v.put("invoice_origin", invoice.name());
        if (refund.reason() != null && !refund.reason().isBlank()) {
            v.put("narration", "Refund of " + invoice.name() + ": " + refund.reason());
        }
        String hold = draft.holdReason() == null ? null : draft.holdReason().replace("the order's", "the refund's");
        return new InvoiceDraft(v, draft.untaxed(), draft.tax(), draft.total(), draft.decimals(), notes, draft.unknownSkus(), hold);
    }

    /** The refunded quantity of an order line at its discounted net, with the invoice's taxes of the line's rates. */
    private static OrderLine orderLine(RefundLine l, String currency, boolean included, ReversedInvoice invoice, String id) {
        Money subtotal = l.subtotal() == null ? Money.zero(currency) : l.subtotal();
        Money unit = l.unitPrice() != null ? l.unitPrice() : subtotal.times(BigDecimal.ONE.divide(l.quantity(), 10, RoundingMode.HALF_UP),
                io.finbridge.canonical.Rounding.HALF_UP_PER_LINE);
        Money gross = unit.times(l.quantity(), io.finbridge.canonical.Rounding.HALF_UP_PER_LINE);
        Money discount = gross.minus(subtotal);
        Money lineTax = l.tax() == null ? Money.zero(currency) : l.tax();
        List<TaxLine> taxes = new ArrayList<>();
        List<TaxLine> source = l.taxes().stream().filter(t -> t.rate() != null && t.rate().signum() != 0).toList();
        if (source.isEmpty() && !lineTax.isZero()) {
            throw new PostingRuleException("refund " + id + " gives back " + lineTax + " of tax on " + l.name()
                    + " but names no tax rate for it; nothing was sent");
        }
        List<Money> shares = source.size() <= 1 ? List.of(lineTax)
                : lineTax.allocate(source.stream().map(t -> t.amount().amount().abs().max(new BigDecimal("0.000001"))).toList());
        for (int i = 0; i < source.size(); i++) {
            TaxLine t = source.get(i);
            taxOfInvoice(invoice, t.rate(), t.title(), id, l.name());
            taxes.add(new TaxLine(t.title(), t.rate(), shares.get(i), null, included));
        }
        String name = l.name() == null ? "[" + l.sku() + "]" : l.name();
        return new OrderLine(l.orderLineRef(), l.sku(), name, l.quantity(), unit, discount.isZero() ? null : discount, taxes);
    }

    /** The tax of a shipping refund or adjustment: the invoice's tax whose rate gives its tax amount on its amount. */
    private static List<TaxLine> adjustmentTaxes(Money amount, Money tax, boolean included, ReversedInvoice invoice, String id,
                                                 RefundAdjustment a) {
        if (tax.isZero()) {
            return List.of();
        }
        BigDecimal base = included ? amount.amount().subtract(tax.amount()) : amount.amount();
        for (OdooLineMath.Tax t : invoice.taxes()) {
            if (base.multiply(t.rate()).setScale(tax.minorUnits(), RoundingMode.HALF_UP).compareTo(tax.amount()) == 0) {
                return List.of(new TaxLine(invoice.taxNames().get(t.id()), t.rate(), tax, null, included));
            }
        }
        throw new PostingRuleException("refund " + id + ": the " + a.kind() + " of " + amount + " gives back " + tax + " of tax, which"
                + " none of invoice " + invoice.name() + "'s taxes (" + describe(invoice) + ") gives on it; nothing was sent");
    }

    /** The invoice's tax of {@code rate}; a business exception when the invoice carries none. */
    static OdooLineMath.Tax taxOfInvoice(ReversedInvoice invoice, BigDecimal rate, String title, String id, String line) {
        return invoice.taxes().stream().filter(t -> t.rate().compareTo(rate) == 0).findFirst()
                .orElseThrow(() -> new PostingRuleException("refund " + id + ": the tax " + title + " (" + percent(rate) + ") on "
                        + line + " is none of invoice " + invoice.name() + "'s taxes (" + describe(invoice) + "): a credit note"
                        + " reverses the tax the invoice charged, so it would not tie out; nothing was sent. Check the refund"
                        + " in Shopify, or credit it by hand"));
    }

    private static boolean includedIn(ReversedInvoice invoice, String id) {
        long included = invoice.taxes().stream().filter(OdooLineMath.Tax::included).count();
        if (included > 0 && included < invoice.taxes().size()) {
            throw new PostingRuleException("refund " + id + ": invoice " + invoice.name() + " mixes taxes included in prices and"
                    + " added to them (" + describe(invoice) + "); credit it by hand");
        }
        return included > 0;
    }

    private static String describe(ReversedInvoice invoice) {
        if (invoice.taxes().isEmpty()) {
            return "none";
        }
        return invoice.taxes().stream().map(t -> "'" + invoice.taxNames().getOrDefault(t.id(), "tax " + t.id()) + "' " + percent(t.rate())
                + (t.included() ? " included" : "")).collect(Collectors.joining(", "));
    }

    private static String percent(BigDecimal fraction) {
        return fraction == null ? "no rate" : fraction.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }

    /**
     * The entity's references for a credit note, with taxes taken from the invoice it reverses (the refund's tax
     * lines carry no jurisdiction: the invoice's taxes are the ones to reverse).
     */
    public static InvoiceRefs withInvoiceTaxes(InvoiceRefs entity, ReversedInvoice invoice, String refundId) {
        return new InvoiceRefs() {
            @Override
            public int currencyId(String code) {
                return entity.currencyId(code);
            }

            @Override
            public int salesJournalId() {
                return entity.salesJournalId();
            }

            @Override
            public int revenueAccountId() {
                return entity.revenueAccountId();
            }

            @Override
            public int deferredRevenueAccountId() {
                return entity.deferredRevenueAccountId();
            }

            @Override
            public int roundingAccountId() {
                return entity.roundingAccountId();
            }

            @Override
            public OdooLineMath.Tax tax(TaxLine line, boolean included) {
                return taxOfInvoice(invoice, line.rate(), line.title(), refundId, "the refund");
            }

            @Override
            public Optional<Integer> productId(String sku) {
                return entity.productId(sku);
            }

            @Override
            public LocalDate lockDate() {
                return entity.lockDate();
            }

            @Override
            public ZoneId timezone() {
                return entity.timezone();
            }

            @Override
            public BigDecimal roundingTolerance() {
                return entity.roundingTolerance();
            }
        };
    }
}
