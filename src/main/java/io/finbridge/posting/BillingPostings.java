package io.finbridge.posting;

import io.finbridge.canonical.Invoice;
import io.finbridge.inbound.DependencyPendingException;
import io.finbridge.inbound.FlowTrail;
import io.finbridge.ledger.BillingInvoiceRules;
import io.finbridge.ledger.InvoiceDraft;
import io.finbridge.ledger.InvoiceRules;
import io.finbridge.ledger.PostingRuleException;
import io.finbridge.ledger.RecognitionRules;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.mapping.reference.Entity;
import io.finbridge.mapping.reference.OdooReferences;
import io.finbridge.revenue.RecognitionEntry;
import io.finbridge.revenue.RevenueHeaders;
import io.finbridge.revenue.RevenueSchedules;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Bound as {@code billingPostings}: the billing flows' steps that need Finbridge's state: Stripe Billing invoices
 * (deferred lines, then their revenue schedules), rated usage batches, and revenue recognition entries. The
 * accounting is {@link BillingInvoiceRules}' and {@link RecognitionRules}'.
 */
public final class BillingPostings {

    public static final String BEAN_NAME = "billingPostings";
    public static final String INVOICE = "FinbridgeInvoice";

    private final MappingRegistry mappings;
    private final OdooReferences references;
    private final InvoicePostings invoices;
    private final Binder binder;
    private final RevenueSchedules schedules;
    private final boolean enterpriseDeferral;

    public BillingPostings(MappingRegistry mappings, OdooReferences references, InvoicePostings invoices, Binder binder,
                           RevenueSchedules schedules, boolean enterpriseDeferral) {
        this.mappings = mappings;
        this.references = references;
        this.invoices = invoices;
        this.binder = binder;
        this.schedules = schedules;
        this.enterpriseDeferral = enterpriseDeferral;
    }

    /** The partner a billing customer became; until the customer is posted, the invoice waits for it. */
    private int partnerOf(String source, String customerRef, String entity) {
        return binder.find(new BindingKey(source, "customer", customerRef, entity)).map(Binding::odooId)
                .orElseThrow(() -> new DependencyPendingException(customerDependency(source, customerRef),
                        "waiting for " + source + " customer " + customerRef + " to be posted as an Odoo partner"));
    }

    /** The dependency key a customer's flow provides once its partner is posted. */
    public static String customerDependency(String source, String customerRef) {
        return "partner:" + source + ":customer:" + customerRef;
    }

    /** A Stripe Billing invoice as a posting: its lines with a service period go to deferred revenue. */
    public Posting invoice(Exchange exchange) {
        Invoice inv = exchange.getMessage().getBody(Invoice.class);
        exchange.setProperty(INVOICE, inv);
        String source = inv.origin().sourceSystem();
        String entity = inv.origin().entity();
        int partner = partnerOf(source, inv.customerRef(), entity);
        InvoiceDraft draft = BillingInvoiceRules.invoiceFor(inv, partner, invoices.refs(entity, source), true, enterpriseDeferral);
        return posting(inv, "invoice", draft);
    }

    /** After the invoice is in Odoo: a revenue schedule for each of its deferred lines (once; a redelivery adds none). */
    public void schedules(Exchange exchange) {
        Invoice inv = exchange.getProperty(INVOICE, Invoice.class);
        int n = schedules.recordInvoice(inv).size();
        if (n > 0) {
            FlowTrail.note(exchange, "REVENUE_SCHEDULE", "invoice/" + inv.origin().sourceId(), Map.of("schedules", n,
                    "invoice", String.valueOf(inv.number())));
        }
    }

    /**
     * {@code invoice.payment_failed}: nothing is posted (the invoice stays open in Odoo, its receivable unpaid); finance
     * sees it in the trace and in {@code finbridge_billing_payment_failed_total}, by entity and attempt.
     */
    public void paymentFailed(Exchange exchange, io.micrometer.core.instrument.MeterRegistry metrics) {
        Invoice inv = exchange.getMessage().getBody(Invoice.class);
        io.micrometer.core.instrument.Counter.builder("finbridge.billing.payment.failed")
                .description("Billing invoices whose payment failed (dunning): nothing posted, the receivable stays open")
                .tag("entity", inv.origin().entity()).register(metrics).increment();
        FlowTrail.note(exchange, "NO_WRITE", "invoice/" + inv.origin().sourceId(), Map.of("reason",
                "payment failed for invoice " + inv.number() + " (" + inv.amountDue() + " due): dunning is the billing system's;"
                        + " the invoice stays open in Odoo", "dunning", true));
    }

    /**
     * A subscription created, changed or cancelled: nothing is posted (its invoices carry the money). The change is
     * recorded in the trace with what it was before ({@code previous_attributes}) and after; a cancellation stops the
     * revenue schedules of the subscription's lines from its date.
     */
    @SuppressWarnings("unchecked")
    public void subscriptionChanged(Exchange exchange, String eventJson) throws Exception {
        io.finbridge.canonical.Subscription sub = exchange.getMessage().getBody(io.finbridge.canonical.Subscription.class);
        Map<String, Object> event = new com.fasterxml.jackson.databind.ObjectMapper().readValue(eventJson, Map.class);
        Object before = event.get("data") instanceof Map<?, ?> d ? d.get("previous_attributes") : null;
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        detail.put("status", String.valueOf(sub.status()));
        detail.put("items", sub.items().size());
        if (before != null) {
            detail.put("before", before);
        }
        int stopped = 0;
        if (sub.canceledAt() != null || sub.status() == io.finbridge.canonical.SubscriptionStatus.CANCELED) {
            LocalDate from = (sub.canceledAt() != null ? sub.canceledAt() : sub.origin().occurredAt()).atZone(schedules.zone()).toLocalDate();
            stopped = schedules.cancelSubscription(sub.origin().sourceId(), sub.origin().sourceSystem() + ":" + sub.origin().sourceId(), from).size();
            detail.put("schedulesStopped", stopped);
        }
        FlowTrail.note(exchange, "SUBSCRIPTION_CHANGE", "subscription/" + sub.origin().sourceId(), detail);
    }

    /** A rated usage batch as a posting: revenue earned, billed in arrears. */
    public Posting usageInvoice(Exchange exchange) {
        Invoice inv = exchange.getMessage().getBody(Invoice.class);
        String entity = inv.origin().entity();
        Integer partner = null;
        for (String source : List.of("stripe", "shopify", inv.origin().sourceSystem())) {
            partner = binder.find(new BindingKey(source, "customer", inv.customerRef(), entity)).map(Binding::odooId).orElse(null);
            if (partner != null) {
                break;
            }
        }
        if (partner == null) {
            throw new PostingRuleException("usage customer " + inv.customerRef() + " of entity " + entity + " is no Odoo partner yet"
                    + " (no Stripe or Shopify customer with that id was posted): its batch is kept and sent again");
        }
        InvoiceDraft draft = BillingInvoiceRules.invoiceFor(inv, partner, invoices.refs(entity, "stripe"), false, false);
        return posting(inv, "usage", draft);
    }

    private Posting posting(Invoice inv, String objectType, InvoiceDraft draft) {
        String entity = inv.origin().entity();
        Posting.Builder b = Posting.to("account.move", new BindingKey(inv.origin().sourceSystem(), objectType, inv.origin().sourceId(), entity))
                .naturalKeyIn("ref").values(draft.values())
                .context(Map.of("allowed_company_ids", List.of(references.companyId(entity))))
                .sourceVersion(inv.origin().occurredAt().toString()).from(inv).noting(draft.notes()).posted()
                .checkedBy(readBack -> InvoiceRules.problem(draft, readBack));
        if (draft.held()) {
            b.heldInDraft(new PostingRuleException("invoice " + inv.number() + " stays in draft: " + draft.holdReason()));
        }
        return b.build();
    }

    /**
     * A recognition entry as a posting in the entity's misc journal, or nothing when its date is in a period locked
     * in Odoo: Odoo would silently move it, so the run is told {@code locked} with the lock date and nothing is sent.
     */
    public Posting recognition(Exchange exchange) {
        RecognitionEntry e = exchange.getMessage().getBody(RecognitionEntry.class);
        LocalDate lock = references.lockDate(e.entity(), "general");
        if (lock != null && !e.date().isAfter(lock)) {
            exchange.getMessage().setHeader(RevenueHeaders.OUTCOME, "locked");
            exchange.getMessage().setHeader(RevenueHeaders.REASON, "period locked in Odoo until " + lock);
            return null;
        }
        Entity entity = mappings.reference().entity(e.entity());
        Map<String, Object> values = RecognitionRules.entryFor(e, references.journalId(e.entity(), "misc"),
                references.currencyId(e.currency()), e.currency().equals(entity.currency()),
                role -> references.accountId(e.entity(), role.key()));
        String id = e.key().startsWith("revenue-recognition:") ? e.key().substring("revenue-recognition:".length()) : e.key();
        return Posting.to("account.move", new BindingKey("finbridge", "revenue-recognition", id, e.entity()))
                .naturalKeyIn("ref").values(values)
                .context(Map.of("allowed_company_ids", List.of(references.companyId(e.entity()))))
                .posted().from(e).build();
    }

    /** The run's answer: which Odoo entry, and the date Odoo booked it on (read back after posting). */
    public void recognized(Exchange exchange) {
        Posting p = exchange.getMessage().getBody(Posting.class);
        exchange.getMessage().setHeader(RevenueHeaders.OUTCOME, "posted");
        exchange.getMessage().setHeader(RevenueHeaders.ODOO_REF, "account.move/" + p.odooId());
        Object date = p.readBack().get("date");
        if (date instanceof String d) {
            exchange.getMessage().setHeader(RevenueHeaders.POSTED_DATE, d);
        }
    }
}
