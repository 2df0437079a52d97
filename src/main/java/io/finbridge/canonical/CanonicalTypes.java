package io.finbridge.canonical;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The canonical record types a mapping may produce, by the name a mapping's {@code produces:} uses. */
public final class CanonicalTypes {

    private static final List<Class<? extends CanonicalRecord>> TYPES = List.of(
            Party.class, Product.class, Order.class, Invoice.class, CreditNote.class, Payment.class, Refund.class,
            Payout.class, BalanceTransaction.class, Dispute.class, Subscription.class, SubscriptionChange.class, UsageBatch.class,
            RevenueSchedule.class, BankLine.class, VendorBill.class, Deal.class);

    private static final Map<String, Class<? extends CanonicalRecord>> BY_NAME = new TreeMap<>();

    static {
        for (Class<? extends CanonicalRecord> t : TYPES) {
            BY_NAME.put(t.getSimpleName(), t);
        }
    }

    private CanonicalTypes() {
    }

    public static Optional<Class<? extends CanonicalRecord>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
