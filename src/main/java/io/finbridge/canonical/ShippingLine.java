package io.finbridge.canonical;

import java.util.List;

/** A shipping charge of an order and the discount on it. */
public record ShippingLine(String title, @Required Money price, Money discount, List<TaxLine> taxes) {

    public ShippingLine {
        taxes = taxes == null ? List.of() : List.copyOf(taxes);
    }

    public Money net() {
        return discount == null ? price : price.minus(discount);
    }
}
