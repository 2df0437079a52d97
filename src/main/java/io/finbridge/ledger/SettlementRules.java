package io.finbridge.ledger;

import io.finbridge.canonical.BalanceTransaction;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Payout;
import io.finbridge.canonical.PayoutStatus;
import io.finbridge.canonical.TiesOut;
import io.finbridge.mapping.reference.AccountRole;
import io.finbridge.posting.BindingKey;
import io.finbridge.posting.Posting;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A payment provider's payout as one settlement entry (a misc entry in the entity's misc journal), whose net is the
 * payout to the minor unit, so the bank line of the deposit has exactly one entry to be matched against. Every
 * balance transaction the payout paid out, by its reporting category (the provider's type when it has none):
 * <ul>
 *   <li>charges leave the clearing account (credit clearing, their gross);</li>
 *   <li>refunds come back to it (debit clearing; a failed refund goes out again);</li>
 *   <li>disputes come back to it at their net: the dispute flow ({@code charge.dispute.created}) moved the disputed
 *       amount to the disputes account and booked the dispute fee, both out of clearing;</li>
 *   <li>fees go to fee expense (debit fees): the fee of each transaction and the provider's own fee transactions;</li>
 *   <li>other adjustments go to the adjustments account;</li>
 *   <li>the payout itself goes to the bank journal's outstanding receipts (debit), where the bank line finds it.</li>
 * </ul>
 * One line per group, not per transaction: finance reads the summary A2X made the habit, and the transactions are in
 * the event's trace. Canonical records in, Odoo values out, no I/O.
 */
public final class SettlementRules {

    /** The group a balance transaction is booked in; its line's label. */
    public enum Group {
        CHARGES("Charges"),
        REFUNDS("Refunds"),
        DISPUTES("Disputes"),
        FEES("Fees"),
        ADJUSTMENTS("Adjustments");

        private final String label;

        Group(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Stripe's reporting categories (docs.stripe.com/reports/reporting-categories) that a settlement books. */
    private static final Map<String, Group> BY_CATEGORY = Map.ofEntries(
            Map.entry("charge", Group.CHARGES),
            Map.entry("refund", Group.REFUNDS),
            Map.entry("partial_capture_reversal", Group.REFUNDS),
            Map.entry("refund_failure", Group.REFUNDS),
            Map.entry("dispute", Group.DISPUTES),
            Map.entry("dispute_reversal", Group.DISPUTES),
            Map.entry("fee", Group.FEES),
            Map.entry("other_adjustment", Group.ADJUSTMENTS));

    /** Where one entity books a settlement: Odoo ids, resolved by the caller from the reference data. */
    public record Books(String entity, String currency, int companyId, int journalId, int currencyId, Map<AccountRole, Integer> accounts) {
        public Books {
            accounts = Map.copyOf(accounts);
        }

        int account(AccountRole role) {
            Integer id = accounts.get(role);
            if (id == null) {
                throw new IllegalArgumentException("no " + role.key() + " account for entity " + entity);
            }
            return id;
        }
    }

    /** One line of the entry: the account role, its label, and its balance (a debit is positive). */
    public record Line(AccountRole role, String label, Money balance) {
    }

    private SettlementRules() {
    }

    /** The binding key of a payout's settlement, written into the entry's {@code ref}: {@code stripe:payout:po_123}. */
    public static BindingKey keyOf(Payout payout) {
        return new BindingKey(payout.origin().sourceSystem(), "payout", payout.origin().sourceId(), payout.origin().entity());
    }

    /**
     * The settlement entry of a payout whose transactions are attached ({@link Payout#withTransactions}), posted;
     * a {@link PostingRuleException} with the difference when they do not tie out, nothing built.
     */
    public static Posting entryFor(Payout payout, Books books) {
        String id = payout.origin().sourceId();
        if (!payout.amount().currency().equals(books.currency())) {
            throw new PostingRuleException("payout " + id + " is in " + payout.amount().currency() + " but entity " + books.entity()
                    + " books in " + books.currency() + ": a settlement is booked in its company's currency. Map the Stripe "
                    + "account that pays out in " + payout.amount().currency() + " to an entity of that currency "
                    + "(mappings/reference/entities.yaml, stripe-account)");
        }
        List<Line> lines = lines(payout);
        List<Object> lineIds = new ArrayList<>();
        BigDecimal debits = BigDecimal.ZERO;
        for (Line l : lines) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("account_id", books.account(l.role()));
            v.put("name", l.label());
            BigDecimal amount = l.balance().abs().amount();
            v.put("debit", l.balance().isNegative() ? 0 : amount);
            v.put("credit", l.balance().isNegative() ? amount : 0);
            if (!l.balance().isNegative()) {
                debits = debits.add(amount);
            }
            lineIds.add(List.of(0, 0, v));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("move_type", "entry");
        values.put("journal_id", books.journalId());
        values.put("date", entryDate(payout).toString());
        values.put("currency_id", books.currencyId());
        values.put("line_ids", lineIds);
        BigDecimal total = debits;
        return Posting.to("account.move", keyOf(payout))
                .values(values)
                .context(Map.of("allowed_company_ids", List.of(books.companyId())))
                .sourceVersion(payout.origin().occurredAt().toString())
                .from(payout)
                .posted()
                .checkedBy(readBack -> totalProblem(total, readBack))
                .build();
    }

    /**
     * The entry's lines, balanced: the payout's transactions by group, then the payout to outstanding receipts. A
     * {@link PostingRuleException} names what keeps the payout from being settled as it is.
     */
    public static List<Line> lines(Payout payout) {
        String id = payout.origin().sourceId();
        String currency = payout.amount().currency();
        if (payout.status() == PayoutStatus.FAILED || payout.status() == PayoutStatus.CANCELED) {
            throw new PostingRuleException("payout " + id + " is " + payout.status().name().toLowerCase() + ": no money reached the bank, "
                    + "there is nothing to settle");
        }
        if (payout.transactions().isEmpty()) {
            throw new PostingRuleException("Stripe listed no balance transactions for payout " + id + "; nothing was posted");
        }
        Map<Group, List<BalanceTransaction>> byGroup = new EnumMap<>(Group.class);
        Map<String, List<String>> unknown = new TreeMap<>();
        for (BalanceTransaction t : payout.transactions()) {
            if (!t.net().currency().equals(currency)) {
                throw new PostingRuleException("balance transaction " + t.origin().sourceId() + " of payout " + id + " is in "
                        + t.net().currency() + ", the payout in " + currency + "; nothing was posted");
            }
            if ("payout".equals(t.type())) {
                continue; // the payout's own transaction: it is the outstanding receipts line
            }
            String category = t.reportingCategory() != null ? t.reportingCategory() : t.type();
            Group g = BY_CATEGORY.get(category);
            if (g == null) {
                unknown.computeIfAbsent(category, c -> new ArrayList<>()).add(t.origin().sourceId());
            } else {
                byGroup.computeIfAbsent(g, x -> new ArrayList<>()).add(t);
            }
        }
        if (!unknown.isEmpty()) {
            throw new PostingRuleException("payout " + id + " pays out balance transactions no settlement rule books: " + unknown
                    + " (reporting category: transactions); book the payout by hand, or ask for a rule; nothing was posted");
        }
        List<TiesOut.Imbalance> off = payout.imbalances();
        if (!off.isEmpty()) {
            TiesOut.Imbalance i = off.get(0);
            throw new PostingRuleException("payout " + id + " does not tie out: its " + settledCount(payout)
                    + " balance transactions add up to " + i.expected() + " net, the payout is " + i.actual()
                    + " (a difference of " + i.actual().minus(i.expected()) + "); nothing was posted");
        }
        String source = payout.origin().sourceSystem();
        String of = ", " + Character.toUpperCase(source.charAt(0)) + source.substring(1) + " payout " + id;
        List<Line> lines = new ArrayList<>();
        Money fees = Money.zero(currency);
        int feeCount = 0;
        for (Map.Entry<Group, List<BalanceTransaction>> e : byGroup.entrySet()) {
            List<BalanceTransaction> ts = e.getValue();
            Money gross = Money.sum(ts.stream().map(BalanceTransaction::gross).toList(), currency);
            Money fee = Money.sum(ts.stream().map(BalanceTransaction::fee).toList(), currency);
            String label = e.getKey().label() + " (" + ts.size() + ")" + of;
            switch (e.getKey()) {
                case CHARGES, REFUNDS -> add(lines, AccountRole.CLEARING, label, gross.negate());
                case DISPUTES -> add(lines, AccountRole.CLEARING, label, gross.minus(fee).negate());
                case ADJUSTMENTS -> add(lines, AccountRole.ADJUSTMENTS, label, gross.negate());
                case FEES -> {
                    fees = fees.minus(gross);
                    feeCount += ts.size();
                }
            }
            if (e.getKey() != Group.DISPUTES) {
                fees = fees.plus(fee);
                feeCount += (int) ts.stream().filter(t -> !t.fee().isZero()).count();
            }
        }
        add(lines, AccountRole.FEES, Group.FEES.label() + " (" + feeCount + ")" + of, fees);
        add(lines, AccountRole.OUTSTANDING_RECEIPTS, "Payout" + of + (payout.arrivalDate() == null ? "" : ", arriving " + payout.arrivalDate()),
                payout.amount());
        Money balance = Money.sum(lines.stream().map(Line::balance).toList(), currency);
        if (!balance.isZero()) {
            // cannot happen once the payout ties out; Odoo would refuse it at create (FACTS 057), so never send it
            throw new PostingRuleException("the settlement entry of payout " + id + " is off balance by " + balance + "; nothing was posted");
        }
        return List.copyOf(lines);
    }

    /** The entry's date: the day the bank gets the money, else the day of the event. */
    static LocalDate entryDate(Payout payout) {
        return payout.arrivalDate() != null ? payout.arrivalDate() : payout.origin().occurredAt().atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static void add(List<Line> lines, AccountRole role, String label, Money balance) {
        if (!balance.isZero()) {
            lines.add(new Line(role, label, balance));
        }
    }

    private static long settledCount(Payout payout) {
        return payout.transactions().stream().filter(t -> !"payout".equals(t.type())).count();
    }

    /** Odoo's total of a misc entry is the sum of its debits: anything else means a line was not taken as sent. */
    static String totalProblem(BigDecimal debits, Map<String, Object> readBack) {
        Object total = readBack.get("amount_total");
        if (!(total instanceof Number n)) {
            return null;
        }
        BigDecimal odoo = new BigDecimal(n.toString());
        return odoo.compareTo(debits) == 0 ? null
                : "Odoo's amount_total is " + odoo.toPlainString() + " but the entry's debits add up to " + debits.toPlainString();
    }
}
