package io.finbridge.posting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.finbridge.canonical.Refund;
import io.finbridge.canonical.RefundStatus;
import io.finbridge.inbound.DependencyPendingException;
import io.finbridge.inbound.FlowTrail;
import io.finbridge.ledger.InvoiceDraft;
import io.finbridge.ledger.InvoiceRules;
import io.finbridge.ledger.OdooLineMath;
import io.finbridge.ledger.PostingRuleException;
import io.finbridge.ledger.RefundRules;
import io.finbridge.mapping.reference.OdooReferences;
import io.finbridge.odoo.OdooConstants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;

/**
 * Bound as {@code refundPostings}: the steps of the Shopify refund flow that need Finbridge's state (the binder, the
 * reference data, the product catalog). The accounting is {@link RefundRules}'.
 */
public final class RefundPostings {

    public static final String BEAN_NAME = "refundPostings";
    /** Exchange property: the canonical refund the flow works on. */
    public static final String REFUND = "FinbridgeRefund";
    private static final String INVOICE_ID = "FinbridgeReversedInvoiceId";
    private static final String INVOICE = "FinbridgeReversedInvoice";
    private static final String SKUS = "FinbridgeRefundSkusAsked";
    /** Exchange property: the refund webhook's payload, for its transactions. */
    public static final String PAYLOAD = "ShopifyRefundJson";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OdooReferences references;
    private final ProductCatalog products;
    private final InvoicePostings invoices;
    private final Binder binder;

    public RefundPostings(OdooReferences references, ProductCatalog products, InvoicePostings invoices, Binder binder) {
        this.references = references;
        this.products = products;
        this.invoices = invoices;
        this.binder = binder;
    }

    /** The dependency an order's invoice flow provides once the invoice is posted: {@code invoice:shopify:order:<id>}. */
    public static String invoiceDependency(BindingKey invoiceKey) {
        return PaymentPostings.invoiceDependency(invoiceKey.naturalKey());
    }

    /**
     * Whether the refund needs no credit note: posted before (the binder knows it; the invoice is then not read again),
     * or a refund that gave nothing back (no successful transaction, or failed). The trace says which.
     */
    public boolean nothingToDo(Exchange exchange) {
        Refund refund = exchange.getMessage().getBody(Refund.class);
        exchange.setProperty(REFUND, refund);
        Optional<Binding> bound = binder.find(RefundRules.keyOf(refund));
        if (bound.isPresent() && "posted".equals(bound.get().odooState())) {
            Binding b = bound.get();
            FlowTrail.noWrite(exchange, b.model() + "/" + b.odooId(), Map.of("model", b.model(), "id", b.odooId(),
                    "naturalKey", b.naturalKey(), "reason", "refund " + refund.origin().sourceId() + " was credited before as "
                            + b.model() + " " + b.odooId() + "; already in Odoo"));
            return true;
        }
        if (refund.amount().isZero()) {
            exchange.getMessage().setHeader("FinbridgeIgnored", "refund " + refund.origin().sourceId() + " of order " + refund.orderRef()
                    + " gave no money back (no successful refund transaction: a restock or a cancellation before payment): there is"
                    + " nothing to credit");
            return true;
        }
        if (refund.status() == RefundStatus.FAILED || refund.status() == RefundStatus.CANCELED) {
            exchange.getMessage().setHeader("FinbridgeIgnored", "refund " + refund.origin().sourceId() + " is "
                    + refund.status().name().toLowerCase() + ": it gave nothing back, there is nothing to credit");
            return true;
        }
        return false;
    }

    /**
     * The invoice of the refund's order, through the binder, as an Odoo read of it; a refund that arrives before its
     * invoice waits for it (parked until the order's flow provides {@link #invoiceDependency}).
     */
    public void invoiceToRead(Exchange exchange) {
        Refund refund = refund(exchange);
        BindingKey key = RefundRules.invoiceKeyOf(refund);
        Binding invoice = binder.find(key).orElseThrow(() -> new DependencyPendingException(invoiceDependency(key),
                "refund " + refund.origin().sourceId() + " waits for the invoice of order " + refund.orderRef() + " ("
                        + key.naturalKey() + "), not in Odoo yet"));
        exchange.setProperty(INVOICE_ID, invoice.odooId());
        exchange.getMessage().setHeader(OdooConstants.IDS, List.of(invoice.odooId()));
        exchange.getMessage().setHeader(OdooConstants.FIELDS, List.of("name", "state", "partner_id", "move_type", "payment_state"));
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(refund));
    }

    /** The invoice as read; then the search for its lines (their taxes are the ones a credit note reverses). */
    public void invoiceRead(Exchange exchange) {
        int id = exchange.getProperty(INVOICE_ID, Integer.class);
        Map<String, Object> inv = records(exchange.getMessage().getBody()).stream().findFirst().orElseThrow(() ->
                new PostingRuleException("the invoice of refund " + refund(exchange).origin().sourceId() + " (account.move " + id
                        + ") is not in Odoo any more (deleted?); the binding is kept for an operator to decide"));
        exchange.setProperty(INVOICE, inv);
        exchange.getMessage().setHeader(OdooConstants.DOMAIN, List.of(List.of("move_id", "=", id)));
        exchange.getMessage().setHeader(OdooConstants.FIELDS, List.of("display_type", "tax_ids"));
        exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(refund(exchange)));
    }

    /** The invoice's lines as read: the taxes they carry, with their rates from the reference data. */
    @SuppressWarnings("unchecked")
    public void invoiceLinesRead(Exchange exchange) {
        Refund refund = refund(exchange);
        Map<String, Object> inv = exchange.getProperty(INVOICE, Map.class);
        Set<Integer> taxIds = new LinkedHashSet<>();
        for (Map<String, Object> line : records(exchange.getMessage().getBody())) {
            Object type = line.get("display_type");
            if (type == null || Boolean.FALSE.equals(type) || "product".equals(type)) {
                if (line.get("tax_ids") instanceof List<?> ids) {
                    ids.forEach(t -> taxIds.add(((Number) t).intValue()));
                }
            }
        }
        List<OdooLineMath.Tax> taxes = new ArrayList<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        for (int t : taxIds) {
            OdooReferences.TaxInfo info = references.taxById(t).orElseThrow(() -> new PostingRuleException("invoice "
                    + inv.get("name") + " carries Odoo tax " + t + ", which no rule of mappings/reference/taxes.yaml names for entity "
                    + refund.origin().entity() + ": its rate is unknown here, so the credit note cannot be checked; credit it by hand"));
            taxes.add(new OdooLineMath.Tax(t, info.rate(), info.included()));
            names.put(t, info.name());
        }
        int partner = many2one(inv.get("partner_id"));
        exchange.setProperty(INVOICE, new RefundRules.ReversedInvoice(((Number) inv.get("id")).intValue(), String.valueOf(inv.get("name")),
                String.valueOf(inv.get("state")), partner, taxes, names));
    }

    /** The refund's SKUs Odoo has not been asked about yet (a restart emptied the cache), with the search for them. */
    public List<String> productsToLookUp(Exchange exchange) {
        Refund refund = refund(exchange);
        List<String> skus = products.toLookUp(refund.origin().entity(), refund.lines().stream().map(l -> l.sku()).toList());
        exchange.setProperty(SKUS, skus);
        if (!skus.isEmpty()) {
            exchange.getMessage().setHeader(OdooConstants.DOMAIN, List.of(List.of("default_code", "in", skus)));
            exchange.getMessage().setHeader(OdooConstants.FIELDS, List.of("default_code", "name"));
            exchange.getMessage().setHeader(OdooConstants.CONTEXT, context(refund));
        }
        return skus;
    }

    @SuppressWarnings("unchecked")
    public void productsFound(Exchange exchange) {
        List<String> asked = exchange.getProperty(SKUS, List.class);
        products.learn(refund(exchange).origin().entity(), asked, records(exchange.getMessage().getBody()));
    }

    /** The refund's credit note as a posting to account.move, its lines shaped to tie out (or held in draft). */
    public Posting creditNote(Exchange exchange) {
        Refund refund = refund(exchange);
        RefundRules.ReversedInvoice invoice = exchange.getProperty(INVOICE, RefundRules.ReversedInvoice.class);
        String entity = refund.origin().entity();
        InvoiceDraft draft = RefundRules.creditNoteFor(refund, invoice,
                RefundRules.withInvoiceTaxes(invoices.refs(entity, refund.origin().sourceSystem()), invoice, refund.origin().sourceId()));
        Posting.Builder b = Posting.to("account.move", RefundRules.keyOf(refund)).naturalKeyIn("ref")
                .values(draft.values())
                .context(context(refund))
                .sourceVersion(refund.origin().occurredAt().toString())
                .from(refund)
                .noting(draft.notes())
                .posted()
                .checkedBy(readBack -> InvoiceRules.problem(draft, readBack));
        if (draft.held()) {
            b.heldInDraft(new PostingRuleException("credit note for refund " + refund.origin().sourceId() + " stays in draft: "
                    + draft.holdReason()));
        }
        return b.build();
    }

    /**
     * The refund's successful refund transactions (the money it gave back, each through its gateway), as JSON for the
     * transaction mapping; a restock without money has none. Read from the webhook's payload kept in
     * {@value #PAYLOAD}: the canonical refund keeps only their total.
     */
    public List<String> moneyGivenBack(Exchange exchange) {
        List<String> out = new ArrayList<>();
        try {
            JsonNode doc = JSON.readTree(exchange.getProperty(PAYLOAD, String.class));
            for (JsonNode t : doc.path("transactions")) {
                if ("refund".equals(t.path("kind").asText()) && "success".equals(t.path("status").asText())) {
                    out.add(t.toString());
                }
            }
        } catch (JsonProcessingException | IllegalArgumentException ex) {
            // it was mapped as a refund a moment ago, so this is not expected; said plainly if it happens
            throw new PostingRuleException("the refund's payload could not be read for its transactions: " + ex.getMessage());
        }
        exchange.getMessage().setBody(out);
        return out;
    }

    private Map<String, Object> context(Refund refund) {
        return Map.of("allowed_company_ids", List.of(references.companyId(refund.origin().entity())));
    }

    private static Refund refund(Exchange exchange) {
        Refund r = exchange.getProperty(REFUND, Refund.class);
        return r != null ? r : exchange.getMessage().getBody(Refund.class);
    }

    private static int many2one(Object v) {
        if (v instanceof List<?> l && !l.isEmpty()) {
            return ((Number) l.get(0)).intValue();
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        throw new PostingRuleException("the invoice has no partner in Odoo: a credit note needs the customer");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(Object body) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (body instanceof List<?> l) {
            l.forEach(r -> out.add((Map<String, Object>) r));
        }
        return out;
    }
}
