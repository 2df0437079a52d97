package io.finbridge.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A sales order, placed at {@code orderedAt} (the source's processing time; its invoice date). Amounts are in the entity's accounting ({@code currency}, Shopify's shop money); when the buyer paid
 * in another currency, {@code presentmentCurrency} and {@code presentmentTotal} say what they saw.
 *
 * <p>Ties out: lines' net (gross less discounts) = {@code subtotal}; {@code subtotal} + shipping net + tax (unless
 * taxes are included in prices) = {@code total}; the order's tax lines add up to {@code taxTotal}. When the order was
 * presented in another currency each amount was converted on its own, so the totals may differ by up to one minor
 * unit per converted line: {@link #conversionDifference()} is that difference, booked to the rounding account.
 */
public record Order(
        @Required Origin origin,
        @Required String number,
        Instant orderedAt,
        PartyRef customer,
        @Required String currency,
        String presentmentCurrency,
        @Required Boolean taxesIncluded,
        FinancialStatus financialStatus,
        List<OrderLine> lines,
        List<ShippingLine> shipping,
        List<Discount> discounts,
        List<TaxLine> taxes,
        @Required Money subtotal,
        Money discountTotal,
        Money taxTotal,
        @Required Money total,
        Money presentmentTotal) implements CanonicalRecord, TiesOut {

    public Order {
        lines = lines == null ? List.of() : List.copyOf(lines);
        shipping = shipping == null ? List.of() : List.copyOf(shipping);
        discounts = discounts == null ? List.of() : List.copyOf(discounts);
        taxes = taxes == null ? List.of() : List.copyOf(taxes);
    }

    public boolean isMultiCurrency() {
        return presentmentCurrency != null && !presentmentCurrency.equals(currency);
    }

    public Money shippingTotal() {
        return Money.sum(shipping.stream().map(ShippingLine::net).toList(), currency);
    }

    /** What the total should be from its parts. */
    public Money expectedTotal() {
        Money expected = subtotal.plus(shippingTotal());
        if (!taxesIncluded && taxTotal != null) {
            expected = expected.plus(taxTotal);
        }
        return expected;
    }

    /** Total less what its parts add up to: zero unless conversion from the presentment currency rounded apart. */
    public Money conversionDifference() {
        return total.minus(expectedTotal());
    }

    @Override
    public List<Imbalance> imbalances() {
        List<Imbalance> out = new ArrayList<>();
        BigDecimal tolerance = isMultiCurrency()
                ? BigDecimal.valueOf(lines.size() + shipping.size() + 1L).movePointLeft(total.minorUnits())
                : BigDecimal.ZERO;
        if (!lines.isEmpty()) {
            Money net = Money.sum(lines.stream().map(OrderLine::net).toList(), currency);
            if (net.minus(subtotal).amount().abs().compareTo(tolerance) > 0) {
                out.add(new Imbalance("subtotal", net, subtotal, "lines' quantity x unit price less discounts"));
            }
        }
        if (taxTotal != null && !taxes.isEmpty()) {
            Money sum = Money.sum(taxes.stream().map(TaxLine::amount).toList(), currency);
            if (!sum.equals(taxTotal)) {
                out.add(new Imbalance("taxTotal", sum, taxTotal, "the order's tax lines"));
            }
        }
        if (conversionDifference().amount().abs().compareTo(tolerance) > 0) {
            out.add(new Imbalance("total", expectedTotal(), total,
                    taxesIncluded ? "subtotal + shipping (taxes included)" : "subtotal + shipping + tax"));
        }
        return out;
    }
}
