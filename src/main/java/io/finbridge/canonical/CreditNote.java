package io.finbridge.canonical;

import java.util.ArrayList;
import java.util.List;

/** A credit note against an invoice. Ties out: lines plus exclusive tax = {@code total}. */
public record CreditNote(
        @Required Origin origin,
        String number,
        @Required String invoiceRef,
        String customerRef,
        String reason,
        List<InvoiceLine> lines,
        Money taxTotal,
        @Required Money total) implements CanonicalRecord, TiesOut {

    public CreditNote {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    @Override
    public List<Imbalance> imbalances() {
        List<Imbalance> out = new ArrayList<>();
        if (!lines.isEmpty()) {
            Money expected = Money.sum(lines.stream().map(InvoiceLine::amount).toList(), total.currency());
            Money tax = Money.sum(lines.stream().flatMap(l -> l.taxes().stream())
                    .filter(t -> !Boolean.TRUE.equals(t.included())).map(TaxLine::amount).toList(), total.currency());
            expected = expected.plus(tax);
            if (!expected.equals(total)) {
                out.add(new Imbalance("total", expected, total, "lines + exclusive tax"));
            }
        }
        return out;
    }
}
