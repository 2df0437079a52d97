package io.finbridge.canonical;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A settlement from a payment provider to the bank. A payout event carries no transactions; the settlement flow
 * attaches the balance transactions it pays out ({@link #withTransactions}), and they must then tie out: their nets,
 * the payout's own transaction left aside, add up to {@code amount}.
 */
public record Payout(
        @Required Origin origin,
        @Required Money amount,
        @Required PayoutStatus status,
        LocalDate arrivalDate,
        String destinationRef,
        String method,
        String balanceTransactionRef,
        String failureCode,
        List<BalanceTransaction> transactions) implements CanonicalRecord, TiesOut {

    public Payout {
        transactions = transactions == null ? List.of() : List.copyOf(transactions);
    }

    public Payout withTransactions(List<BalanceTransaction> paidOut) {
        return new Payout(origin, amount, status, arrivalDate, destinationRef, method, balanceTransactionRef, failureCode, paidOut);
    }

    /** Gross of the transactions paid out (the payout's own transaction left aside). */
    public Money gross() {
        return Money.sum(settled().stream().map(BalanceTransaction::gross).toList(), amount.currency());
    }

    /** Fees of the transactions paid out. */
    public Money fees() {
        return Money.sum(settled().stream().map(BalanceTransaction::fee).toList(), amount.currency());
    }

    private List<BalanceTransaction> settled() {
        return transactions.stream().filter(t -> !"payout".equals(t.type())).toList();
    }

    @Override
    public List<Imbalance> imbalances() {
        List<Imbalance> out = new ArrayList<>();
        if (!transactions.isEmpty()) {
            Money net = Money.sum(settled().stream().map(BalanceTransaction::net).toList(), amount.currency());
            if (!net.equals(amount)) {
                out.add(new Imbalance("amount", net, amount, "the net of the transactions paid out"));
            }
        }
        return out;
    }
}
