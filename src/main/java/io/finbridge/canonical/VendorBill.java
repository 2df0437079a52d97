package io.finbridge.canonical;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** A bill from a vendor (an expense tool, a procurement system). Ties out: lines plus tax = {@code total}. */
public record VendorBill(
        @Required Origin origin,
        @Required String vendorRef,
        String number,
        LocalDate issuedOn,
        LocalDate dueOn,
        List<VendorBillLine> lines,
        Money taxTotal,
        @Required Money total) implements CanonicalRecord, TiesOut {

    public VendorBill {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    @Override
    public List<Imbalance> imbalances() {
        if (lines.isEmpty()) {
            return List.of();
        }
        Money expected = Money.sum(lines.stream().map(VendorBillLine::amount).toList(), total.currency());
        if (taxTotal != null) {
            expected = expected.plus(taxTotal);
        }
        return expected.equals(total) ? List.of() : List.of(new Imbalance("total", expected, total, "lines + tax"));
    }
}
