package io.finbridge.canonical;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A customer invoice issued by a billing system. Ties out: lines add up to {@code subtotal}; {@code subtotal} less
 * {@code discountTotal} plus the taxes not included in prices = {@code total}.
 */
public record Invoice(
        @Required Origin origin,
        String number,
        @Required String customerRef,
        @Required String currency,
        @Required InvoiceStatus status,
        String billingReason,
        String subscriptionRef,
        Instant issuedAt,
        Instant dueAt,
        ServicePeriod period,
        List<InvoiceLine> lines,
        @Required Money subtotal,
        Money discountTotal,
        Money taxTotal,
        @Required Money total,
        Money amountPaid,
        Money amountDue) implements CanonicalRecord, TiesOut {

    public Invoice {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** Tax that comes on top of prices: the lines' exclusive taxes, or the invoice's tax when lines carry none. */
    public Money exclusiveTax() {
        List<Money> exclusive = lines.stream().flatMap(l -> l.taxes().stream())
                .filter(t -> !Boolean.TRUE.equals(t.included())).map(TaxLine::amount).toList();
        boolean linesCarryTax = lines.stream().anyMatch(l -> !l.taxes().isEmpty());
        if (!linesCarryTax) {
            return taxTotal == null ? Money.zero(currency) : taxTotal;
        }
        return Money.sum(exclusive, currency);
    }

    @Override
    public List<Imbalance> imbalances() {
        List<Imbalance> out = new ArrayList<>();
        if (!lines.isEmpty()) {
            Money sum = Money.sum(lines.stream().map(InvoiceLine::amount).toList(), currency);
            if (!sum.equals(subtotal)) {
                out.add(new Imbalance("subtotal", sum, subtotal, "the lines' amounts"));
            }
        }
        Money expected = subtotal.plus(exclusiveTax());
        if (discountTotal != null) {
            expected = expected.minus(discountTotal);
        }
        if (!expected.equals(total)) {
            out.add(new Imbalance("total", expected, total, "subtotal - discounts + exclusive tax"));
        }
        return out;
    }
}
