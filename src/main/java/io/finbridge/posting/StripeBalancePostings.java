package io.finbridge.posting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.canonical.Dispute;
import io.finbridge.canonical.Payment;
import io.finbridge.inbound.DependencyPendingException;
import io.finbridge.inbound.FlowTrail;
import io.finbridge.ledger.SettlementRules;
import io.finbridge.ledger.StripeBalanceRules;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.mapping.reference.AccountRole;
import io.finbridge.mapping.reference.Entity;
import io.finbridge.mapping.reference.OdooReferences;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Bound as {@code stripeBalancePostings}: Stripe balance movements outside a payout as misc entries
 * ({@link StripeBalanceRules}): a charge's newly refunded amount, a dispute opened, a dispute closed; in the books of
 * the event's entity (company, misc journal, accounts by role). Each returns the posting, or null with the reason in
 * the trace when there is nothing to post (posted before, nothing moved).
 */
public final class StripeBalancePostings {

    public static final String BEAN_NAME = "stripeBalancePostings";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MappingRegistry mappings;
    private final OdooReferences references;
    private final Binder binder;

    public StripeBalancePostings(MappingRegistry mappings, OdooReferences references, Binder binder) {
        this.mappings = mappings;
        this.references = references;
        this.binder = binder;
    }

    /** The dependency a dispute's opening entry provides to its closing: {@code entry:stripe:dispute:<du_id>}. */
    public static String disputeDependency(BindingKey opened) {
        return "entry:" + opened.naturalKey();
    }

    /**
     * {@code charge.refunded}: the amount newly refunded by this event (not the charge's amount, nor all it refunded so
     * far), as one entry per refund; a refund posted before writes nothing.
     */
    public Posting chargeRefunded(Exchange exchange, String eventJson) throws Exception {
        Payment charge = exchange.getMessage().getBody(Payment.class);
        JsonNode event = JSON.readTree(eventJson);
        JsonNode previous = event.path("data").path("previous_attributes").path("amount_refunded");
        List<StripeBalanceRules.ChargeRefund> refunds = new ArrayList<>();
        for (JsonNode r : event.path("data").path("object").path("refunds").path("data")) {
            refunds.add(new StripeBalanceRules.ChargeRefund(r.path("id").asText(), r.path("amount").asLong(), r.path("status").asText(null),
                    r.path("created").asLong()));
        }
        Optional<StripeBalanceRules.Increment> inc = StripeBalanceRules.increment(charge, previous.isNumber() ? previous.asLong() : null, refunds);
        if (inc.isEmpty()) {
            ignore(exchange, "charge " + charge.origin().sourceId() + " refunded nothing new in this event (amount_refunded "
                    + charge.amountRefunded() + ")");
            return null;
        }
        BindingKey key = StripeBalanceRules.refundKey(charge, inc.get());
        if (postedBefore(exchange, key, "refund " + inc.get().refundId() + " of charge " + charge.origin().sourceId())) {
            return null;
        }
        FlowTrail.note(exchange, "REFUND_INCREMENT", "charge/" + charge.origin().sourceId(), Map.of("refund", inc.get().refundId(),
                "amount", inc.get().amount().toString(), "basis", inc.get().basis()));
        String entity = charge.origin().entity();
        return StripeBalanceRules.refundEntry(charge, inc.get(), books(entity), references.lockDate(entity, "general"));
    }

    /** {@code charge.dispute.created}: what Stripe withdrew, out of clearing. */
    public Posting disputeOpened(Exchange exchange) {
        Dispute d = exchange.getMessage().getBody(Dispute.class);
        BindingKey key = StripeBalanceRules.disputeKey(d);
        exchange.getMessage().setHeader("FinbridgeProvides", disputeDependency(key));
        if (postedBefore(exchange, key, "dispute " + d.origin().sourceId())) {
            return null;
        }
        String entity = d.origin().entity();
        return StripeBalanceRules.disputeOpened(d, books(entity), references.lockDate(entity, "general")).orElseGet(() -> {
            ignore(exchange, "dispute " + d.origin().sourceId() + " (" + d.status() + ") withdrew nothing from the Stripe balance"
                    + " (an inquiry moves no money): nothing to post");
            return null;
        });
    }

    /**
     * {@code charge.dispute.closed}: won, back to clearing; lost, written off. Its opening entry comes first: a closing
     * that arrives before it waits for it.
     */
    public Posting disputeClosed(Exchange exchange) {
        Dispute d = exchange.getMessage().getBody(Dispute.class);
        BindingKey key = StripeBalanceRules.disputeClosedKey(d);
        if (postedBefore(exchange, key, "the closing of dispute " + d.origin().sourceId())) {
            return null;
        }
        String entity = d.origin().entity();
        Optional<Posting> entry = StripeBalanceRules.disputeClosed(d, books(entity), references.lockDate(entity, "general"));
        if (entry.isEmpty()) {
            ignore(exchange, "dispute " + d.origin().sourceId() + " closed as " + d.status() + " with no money moved: nothing to post");
            return null;
        }
        BindingKey opened = StripeBalanceRules.disputeKey(d);
        if (binder.find(opened).isEmpty()) {
            throw new DependencyPendingException(disputeDependency(opened), "dispute " + d.origin().sourceId() + " closed as "
                    + d.status() + " waits for its opening entry (" + opened.naturalKey() + ", charge.dispute.created), not in Odoo yet");
        }
        return entry.get();
    }

    private boolean postedBefore(Exchange exchange, BindingKey key, String what) {
        Optional<Binding> bound = binder.find(key);
        if (bound.isEmpty() || !"posted".equals(bound.get().odooState())) {
            return false;
        }
        Binding b = bound.get();
        FlowTrail.noWrite(exchange, b.model() + "/" + b.odooId(), Map.of("model", b.model(), "id", b.odooId(),
                "naturalKey", b.naturalKey(), "reason", what + " was posted before as " + b.model() + " " + b.odooId() + "; already in Odoo"));
        return true;
    }

    private static void ignore(Exchange exchange, String why) {
        exchange.getMessage().setHeader("FinbridgeIgnored", why);
    }

    private SettlementRules.Books books(String entity) {
        Entity e = mappings.reference().entity(entity);
        Map<AccountRole, Integer> accounts = new EnumMap<>(AccountRole.class);
        for (AccountRole role : List.of(AccountRole.CLEARING, AccountRole.FEES, AccountRole.REFUNDS, AccountRole.DISPUTES,
                AccountRole.DISPUTE_LOSSES)) {
            accounts.put(role, references.accountId(entity, role.key()));
        }
        return new SettlementRules.Books(entity, e.currency(), references.companyId(entity), references.journalId(entity, "misc"),
                references.currencyId(e.currency()), accounts);
    }
}
