package io.finbridge.ledger;

import io.finbridge.canonical.Money;
import io.finbridge.canonical.Payment;
import io.finbridge.canonical.PaymentStatus;
import io.finbridge.posting.BindingKey;
import io.finbridge.posting.Posting;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A customer payment as an Odoo {@code account.payment} (inbound, customer; a refund's money given back: outbound,
 * customer), in the journal its gateway books to:
 * <ul>
 *   <li>a gift card: the entity's {@code gift-card} journal, whose payment method books on the gift-cards liability
 *       account. Redeeming a gift card pays the invoice out of a liability; a gift card is not revenue, and it is
 *       never booked as money received;</li>
 *   <li>Shopify Payments, Stripe: the {@code clearing} journal, whose method books on the clearing account (the
 *       provider's balance, taken out again by the settlement of the payout);</li>
 *   <li>a manual payment (cash, bank deposit, cash on delivery, money order): the {@code bank} journal, on its
 *       outstanding receipts.</li>
 * </ul>
 * The payment's reference ({@code ref} on Odoo 17, {@code memo} from 18: {@link OdooFieldNames}) carries its natural
 * key, so the binder finds it after a crash. Dated in a locked period it is not sent: Odoo would move its date without
 * a word; when Odoo moved it anyway (a lock set since), the read-back check says so. No I/O.
 */
public final class PaymentRules {

    /** A journal role in {@code mappings/reference/entities.yaml} and the account role it must book on, if checked. */
    public enum Journal {
        GIFT_CARD("gift-card", "gift-cards"),
        CLEARING("clearing", "clearing"),
        BANK("bank", null);

        private final String role;
        private final String accountRole;

        Journal(String role, String accountRole) {
            this.role = role;
            this.accountRole = accountRole;
        }

        public String role() {
            return role;
        }

        /** The account the payment's outstanding account must be (null: the journal's own, not checked). */
        public String accountRole() {
            return accountRole;
        }
    }

    /** Where an entity books a payment: Odoo ids resolved by the caller from the reference data. */
    public record Books(String entity, int companyId, int currencyId, int journalId, Integer expectedAccountId, ZoneId timezone,
                        LocalDate lockDate, OdooFieldNames names) {
    }

    private PaymentRules() {
    }

    /**
     * The journal a gateway's payments book to. Shopify's gateway names ({@code gift_card}, {@code shopify_payments},
     * {@code manual}, {@code cash}, {@code bank_deposit}, {@code Cash on Delivery (COD)}, {@code money_order}) and
     * Stripe ({@code stripe}); any other gateway is a business exception naming it: which account its money lands on
     * is for finance to say, never a guess.
     */
    public static Journal journalFor(String gateway) {
        String g = gateway == null ? "" : gateway.strip().toLowerCase(Locale.ROOT);
        if (g.equals("gift_card")) {
            return Journal.GIFT_CARD;
        }
        if (g.equals("shopify_payments") || g.equals("stripe")) {
            return Journal.CLEARING;
        }
        if (g.equals("manual") || g.equals("cash") || g.equals("bank_deposit") || g.equals("money_order")
                || g.startsWith("cash on delivery") || g.equals("cod")) {
            return Journal.BANK;
        }
        throw new PostingRuleException("no journal for the payment gateway '" + gateway + "': gift_card goes to the gift-card "
                + "journal, shopify_payments and stripe to the clearing journal, manual payments to the bank journal; ask finance "
                + "where this gateway's money lands before replaying");
    }

    /** The binding key of a payment: a Stripe payment by its payment intent (both of its events are one payment). */
    public static BindingKey keyOf(Payment p) {
        String source = p.origin().sourceSystem();
        if (source.equals("stripe") && p.paymentIntentRef() != null && !p.paymentIntentRef().isBlank()) {
            return new BindingKey(source, "payment_intent", p.paymentIntentRef(), p.origin().entity());
        }
        return new BindingKey(source, source.equals("shopify") ? "transaction" : "charge", p.origin().sourceId(), p.origin().entity());
    }

    /** The date a payment is booked on: when it happened, as a date in the entity's time zone. */
    public static LocalDate dateOf(Payment p, ZoneId zone) {
        return p.origin().occurredAt().atZone(zone).toLocalDate();
    }

    /**
     * The payment of {@code invoice} (its Odoo id and name) by {@code payment}, to be posted and then reconciled
     * with the invoice. {@code residual} is what the invoice still has open: a payment of an invoice already paid by
     * something else is refused rather than booked twice.
     */
    public static Posting paymentFor(Payment payment, int partnerId, int invoiceId, String invoiceName, BigDecimal residual,
                                     Books books) {
        return customerPayment("inbound", "pays", "invoice", payment, partnerId, invoiceId, invoiceName, residual, books);
    }

    /**
     * The money a refund gave back ({@code refund}: a successful refund transaction) as an outbound customer payment,
     * to be posted and then reconciled with the refund's credit note (its Odoo id and name), in the journal of the
     * gateway it went back through: a refund to a gift card credits the gift-cards liability again, a card refund
     * leaves the clearing account. {@code residual} is what the credit note still has open: a credit note already paid
     * out by something else is refused rather than paid out twice.
     */
    public static Posting refundPaymentFor(Payment refund, int partnerId, int creditNoteId, String creditNoteName, BigDecimal residual,
                                           Books books) {
        return customerPayment("outbound", "pays out", "credit note", refund, partnerId, creditNoteId, creditNoteName, residual, books);
    }

    private static Posting customerPayment(String direction, String verb, String document, Payment payment, int partnerId, int moveId,
                                           String moveName, BigDecimal residual, Books books) {
        if (payment.status() != PaymentStatus.SUCCEEDED) {
            throw new PostingRuleException("payment " + payment.origin().sourceId() + " is " + payment.status() + ": only a "
                    + "succeeded payment moves money");
        }
        Money amount = payment.amountCaptured() != null && !payment.amountCaptured().isZero() ? payment.amountCaptured() : payment.amount();
        if (amount.isZero() || amount.isNegative()) {
            throw new PostingRuleException("payment " + payment.origin().sourceId() + " is of " + amount + ": nothing to book");
        }
        if (residual != null && residual.signum() == 0) {
            throw new PostingRuleException(document + " " + moveName + " (" + moveId + ") is paid already, but payment "
                    + payment.origin().sourceId() + " of " + amount + " is not in Odoo: it is not booked twice; finance decides "
                    + "whether it is another payment of the same " + document + " or one already booked by hand");
        }
        LocalDate date = dateOf(payment, books.timezone());
        if (books.lockDate() != null && !date.isAfter(books.lockDate())) {
            throw new PostingRuleException("payment " + payment.origin().sourceId() + " is dated " + date + ", in a period locked "
                    + "in Odoo up to " + books.lockDate() + ": Odoo would move it to its first open date without a word, so it is "
                    + "not sent; unlock the period or decide on the date, then replay");
        }
        BindingKey key = keyOf(payment);
        String refField = books.names().paymentReference();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("payment_type", direction);
        values.put("partner_type", "customer");
        values.put("partner_id", partnerId);
        values.put("amount", amount.amount());
        values.put("currency_id", books.currencyId());
        values.put("journal_id", books.journalId());
        values.put("date", date.toString());
        Integer expected = books.expectedAccountId();
        List<String> notes = new ArrayList<>();
        notes.add(verb + " " + moveName + " (" + moveId + "), " + amount + " by " + payment.method());
        return Posting.to("account.payment", key).naturalKeyIn(refField)
                .values(values)
                .context(Map.of("allowed_company_ids", List.of(books.companyId())))
                .sourceVersion(payment.origin().occurredAt().toString())
                .from(payment)
                .noting(notes)
                .posted()
                .checkedBy(readBack -> problem(date, amount, expected, books.names(), readBack))
                .build();
    }

    /** What Odoo made of the payment, against what was sent: its date (a lock), amount, account and state. */
    static String problem(LocalDate date, Money amount, Integer expectedAccount, OdooFieldNames names, Map<String, Object> readBack) {
        List<String> diffs = new ArrayList<>();
        if (readBack.get("date") instanceof String d && !d.startsWith(date.toString())) {
            diffs.add("Odoo dated it " + d + " instead of " + date + " (a period locked in Odoo)");
        }
        if (readBack.get("amount") instanceof Number n && new BigDecimal(n.toString()).compareTo(amount.amount()) != 0) {
            diffs.add("its amount is " + n + ", not " + amount.amount());
        }
        Object account = readBack.get("outstanding_account_id");
        Integer booked = account instanceof List<?> a && !a.isEmpty() && a.get(0) instanceof Number id ? Integer.valueOf(id.intValue())
                : account instanceof Number id ? Integer.valueOf(id.intValue()) : null;
        if (expectedAccount != null && booked != null && booked.intValue() != expectedAccount) {
            diffs.add("its journal books it on account " + (account instanceof List<?> a ? a.get(a.size() - 1) : booked)
                    + ", not on account " + expectedAccount + ": set the account of the journal's payment method in Odoo");
        }
        if (readBack.get("state") instanceof String s && !names.postedPaymentStates().contains(s)) {
            diffs.add("it is " + s + ", not posted");
        }
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }
}
