package io.finbridge.revenue;

import io.finbridge.canonical.Invoice;
import io.finbridge.canonical.InvoiceLine;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An invoice line billed for a service period, as a revenue schedule sees it: the amount, the service days
 * {@code [serviceStart, serviceEnd)} and where it comes from. {@code recognizeFrom} is set when the line arrived after
 * some of its periods were already recognized: what falls before it is recognized in its period instead (catch-up).
 */
public record DeferredLine(
        Origin origin,
        String sourceLineRef,
        String invoiceNumber,
        String customerRef,
        String subscriptionRef,
        String subscriptionItemRef,
        String priceRef,
        String description,
        Money amount,
        LocalDate serviceStart,
        LocalDate serviceEnd,
        boolean proration,
        LocalDate recognizeFrom) {

    public DeferredLine {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(serviceStart, "serviceStart");
        Objects.requireNonNull(serviceEnd, "serviceEnd");
        if (sourceLineRef == null || sourceLineRef.isBlank()) {
            throw new IllegalArgumentException("a deferred line needs its source line reference");
        }
        if (serviceEnd.isBefore(serviceStart)) {
            throw new IllegalArgumentException(sourceLineRef + ": service period ends (" + serviceEnd
                    + ") before it starts (" + serviceStart + ")");
        }
    }

    public String entity() {
        return origin.entity();
    }

    public String currency() {
        return amount.currency();
    }

    /** The invoice's id at its source ({@code in_...}). */
    public String invoiceRef() {
        return origin.sourceId();
    }

    public DeferredLine recognizedFrom(LocalDate day) {
        return new DeferredLine(origin, sourceLineRef, invoiceNumber, customerRef, subscriptionRef, subscriptionItemRef,
                priceRef, description, amount, serviceStart, serviceEnd, proration, day);
    }

    /**
     * The lines of {@code invoice} that carry a service period, with their service days in {@code zone}. A line is
     * named {@code <source>:<line id>} ({@code stripe:il_1Oq...}), or by the invoice and its position when the
     * source gives lines no id.
     */
    public static List<DeferredLine> of(Invoice invoice, ZoneId zone) {
        List<DeferredLine> out = new ArrayList<>();
        for (int i = 0; i < invoice.lines().size(); i++) {
            InvoiceLine line = invoice.lines().get(i);
            if (line.period() == null || line.period().start() == null || line.period().end() == null) {
                continue;
            }
            String id = line.sourceLineId() != null && !line.sourceLineId().isBlank() ? line.sourceLineId()
                    : invoice.origin().sourceId() + "#" + (i + 1);
            // revenue is the line without the tax its price includes (119.00 incl. 19 % VAT defers 100.00)
            Money included = Money.sum(line.taxes().stream().filter(t -> Boolean.TRUE.equals(t.included()))
                    .map(io.finbridge.canonical.TaxLine::amount).toList(), line.amount().currency());
            out.add(new DeferredLine(invoice.origin(), invoice.origin().sourceSystem() + ":" + id, invoice.number(),
                    invoice.customerRef(), invoice.subscriptionRef(), line.subscriptionItemRef(), line.priceRef(),
                    line.description(), line.amount().minus(included),
                    LocalDate.ofInstant(line.period().start(), zone), LocalDate.ofInstant(line.period().end(), zone),
                    Boolean.TRUE.equals(line.proration()), null));
        }
        return out;
    }
}
