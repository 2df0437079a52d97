package io.finbridge.posting;

import io.finbridge.canonical.Order;
import io.finbridge.inbound.FlowTrail;
import io.finbridge.ledger.CancellationRules;
import io.finbridge.ledger.InvoiceDraft;
import io.finbridge.ledger.InvoiceRules;
import io.finbridge.ledger.PostingRuleException;
import io.finbridge.mapping.reference.OdooReferences;
import io.finbridge.odoo.OdooConstants;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Bound as {@code cancellationPostings}: the steps of {@code routes/flows/shopify-order-cancellations-to-odoo.yaml}
 * that need Finbridge's state. The order's invoice is found in the binder and read (its state and payment state decide,
 * {@link CancellationRules}); a credit note is a posting to account.move with the natural key
 * {@code shopify:cancellation:<order id>}, so a redelivered cancellation reverses nothing twice.
 */
public final class CancellationPostings {

    public static final String BEAN_NAME = "cancellationPostings";
    /** Exchange property: what the cancellation does ({@link CancellationRules.Action}). */
    public static final String ACTION = "FinbridgeCancellation";
    private static final String INVOICE = "FinbridgeCancelledInvoice";
    private static final String CREDIT_NOTE = "FinbridgeCreditNote";

    private final InvoicePostings invoices;
    private final OdooReferences references;
    private final Binder binder;

    public CancellationPostings(InvoicePostings invoices, OdooReferences references, Binder binder) {
        this.invoices = invoices;
        this.references = references;
        this.binder = binder;
    }

    public static BindingKey creditNoteKey(Order order) {
        return new BindingKey(order.origin().sourceSystem(), "cancellation", order.origin().sourceId(), order.origin().entity());
    }

    /** Whether the order has an invoice; when not, the trace says there is nothing to cancel. Else the read of it. */
    public boolean invoiced(Exchange exchange) {
        Order order = order(exchange);
        Optional<Binding> b = invoices.invoiceOf(order);
        if (b.isEmpty()) {
            FlowTrail.noWrite(exchange, "account.move/" + InvoicePostings.invoiceKey(order).naturalKey(), Map.of("reason",
                    "order " + order.number() + " was cancelled before it was invoiced: nothing to cancel"));
            return false;
        }
        exchange.setProperty(INVOICE, b.get().odooId());
        exchange.getMessage().setHeader(OdooConstants.IDS, List.of(b.get().odooId()));
        exchange.getMessage().setHeader(OdooConstants.FIELDS, List.of("name", "state", "payment_state", "amount_total", "partner_id"));
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(order));
        return true;
    }

    /** The invoice as Odoo has it now decides what the cancellation does. */
    public String decide(Exchange exchange) {
        Order order = order(exchange);
        List<Map<String, Object>> read = PaymentPostings.records(exchange.getMessage().getBody());
        int id = exchange.getProperty(INVOICE, Integer.class);
        if (read.isEmpty()) {
            throw new PostingRuleException("invoice " + id + " of cancelled order " + order.number() + " is not in Odoo any more "
                    + "(deleted?); finance decides");
        }
        Map<String, Object> inv = read.get(0);
        exchange.setProperty("FinbridgeCancelledInvoiceName", String.valueOf(inv.get("name")));
        CancellationRules.Action action = CancellationRules.actionFor(String.valueOf(inv.get("state")), String.valueOf(inv.get("payment_state")));
        if (action == CancellationRules.Action.NOTHING) {
            FlowTrail.noWrite(exchange, "account.move/" + id, Map.of("model", "account.move", "id", id, "reason",
                    "invoice " + inv.get("name") + " of order " + order.number() + " is " + inv.get("state") + " ("
                            + inv.get("payment_state") + ") already: nothing to cancel"));
        }
        exchange.setProperty(ACTION, action.name());
        return action.name();
    }

    /** {@code button_cancel} on the draft invoice. */
    public void cancelRequest(Exchange exchange) {
        Order order = order(exchange);
        exchange.getMessage().setHeader(OdooConstants.IDS, List.of(exchange.getProperty(INVOICE, Integer.class)));
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(order));
        exchange.getMessage().setBody(null);
    }

    /** The draft is cancelled: the binding says so, and the trace. */
    public void cancelled(Exchange exchange) {
        Order order = order(exchange);
        invoices.invoiceOf(order).ifPresent(b -> binder.bind(b.withState("cancel")));
        int id = exchange.getProperty(INVOICE, Integer.class);
        FlowTrail.note(exchange, "ODOO_WRITE", "account.move/" + id, Map.of("model", "account.move", "id", id,
                "operation", "button_cancel", "result", "draft invoice of order " + order.number() + " cancelled"));
    }

    /** The search for credit notes already reversing the invoice (a refund booked before the cancellation). */
    public void otherCreditNotesSearch(Exchange exchange) {
        Order order = order(exchange);
        exchange.getMessage().setHeader(OdooConstants.DOMAIN, List.of(List.of("move_type", "=", "out_refund"),
                List.of("reversed_entry_id", "=", exchange.getProperty(INVOICE, Integer.class)), List.of("state", "=", "posted"),
                List.of("ref", "!=", creditNoteKey(order).naturalKey())));
        exchange.getMessage().setHeader(OdooConstants.FIELDS, List.of("name", "ref", "amount_total"));
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(order));
    }

    /**
     * A credit note already reverses the invoice (the refund of the order, booked by the refund flow or by hand):
     * a second, full one would credit the customer twice, so finance decides; nothing is posted.
     */
    public void notCreditedBefore(Exchange exchange) {
        List<Map<String, Object>> found = PaymentPostings.records(exchange.getMessage().getBody());
        if (!found.isEmpty()) {
            Order order = order(exchange);
            throw new PostingRuleException("order " + order.number() + " was cancelled, but its invoice "
                    + exchange.getProperty("FinbridgeCancelledInvoiceName") + " is credited already by "
                    + String.join(", ", found.stream().map(r -> r.get("name") + " (" + r.get("amount_total") + ")").toList())
                    + ": a credit note for the whole invoice would credit the customer twice; finance decides what is left to"
                    + " reverse. Nothing was posted");
        }
    }

    /** The credit note reversing the invoice, with the invoice's lines, dated the cancellation. */
    public Posting creditNote(Exchange exchange, String cancelledAt) {
        Order order = order(exchange);
        Integer partner = exchange.getProperty("FinbridgePartner", Integer.class);
        int invoiceId = exchange.getProperty(INVOICE, Integer.class);
        String name = exchange.getProperty("FinbridgeCancelledInvoiceName", String.class);
        Instant at = cancelledAt == null || cancelledAt.isBlank() ? null : OffsetDateTime.parse(cancelledAt).toInstant();
        InvoiceDraft draft = CancellationRules.creditNoteFor(order, at, partner, invoiceId, name, invoices.refs(order.origin().entity(), "shopify"));
        List<String> notes = new java.util.ArrayList<>(draft.notes());
        notes.add("reverses " + name + " (" + invoiceId + ") of cancelled order " + order.number()
                + (CancellationRules.Action.REVERSE_PAID.name().equals(exchange.getProperty(ACTION))
                ? "; the invoice is paid, so it is reversed, never cancelled: the credit note stays open for the refund" : ""));
        Posting.Builder b = Posting.to("account.move", creditNoteKey(order)).naturalKeyIn("ref")
                .values(draft.values())
                .context(context(order))
                .sourceVersion(order.origin().occurredAt().toString())
                .from(order)
                .noting(notes)
                .posted()
                .checkedBy(readBack -> InvoiceRules.problem(draft, readBack));
        if (draft.held()) {
            b.heldInDraft(new PostingRuleException("credit note for cancelled order " + order.number() + " stays in draft: " + draft.holdReason()));
        }
        return b.build();
    }

    /** After the credit note is posted: its receivable item not yet reconciled (none: reconciled before). */
    public void creditNoteLineSearch(Exchange exchange) {
        Posting cn = exchange.getMessage().getBody(Posting.class);
        exchange.setProperty(CREDIT_NOTE, cn);
        exchange.getMessage().setHeader(OdooConstants.DOMAIN, List.of(List.of("move_id", "=", cn.odooId()),
                List.of("account_id.account_type", "=", "asset_receivable"), List.of("reconciled", "=", false)));
        exchange.getMessage().setHeader(OdooConstants.FIELDS, List.of("id", "amount_residual"));
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(order(exchange)));
    }

    /** {@code js_assign_outstanding_line([invoice], credit note's item)}. */
    public void assignRequest(Exchange exchange) {
        List<Map<String, Object>> lines = PaymentPostings.records(exchange.getMessage().getBody());
        exchange.getMessage().setHeader(OdooConstants.IDS, List.of(exchange.getProperty(INVOICE, Integer.class)));
        exchange.getMessage().setHeader(OdooConstants.ARGS, List.of(((Number) lines.get(0).get("id")).intValue()));
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(order(exchange)));
        exchange.getMessage().setBody(null);
    }

    /** The trace of the reconciliation: the invoice and its credit note both closed. */
    public void reversed(Exchange exchange) {
        Posting cn = exchange.getProperty(CREDIT_NOTE, Posting.class);
        int id = exchange.getProperty(INVOICE, Integer.class);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", "account.move");
        d.put("id", id);
        d.put("operation", "js_assign_outstanding_line");
        d.put("creditNote", cn.odooId());
        FlowTrail.note(exchange, "ODOO_WRITE", "account.move/" + id, d);
        exchange.getMessage().setBody(cn);
    }

    private static Order order(Exchange exchange) {
        Order o = exchange.getProperty(InvoicePostings.ORDER, Order.class);
        return o != null ? o : exchange.getMessage().getBody(Order.class);
    }

    private Map<String, Object> context(Order order) {
        return Map.of("allowed_company_ids", List.of(references.companyId(order.origin().entity())));
    }
}
