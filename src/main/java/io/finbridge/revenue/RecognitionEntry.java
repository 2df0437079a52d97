package io.finbridge.revenue;

import io.finbridge.canonical.Money;
import io.finbridge.mapping.reference.AccountRole;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The journal entry that recognizes one period's revenue for one entity and currency: for each source line, debit
 * deferred revenue and credit revenue (the other way round for a line a credit took below zero), each line labelled
 * with the source line's reference, dated the period's last day, in the entity's misc journal. {@code key} is the
 * entry's idempotency key and external id: {@code revenue-recognition:us:USD:2026-01}. Balanced by construction.
 */
public record RecognitionEntry(String key, String entity, String currency, String period, LocalDate date, String ref,
        List<Line> lines) {

    /** One move line: an account role of the entity, a debit or a credit (the other is zero), and what it is for. */
    public record Line(AccountRole account, Money debit, Money credit, String sourceLineRef, String label) {
        public Line {
            Objects.requireNonNull(account, "account");
            if (debit.isNegative() || credit.isNegative() || debit.isZero() == credit.isZero()) {
                throw new IllegalArgumentException("a line is a debit or a credit of a positive amount: " + debit + " / " + credit);
            }
        }
    }

    public RecognitionEntry {
        lines = List.copyOf(lines);
    }

    public static String keyOf(String entity, String currency, String period) {
        return "revenue-recognition:" + entity + ":" + currency + ":" + period;
    }

    /** Revenue recognized net: what the entry credits to revenue less what it debits to it. */
    public Money recognized() {
        Money total = Money.zero(currency);
        for (Line l : lines) {
            if (l.account() == AccountRole.REVENUE) {
                total = total.plus(l.credit()).minus(l.debit());
            }
        }
        return total;
    }

    public Money totalDebit() {
        return Money.sum(lines.stream().map(Line::debit).toList(), currency);
    }

    public Money totalCredit() {
        return Money.sum(lines.stream().map(Line::credit).toList(), currency);
    }

    /** The number of source lines the entry recognizes. */
    public int sourceLines() {
        return (int) lines.stream().map(Line::sourceLineRef).distinct().count();
    }
}
