package io.finbridge.canonical;

/**
 * A customer's dispute (chargeback) of a payment. {@code amount} is the disputed amount in the charge's currency. What
 * it did to the provider's balance is in the balance's currency (the entity's): {@code withdrawn} and
 * {@code withdrawalFee} when it opened (the amount and the dispute fee taken out), {@code reinstated} and
 * {@code reinstatementFee} when it was won (what came back; a fee given back is negative). {@code status} is the
 * provider's ({@code needs_response}, {@code won}, {@code lost}, ...).
 */
public record Dispute(
        @Required Origin origin,
        @Required Money amount,
        @Required String status,
        String reason,
        String chargeRef,
        String paymentIntentRef,
        Money withdrawn,
        Money withdrawalFee,
        Money reinstated,
        Money reinstatementFee) implements CanonicalRecord {
}
