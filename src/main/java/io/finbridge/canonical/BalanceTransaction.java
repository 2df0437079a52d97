package io.finbridge.canonical;

import java.time.Instant;
import java.util.List;

/**
 * One movement of a payment provider's balance (a charge, a refund, a fee, the payout itself): {@code gross} less
 * {@code fee} is {@code net}. {@code type} is the provider's own ({@code charge}, {@code refund}, {@code payout},
 * {@code stripe_fee}, ...), {@code sourceRef} the object that caused it.
 */
public record BalanceTransaction(
        @Required Origin origin,
        @Required String type,
        @Required Money gross,
        @Required Money fee,
        @Required Money net,
        String sourceRef,
        String reportingCategory,
        Instant availableOn,
        String description) implements CanonicalRecord, TiesOut {

    @Override
    public List<Imbalance> imbalances() {
        Money expected = gross.minus(fee);
        return expected.equals(net) ? List.of() : List.of(new Imbalance("net", expected, net, "gross - fee"));
    }
}
