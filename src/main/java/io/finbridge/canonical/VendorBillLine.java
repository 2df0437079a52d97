package io.finbridge.canonical;

import java.math.BigDecimal;
import java.util.List;

/** One line of a vendor bill; {@code expenseCategory} guides the expense account. */
public record VendorBillLine(@Required String description, BigDecimal quantity, Money unitPrice, @Required Money amount,
        String expenseCategory, List<TaxLine> taxes) {

    public VendorBillLine {
        taxes = taxes == null ? List.of() : List.copyOf(taxes);
    }
}
