package io.finbridge.revenue;

import io.finbridge.canonical.Money;

/** What one source line recognizes in one period: the input of a recognition entry. */
public record ScheduledAmount(String entity, String sourceLineRef, String invoiceRef, String description, Money amount) {

    public String currency() {
        return amount.currency();
    }
}
