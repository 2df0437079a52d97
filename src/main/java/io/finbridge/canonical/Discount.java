package io.finbridge.canonical;

/** A discount applied to an order (a code, an automatic or a manual discount) and the amount it took off. */
public record Discount(String code, String kind, @Required Money amount) {
}
