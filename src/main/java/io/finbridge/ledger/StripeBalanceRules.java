package io.finbridge.ledger;

import io.finbridge.canonical.Dispute;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Payment;
import io.finbridge.mapping.reference.AccountRole;
import io.finbridge.posting.BindingKey;
import io.finbridge.posting.Posting;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Movements of a payment provider's balance outside a payout, each a misc entry in the entity's misc journal that
 * takes the money out of (or puts it back into) the clearing account at the moment it happens, so that clearing holds
 * what the provider owes and the payout's settlement ({@link SettlementRules}) gives it back when it pays out:
 * <ul>
 *   <li>a charge refunded ({@code charge.refunded}): the amount newly refunded by this event, debit refunds (contra
 *       revenue), credit clearing; the settlement later debits clearing with the refund's balance transaction;</li>
 *   <li>a dispute opened: the disputed amount from clearing to the disputes account, and the dispute fee to fee
 *       expense, as Stripe withdrew them (the settlement later gives the dispute's net back to clearing);</li>
 *   <li>a dispute won: what Stripe reinstated back from disputes to clearing (a dispute fee given back credits fee
 *       expense); lost: the disputed amount written off from disputes to the dispute-losses account.</li>
 * </ul>
 * Amounts are the balance's, in the entity's currency and its minor units. Canonical records in, Odoo values out, no I/O.
 */
public final class StripeBalanceRules {

    private StripeBalanceRules() {
    }

    /** A refund of a charge as Stripe lists it ({@code charge.refunds.data[]}). */
    public record ChargeRefund(String id, long amountMinor, String status, long created) {
    }

    /** What one {@code charge.refunded} event newly refunded, and the refund it is (its binding key's id). */
    public record Increment(String refundId, Money amount, String basis) {
    }

    /**
     * The amount this event newly refunded: the charge's {@code amount_refunded} less what was refunded before it,
     * from {@code previous_attributes.amount_refunded} when the event has it, else the newest refund of the charge's
     * refunds list. Empty when nothing new was refunded; a {@link PostingRuleException} when the event says neither.
     */
    public static Optional<Increment> increment(Payment charge, Long previousRefundedMinor, List<ChargeRefund> refunds) {
        String id = charge.origin().sourceId();
        Money refunded = charge.amountRefunded() == null ? Money.zero(charge.amount().currency()) : charge.amountRefunded();
        String currency = refunded.currency();
        List<ChargeRefund> newestFirst = refunds.stream().filter(r -> !"failed".equals(r.status()) && !"canceled".equals(r.status()))
                .sorted(Comparator.comparingLong(ChargeRefund::created).reversed()).toList();
        Money amount;
        String basis;
        if (previousRefundedMinor != null) {
            amount = refunded.minus(Money.ofMinor(previousRefundedMinor, currency));
            basis = "amount_refunded " + refunded + " less " + Money.ofMinor(previousRefundedMinor, currency) + " before this event";
        } else if (!newestFirst.isEmpty()) {
            amount = Money.ofMinor(newestFirst.get(0).amountMinor(), currency);
            basis = "the newest refund of the charge's refunds list, " + newestFirst.get(0).id();
        } else {
            throw new PostingRuleException("charge.refunded for " + id + " (amount_refunded " + refunded + ") carries neither"
                    + " previous_attributes.amount_refunded nor the charge's refunds: what this event newly refunded is unknown;"
                    + " nothing was posted");
        }
        if (amount.isNegative() || amount.isZero()) {
            return Optional.empty();
        }
        String refundId = refundOf(newestFirst, amount).orElse(id + ":refunded:" + refunded.toMinor());
        return Optional.of(new Increment(refundId, amount, basis));
    }

    /** The refund the increment is: the newest refund of that amount, else the newest refunds adding up to it. */
    private static Optional<String> refundOf(List<ChargeRefund> newestFirst, Money amount) {
        long want = amount.toMinor();
        long sum = 0;
        List<String> ids = new ArrayList<>();
        for (ChargeRefund r : newestFirst) {
            sum += r.amountMinor();
            ids.add(r.id());
            if (sum == want) {
                return Optional.of(String.join("+", ids));
            }
            if (sum > want) {
                break;
            }
        }
        return Optional.empty();
    }

    public static BindingKey refundKey(Payment charge, Increment inc) {
        return new BindingKey(charge.origin().sourceSystem(), "refund", inc.refundId(), charge.origin().entity());
    }

    /** The entry of a charge's newly refunded amount: debit refunds, credit clearing. */
    public static Posting refundEntry(Payment charge, Increment inc, SettlementRules.Books books, LocalDate lock) {
        String label = "Refund " + inc.refundId() + " of charge " + charge.origin().sourceId();
        requireCurrency(inc.amount(), books, label);
        LocalDate date = dateOf(charge.origin().occurredAt());
        requireOpen(date, lock, label);
        List<Object> lines = new ArrayList<>();
        line(lines, books, AccountRole.REFUNDS, label, inc.amount());
        line(lines, books, AccountRole.CLEARING, label, inc.amount().negate());
        return entry(refundKey(charge, inc), books, date, lines, inc.amount(), charge, charge.origin().occurredAt());
    }

    public static BindingKey disputeKey(Dispute d) {
        return new BindingKey(d.origin().sourceSystem(), "dispute", d.origin().sourceId(), d.origin().entity());
    }

    public static BindingKey disputeClosedKey(Dispute d) {
        return new BindingKey(d.origin().sourceSystem(), "dispute-closed", d.origin().sourceId(), d.origin().entity());
    }

    /**
     * The entry of a dispute opened: what Stripe withdrew (debit disputes) and the dispute fee (debit fees), out of
     * clearing. Empty when Stripe withdrew nothing (an inquiry, {@code warning_needs_response}, moves no money).
     */
    public static Optional<Posting> disputeOpened(Dispute d, SettlementRules.Books books, LocalDate lock) {
        Money withdrawn = orZero(d.withdrawn(), books.currency());
        Money fee = orZero(d.withdrawalFee(), books.currency());
        if (withdrawn.isZero() && fee.isZero()) {
            return Optional.empty();
        }
        String label = label(d);
        requireCurrency(withdrawn, books, label);
        LocalDate date = dateOf(d.origin().occurredAt());
        requireOpen(date, lock, label);
        List<Object> lines = new ArrayList<>();
        line(lines, books, AccountRole.DISPUTES, label, withdrawn);
        line(lines, books, AccountRole.FEES, label + ": dispute fee", fee);
        line(lines, books, AccountRole.CLEARING, label, withdrawn.plus(fee).negate());
        return Optional.of(entry(disputeKey(d), books, date, lines, positive(withdrawn).plus(positive(fee)), d, d.origin().occurredAt()));
    }

    /**
     * The entry of a dispute closed: won, what Stripe reinstated goes back from disputes to clearing (a fee given back
     * credits fees) and anything not reinstated is written off; lost, the amount withdrawn is written off from disputes
     * to dispute losses. Empty for a closing that moves nothing (an inquiry closed, {@code warning_closed}).
     */
    public static Optional<Posting> disputeClosed(Dispute d, SettlementRules.Books books, LocalDate lock) {
        String currency = books.currency();
        Money withdrawn = orZero(d.withdrawn(), currency);
        Money reinstated = "won".equals(d.status()) ? orZero(d.reinstated(), currency) : Money.zero(currency);
        Money fee = "won".equals(d.status()) ? orZero(d.reinstatementFee(), currency) : Money.zero(currency);
        if (!"won".equals(d.status()) && !"lost".equals(d.status())) {
            return Optional.empty();
        }
        Money lost = withdrawn.minus(reinstated);
        if (withdrawn.isZero() && reinstated.isZero()) {
            return Optional.empty();
        }
        String label = label(d) + ", " + d.status();
        requireCurrency(withdrawn, books, label);
        LocalDate date = dateOf(d.origin().occurredAt());
        requireOpen(date, lock, label);
        List<Object> lines = new ArrayList<>();
        line(lines, books, AccountRole.CLEARING, label, reinstated.minus(fee));
        line(lines, books, AccountRole.FEES, label + ": dispute fee", fee);
        line(lines, books, AccountRole.DISPUTE_LOSSES, label + ": written off", lost);
        line(lines, books, AccountRole.DISPUTES, label, withdrawn.negate());
        Money debits = positive(reinstated.minus(fee)).plus(positive(fee)).plus(positive(lost)).plus(positive(withdrawn.negate()));
        return Optional.of(entry(disputeClosedKey(d), books, date, lines, debits, d, d.origin().occurredAt()));
    }

    private static String label(Dispute d) {
        return "Dispute " + d.origin().sourceId() + " of charge " + d.chargeRef() + (d.reason() == null ? "" : " (" + d.reason() + ")");
    }

    private static Money orZero(Money m, String currency) {
        return m == null ? Money.zero(currency) : m;
    }

    private static Money positive(Money m) {
        return m.isNegative() ? Money.zero(m.currency()) : m;
    }

    private static void requireCurrency(Money m, SettlementRules.Books books, String what) {
        if (!m.currency().equals(books.currency())) {
            throw new PostingRuleException(what + " moved " + m + " of the Stripe balance, but entity " + books.entity() + " books in "
                    + books.currency() + ": map the Stripe account whose balance is in " + m.currency() + " to an entity of that"
                    + " currency (mappings/reference/entities.yaml, stripe-account); nothing was posted");
        }
    }

    private static void requireOpen(LocalDate date, LocalDate lock, String what) {
        if (lock != null && !date.isAfter(lock)) {
            throw new PostingRuleException(what + " is dated " + date + ", in a period locked in Odoo up to " + lock + ": Odoo would"
                    + " move it to its first open date without a word, so it is not sent; unlock the period or decide on the date,"
                    + " then replay");
        }
    }

    /** The day of the event at Stripe (UTC), as the settlement dates the events it has no arrival date for. */
    static LocalDate dateOf(Instant at) {
        return at.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** One line, debit when positive; none for zero. */
    private static void line(List<Object> lines, SettlementRules.Books books, AccountRole role, String label, Money balance) {
        if (balance.isZero()) {
            return;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("account_id", books.account(role));
        v.put("name", label);
        BigDecimal amount = balance.abs().amount();
        v.put("debit", balance.isNegative() ? 0 : amount);
        v.put("credit", balance.isNegative() ? amount : 0);
        lines.add(List.of(0, 0, v));
    }

    private static Posting entry(BindingKey key, SettlementRules.Books books, LocalDate date, List<Object> lines, Money debits, Object record,
                                 Instant occurredAt) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("move_type", "entry");
        values.put("journal_id", books.journalId());
        values.put("date", date.toString());
        values.put("currency_id", books.currencyId());
        values.put("line_ids", lines);
        BigDecimal total = debits.amount();
        return Posting.to("account.move", key)
                .values(values)
                .context(Map.of("allowed_company_ids", List.of(books.companyId())))
                .sourceVersion(occurredAt.toString())
                .from(record)
                .posted()
                .checkedBy(readBack -> SettlementRules.totalProblem(total, readBack))
                .build();
    }
}
