package io.finbridge.posting;

import io.finbridge.canonical.Money;
import io.finbridge.canonical.Payment;
import io.finbridge.canonical.Refund;
import io.finbridge.inbound.DependencyPendingException;
import io.finbridge.inbound.FlowTrail;
import io.finbridge.inbound.InboxDispatcher;
import io.finbridge.ledger.PaymentRules;
import io.finbridge.ledger.PostingRuleException;
import io.finbridge.ledger.RefundRules;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.mapping.reference.Entity;
import io.finbridge.mapping.reference.OdooReferences;
import io.finbridge.odoo.OdooConstants;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Bound as {@code paymentPostings}: the steps of the payment flows ({@code routes/flows/shopify-order-payments-to-odoo.yaml},
 * {@code routes/flows/stripe-payments-to-odoo.yaml}) that need Finbridge's state. A payment is booked against its
 * invoice only:
 * <ol>
 *   <li>the invoice is found: a Shopify transaction by its order's invoice (the binder: {@code shopify:order:<id>}),
 *       a Shopify refund transaction by its refund's credit note ({@code shopify:refund:<id>}: the payment is then
 *       outbound, the money given back);
 *       a Stripe payment by the order or invoice reference in its metadata, else by amount, customer and a date
 *       window (a search in Odoo: open invoices of the partner with exactly that residual);</li>
 *   <li>not there yet: the event is parked until the invoice's flow provides it ({@link #invoiceDependency}), for at
 *       most {@code finbridge.payments.invoice-wait}; past it, it is an exception with the reason;</li>
 *   <li>the payment ({@link PaymentRules}) is posted through the posting foundation (binder, natural key in the
 *       payment's reference), then its receivable item is reconciled with the invoice
 *       ({@code account.move.js_assign_outstanding_line}, FACTS 044-046); the invoice is read back paid.</li>
 * </ol>
 */
public final class PaymentPostings {

    public static final String BEAN_NAME = "paymentPostings";
    /** Exchange property: the canonical payment the flow works on. */
    public static final String PAYMENT = "FinbridgePayment";
    /** Exchange property: the Odoo id of the invoice the payment pays. */
    public static final String INVOICE_ID = "FinbridgeInvoiceId";
    /** Exchange property: the payment's posting, once posted. */
    public static final String POSTED = "FinbridgePaymentPosting";
    private static final List<String> INVOICE_FIELDS = List.of("name", "state", "move_type", "partner_id", "currency_id",
            "amount_total", "amount_residual", "payment_state", "ref");

    private final MappingRegistry mappings;
    private final OdooReferences references;
    private final Binder binder;
    private final Duration invoiceWait;
    private final Duration matchWindow;

    public PaymentPostings(MappingRegistry mappings, OdooReferences references, Binder binder, Duration invoiceWait, Duration matchWindow) {
        this.mappings = mappings;
        this.references = references;
        this.binder = binder;
        this.invoiceWait = invoiceWait;
        this.matchWindow = matchWindow;
    }

    /** The dependency an invoice's flow provides once the invoice with this natural key is posted. */
    public static String invoiceDependency(String naturalKey) {
        return "invoice:" + naturalKey;
    }

    /** The dependency an invoice's flow provides for any invoice of this partner (payments matched by amount). */
    public static String partnerInvoicesDependency(int partnerId) {
        return "invoices-of-partner:" + partnerId;
    }

    /**
     * After an invoice's posting: the keys that wake payments parked for it (set as the event's
     * {@value InboxDispatcher#PROVIDES}).
     */
    public void provides(Exchange exchange) {
        Posting p = exchange.getMessage().getBody(Posting.class);
        if (p == null || p.odooId() == null) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        Object before = exchange.getMessage().getHeader(InboxDispatcher.PROVIDES);
        if (before instanceof java.util.Collection<?> c) {
            c.forEach(k -> keys.add(String.valueOf(k)));
        } else if (before != null) {
            keys.add(String.valueOf(before));
        }
        keys.add(invoiceDependency(p.naturalKey()));
        if (p.values().get("partner_id") instanceof Number partner) {
            keys.add(partnerInvoicesDependency(partner.intValue()));
        }
        exchange.getMessage().setHeader(InboxDispatcher.PROVIDES, List.copyOf(keys));
    }

    // ---- which invoice

    /** A Shopify transaction pays its order's invoice: the binder knows it once it is posted, else the event waits. */
    public void invoiceOfOrder(Exchange exchange) {
        Payment p = payment(exchange);
        BindingKey order = new BindingKey("shopify", "order", p.orderRef(), p.origin().entity());
        exchange.setProperty(INVOICE_ID, postedInvoice(order, p).odooId());
    }

    /**
     * A refund transaction pays out its refund's credit note (the binder: {@code shopify:refund:<id>}), posted by the
     * same flow just before; not posted (held in draft, or cancelled since), no money is booked against it.
     */
    public void creditNoteOfRefund(Exchange exchange) {
        Payment p = payment(exchange);
        Refund refund = exchange.getProperty(RefundPostings.REFUND, Refund.class);
        BindingKey key = RefundRules.keyOf(refund);
        Binding note = binder.find(key).filter(b -> "posted".equals(b.odooState())).orElseThrow(() -> new PostingRuleException(
                "refund transaction " + p.origin().sourceId() + " of " + p.amount() + " pays out the credit note of refund "
                        + refund.origin().sourceId() + " (" + key.naturalKey() + "), which is not posted in Odoo: no money is "
                        + "booked against it; post or decide on the credit note, then replay the refund"));
        exchange.setProperty(INVOICE_ID, note.odooId());
    }

    /**
     * A Stripe payment by its references: the order in its metadata ({@code metadata.order_id}, a Shopify order of the
     * entity) or its Stripe invoice. True when one is given (the invoice found, or the event parked for it); false
     * when the payment names neither, so it is matched by amount, customer and date.
     */
    public boolean matchByAmount(Exchange exchange) {
        return !invoiceByReference(exchange);
    }

    private boolean invoiceByReference(Exchange exchange) {
        Payment p = payment(exchange);
        String entity = p.origin().entity();
        List<BindingKey> keys = new ArrayList<>();
        if (p.invoiceRef() != null && !p.invoiceRef().isBlank()) {
            keys.add(new BindingKey("stripe", "invoice", p.invoiceRef(), entity));
        }
        if (p.orderRef() != null && !p.orderRef().isBlank()) {
            keys.add(new BindingKey("shopify", "order", p.orderRef(), entity));
        }
        if (keys.isEmpty()) {
            return false;
        }
        for (BindingKey k : keys) {
            Optional<Binding> b = binder.find(k).filter(x -> "posted".equals(x.odooState()));
            if (b.isPresent()) {
                exchange.setProperty(INVOICE_ID, b.get().odooId());
                FlowTrail.note(exchange, "MATCHED", "account.move/" + b.get().odooId(), Map.of("by", "reference",
                        "naturalKey", k.naturalKey()));
                return true;
            }
        }
        throw pending(invoiceDependency(keys.get(0).naturalKey()), "payment " + p.origin().sourceId() + " of " + p.amount()
                + " names " + keys.get(0).naturalKey() + ", which is not posted in Odoo yet: it waits for that invoice");
    }

    /**
     * The search for the invoice a payment without references pays: the customer's posted invoices in the payment's
     * currency with exactly its amount open, dated within {@code finbridge.payments.match-window} of the payment.
     */
    public void invoiceSearch(Exchange exchange) {
        Payment p = payment(exchange);
        String entity = p.origin().entity();
        if (p.customerRef() == null || p.customerRef().isBlank()) {
            throw new PostingRuleException("payment " + p.origin().sourceId() + " of " + p.amount() + " names no order, no invoice"
                    + " and no customer: there is no invoice to book it against; finance books it by hand");
        }
        int partner = binder.find(new BindingKey("stripe", "customer", p.customerRef(), entity)).map(Binding::odooId)
                .orElseThrow(() -> pending(BillingPostings.customerDependency("stripe", p.customerRef()), "payment "
                        + p.origin().sourceId() + " waits for Stripe customer " + p.customerRef() + " to be posted as a partner"));
        exchange.setProperty("FinbridgePaymentPartner", partner);
        Entity e = mappings.reference().entity(entity);
        LocalDate date = PaymentRules.dateOf(p, e.timezone());
        Money amount = amountOf(p);
        List<Object> domain = List.of(
                List.of("move_type", "=", "out_invoice"), List.of("state", "=", "posted"), List.of("partner_id", "=", partner),
                List.of("currency_id", "=", references.currencyId(amount.currency())),
                List.of("payment_state", "in", List.of("not_paid", "partial")),
                List.of("amount_residual", "=", amount.amount()),
                List.of("invoice_date", ">=", date.minusDays(matchWindow.toDays()).toString()),
                List.of("invoice_date", "<=", date.plusDays(matchWindow.toDays()).toString()));
        exchange.getMessage().setHeader(OdooConstants.DOMAIN, domain);
        exchange.getMessage().setHeader(OdooConstants.FIELDS, List.of("name", "ref", "invoice_date", "amount_residual"));
        exchange.getMessage().setHeader(OdooConstants.ORDER, "invoice_date asc, id asc");
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(entity));
    }

    /** The search's answer: one invoice is the one; none yet, the event waits; several, finance chooses. */
    public void invoiceFound(Exchange exchange) {
        Payment p = payment(exchange);
        List<Map<String, Object>> found = records(exchange.getMessage().getBody());
        int partner = exchange.getProperty("FinbridgePaymentPartner", Integer.class);
        if (found.isEmpty() && binder.find(PaymentRules.keyOf(p)).isPresent()) {
            // its other event (payment_intent.succeeded, charge.succeeded) booked it, and paid the invoice
            FlowTrail.noWrite(exchange, "account.payment/" + binder.find(PaymentRules.keyOf(p)).get().odooId(), Map.of(
                    "model", "account.payment", "reason", "payment " + PaymentRules.keyOf(p).naturalKey() + " was booked before"
                            + " and no open invoice is left for it"));
            return;
        }
        if (found.isEmpty()) {
            throw pending(partnerInvoicesDependency(partner), "no open invoice of partner " + partner + " for "
                    + amountOf(p) + " within " + matchWindow.toDays() + " days of payment " + p.origin().sourceId() + " yet: it waits for it");
        }
        if (found.size() > 1) {
            throw new PostingRuleException("payment " + p.origin().sourceId() + " of " + amountOf(p) + " matches "
                    + found.size() + " open invoices of partner " + partner + " (" + String.join(", ", found.stream()
                    .map(r -> String.valueOf(r.get("name"))).toList()) + "): finance chooses; nothing was booked");
        }
        Map<String, Object> inv = found.get(0);
        exchange.setProperty(INVOICE_ID, ((Number) inv.get("id")).intValue());
        FlowTrail.note(exchange, "MATCHED", "account.move/" + inv.get("id"), Map.of("by", "amount, customer and date",
                "invoice", String.valueOf(inv.get("name"))));
    }

    // ---- the payment, then the reconciliation

    /** The invoice the payment pays, read before the payment is built: its partner, and what is still open. */
    public void invoiceRead(Exchange exchange) {
        Payment p = payment(exchange);
        exchange.getMessage().setHeader(OdooConstants.IDS, List.of(exchange.getProperty(INVOICE_ID, Integer.class)));
        exchange.getMessage().setHeader(OdooConstants.FIELDS, INVOICE_FIELDS);
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(p.origin().entity()));
    }

    /** The payment as a posting to account.payment, in the journal of its gateway. */
    public Posting payment(Exchange exchange, List<Map<String, Object>> invoiceRead) {
        Payment p = payment(exchange);
        int invoiceId = exchange.getProperty(INVOICE_ID, Integer.class);
        if (invoiceRead == null || invoiceRead.isEmpty()) {
            throw new PostingRuleException("invoice " + invoiceId + " that payment " + p.origin().sourceId()
                    + " pays is not in Odoo any more (deleted?); finance decides");
        }
        Map<String, Object> inv = invoiceRead.get(0);
        String name = String.valueOf(inv.get("name"));
        if (!"posted".equals(inv.get("state"))) {
            throw new PostingRuleException("invoice " + name + " (" + invoiceId + ") that payment " + p.origin().sourceId()
                    + " pays is " + inv.get("state") + ", not posted: no payment is booked against it");
        }
        int partner = inv.get("partner_id") instanceof List<?> l ? ((Number) l.get(0)).intValue() : ((Number) inv.get("partner_id")).intValue();
        String entity = p.origin().entity();
        boolean creditNote = "out_refund".equals(inv.get("move_type"));
        if (creditNote && inv.get("currency_id") != null && many2one(inv.get("currency_id")) != references.currencyId(amountOf(p).currency())) {
            // a refund given back in the buyer's currency: which rate Odoo should book it at is not for Finbridge to guess
            throw new PostingRuleException("refund transaction " + p.origin().sourceId() + " gave back " + amountOf(p) + ", not in "
                    + "the currency of credit note " + name + " (" + invoiceId + "): it is not booked; finance books it by hand");
        }
        // a Stripe payment lands on the Stripe balance, whatever the customer paid with (card, SEPA debit, wallet)
        PaymentRules.Journal journal = PaymentRules.journalFor("stripe".equals(p.origin().sourceSystem()) ? "stripe" : p.method());
        Integer expected = journal.accountRole() == null ? null : references.accountId(entity, journal.accountRole());
        Entity e = mappings.reference().entity(entity);
        PaymentRules.Books books = new PaymentRules.Books(entity, references.companyId(entity),
                references.currencyId(amountOf(p).currency()), references.journalId(entity, journal.role()), expected,
                e.timezone(), references.lockDate(entity, "bank"), references.fieldNames());
        // bound before (a redelivery): posted once, whatever the invoice shows now; its reconciliation is checked again
        boolean bound = binder.find(PaymentRules.keyOf(p)).isPresent();
        BigDecimal residual = bound ? null : decimal(inv.get("amount_residual"));
        exchange.setProperty("FinbridgeInvoiceName", name);
        return creditNote ? PaymentRules.refundPaymentFor(p, partner, invoiceId, name, residual, books)
                : PaymentRules.paymentFor(p, partner, invoiceId, name, residual, books);
    }

    /** After the payment is posted: the search for its receivable item not yet reconciled (none: reconciled before). */
    public void receivableLineSearch(Exchange exchange) {
        Posting posted = exchange.getMessage().getBody(Posting.class);
        exchange.setProperty(POSTED, posted);
        Payment p = payment(exchange);
        // the customer's side: the payment's receivable (its destination account). Not any receivable-type item: a
        // clearing account such as 101300 is one too, and holds the payment's other side
        Object destination = posted.readBack().get("destination_account_id");
        Integer account = destination instanceof List<?> l && !l.isEmpty() ? Integer.valueOf(((Number) l.get(0)).intValue())
                : destination instanceof Number n ? Integer.valueOf(n.intValue()) : null;
        List<Object> side = account != null ? List.of("account_id", "=", account)
                : List.of("account_id.account_type", "=", "asset_receivable");
        // an inbound payment credits the receivable; an outbound one (a refund given back) debits it
        boolean outbound = "outbound".equals(posted.values().get("payment_type"));
        exchange.getMessage().setHeader(OdooConstants.DOMAIN, List.of(List.of("payment_id", "=", posted.odooId()), side,
                List.of("balance", outbound ? ">" : "<", 0), List.of("reconciled", "=", false)));
        exchange.getMessage().setHeader(OdooConstants.FIELDS, List.of("id", "amount_residual"));
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(p.origin().entity()));
    }

    /** {@code js_assign_outstanding_line([invoice], item)}: the payment's open item onto the invoice. */
    public void assignRequest(Exchange exchange) {
        List<Map<String, Object>> lines = records(exchange.getMessage().getBody());
        Payment p = payment(exchange);
        exchange.getMessage().setHeader(OdooConstants.IDS, List.of(exchange.getProperty(INVOICE_ID, Integer.class)));
        exchange.getMessage().setHeader(OdooConstants.ARGS, List.of(((Number) lines.get(0).get("id")).intValue()));
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(p.origin().entity()));
        exchange.getMessage().setBody(null);
    }

    /** The invoice read back after the reconciliation: the trace says how it stands now. */
    public void reconciled(Exchange exchange) {
        List<Map<String, Object>> read = records(exchange.getMessage().getBody());
        Posting posted = exchange.getProperty(POSTED, Posting.class);
        Map<String, Object> inv = read.isEmpty() ? Map.of() : read.get(0);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", "account.move");
        d.put("id", exchange.getProperty(INVOICE_ID));
        d.put("operation", "js_assign_outstanding_line");
        d.put("payment", posted.odooId());
        d.put("invoice", inv.get("name"));
        d.put("paymentState", inv.get("payment_state"));
        d.put("residual", inv.get("amount_residual"));
        FlowTrail.note(exchange, "ODOO_WRITE", "account.move/" + exchange.getProperty(INVOICE_ID), d);
        exchange.getMessage().setBody(posted);
    }

    /** Nothing left to reconcile: the payment's item was reconciled before (a redelivery). */
    public void reconciledBefore(Exchange exchange) {
        Posting posted = exchange.getProperty(POSTED, Posting.class);
        FlowTrail.noWrite(exchange, "account.move/" + exchange.getProperty(INVOICE_ID), Map.of("model", "account.move",
                "id", exchange.getProperty(INVOICE_ID), "reason", "payment " + posted.odooId() + " is reconciled already"));
        exchange.getMessage().setBody(posted);
    }

    // ---- helpers

    private DependencyPendingException pending(String dependency, String why) {
        return new DependencyPendingException(dependency, why, invoiceWait);
    }

    private Binding postedInvoice(BindingKey order, Payment p) {
        Optional<Binding> b = binder.find(order);
        if (b.isEmpty() || !"posted".equals(b.get().odooState())) {
            throw pending(invoiceDependency(order.naturalKey()), "payment " + p.origin().sourceId() + " of " + p.amount()
                    + " pays order " + p.orderRef() + ", whose invoice is not posted in Odoo yet: it waits for it");
        }
        return b.get();
    }

    private static int many2one(Object v) {
        return v instanceof List<?> l && !l.isEmpty() ? ((Number) l.get(0)).intValue() : ((Number) v).intValue();
    }

    private static Money amountOf(Payment p) {
        return p.amountCaptured() != null && !p.amountCaptured().isZero() ? p.amountCaptured() : p.amount();
    }

    private static Payment payment(Exchange exchange) {
        Payment p = exchange.getProperty(PAYMENT, Payment.class);
        if (p == null) {
            p = exchange.getMessage().getBody(Payment.class);
            exchange.setProperty(PAYMENT, p);
        }
        return p;
    }

    private Map<String, Object> context(String entity) {
        return Map.of("allowed_company_ids", List.of(references.companyId(entity)));
    }

    private static BigDecimal decimal(Object o) {
        return o instanceof Number n ? new BigDecimal(n.toString()) : null;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(Object body) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (body instanceof java.util.Collection<?> c) {
            for (Object o : c) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }
}
