package io.finbridge.posting;

import io.finbridge.canonical.Address;
import io.finbridge.canonical.FinancialStatus;
import io.finbridge.canonical.Order;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.Party;
import io.finbridge.canonical.PartyRef;
import io.finbridge.canonical.PartyRole;
import io.finbridge.canonical.TaxLine;
import io.finbridge.inbound.FlowTrail;
import io.finbridge.ledger.InvoiceDraft;
import io.finbridge.ledger.InvoiceRefs;
import io.finbridge.ledger.InvoiceRules;
import io.finbridge.ledger.OdooLineMath;
import io.finbridge.ledger.PostingRuleException;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.mapping.reference.Entity;
import io.finbridge.mapping.reference.OdooReferences;
import io.finbridge.odoo.OdooConstants;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Bound as {@code invoicePostings}: the steps of the order-to-invoice flows that need Finbridge's state (reference
 * data, the product catalog, the binder). The accounting itself is {@link InvoiceRules}'.
 */
public final class InvoicePostings {

    public static final String BEAN_NAME = "invoicePostings";
    /** Exchange property: the canonical order the flow works on. */
    public static final String ORDER = "FinbridgeOrder";
    /** Header: whether this event makes the order's invoice now (the entity's invoicing.when). */
    public static final String INVOICE_NOW = "FinbridgeInvoiceNow";
    private static final String LOOKED_UP = "FinbridgeSkusAsked";

    private final MappingRegistry mappings;
    private final OdooReferences references;
    private final ProductCatalog products;
    private final PartnerPostings partners;
    private final Binder binder;

    public InvoicePostings(MappingRegistry mappings, OdooReferences references, ProductCatalog products, PartnerPostings partners,
                           Binder binder) {
        this.mappings = mappings;
        this.references = references;
        this.products = products;
        this.partners = partners;
        this.binder = binder;
    }

    public static BindingKey invoiceKey(Order order) {
        return new BindingKey(order.origin().sourceSystem(), "order", order.origin().sourceId(), order.origin().entity());
    }

    /**
     * Whether this event makes the invoice: an entity invoicing on order does so at once; one invoicing on payment
     * once the order is paid. The header {@value #INVOICE_NOW} says which; when not now, the trace says why.
     */
    public void timing(Exchange exchange) {
        Order order = exchange.getMessage().getBody(Order.class);
        exchange.setProperty(ORDER, order);
        Entity e = mappings.reference().entity(order.origin().entity());
        boolean paid = order.financialStatus() == FinancialStatus.PAID || order.financialStatus() == FinancialStatus.PARTIALLY_REFUNDED
                || order.financialStatus() == FinancialStatus.REFUNDED;
        boolean now = e.invoicing().when() == Entity.Invoicing.When.ORDER || paid;
        exchange.getMessage().setHeader(INVOICE_NOW, now);
        if (!now) {
            FlowTrail.note(exchange, "NO_WRITE", "account.move/" + invoiceKey(order).naturalKey(), Map.of("reason",
                    "entity " + e.code() + " invoices on payment; order " + order.number() + " is " + order.financialStatus()));
        }
    }

    /** The order's customer as a partner posting (a guest checkout is a customer by email, or by order). */
    public Posting customerOf(Exchange exchange) {
        Order order = order(exchange);
        PartyRef c = order.customer();
        String email = c == null ? null : c.email();
        String sourceId = c != null && c.sourceId() != null ? c.sourceId()
                : email != null ? "guest:" + email.strip().toLowerCase(java.util.Locale.ROOT) : "guest-order:" + order.origin().sourceId();
        String name = c != null && c.name() != null && !c.name().isBlank() ? c.name() : email != null ? email : "Guest " + order.number();
        Origin o = order.origin();
        Address billing = c == null ? null : c.billingAddress();
        Party party = new Party(new Origin(o.sourceSystem(), sourceId, o.entity(), o.occurredAt(), o.mapping(), o.mappingVersion()),
                PartyRole.CUSTOMER, name, null, email == null ? List.of() : List.of(email), null, c == null ? null : c.vat(), null,
                billing, null, order.currency());
        return partners.forParty(party);
    }

    /** The SKUs of the order's lines Odoo has not been asked about yet, with the search for them in the headers. */
    public List<String> productsToLookUp(Exchange exchange) {
        Order order = order(exchange);
        List<String> skus = products.toLookUp(order.origin().entity(), order.lines().stream().map(l -> l.sku()).toList());
        exchange.setProperty(LOOKED_UP, skus);
        if (!skus.isEmpty()) {
            exchange.getMessage().setHeader(OdooConstants.DOMAIN, List.of(List.of("default_code", "in", skus)));
            exchange.getMessage().setHeader(OdooConstants.FIELDS, List.of("default_code", "name"));
            exchange.getMessage().setHeader(OdooConstants.CONTEXT, Map.of("allowed_company_ids",
                    List.of(references.companyId(order.origin().entity()))));
        }
        return skus;
    }

    @SuppressWarnings("unchecked")
    public void productsFound(Exchange exchange) {
        List<String> asked = exchange.getProperty(LOOKED_UP, List.class);
        List<Map<String, Object>> found = new ArrayList<>();
        if (exchange.getMessage().getBody() instanceof List<?> l) {
            l.forEach(r -> found.add((Map<String, Object>) r));
        }
        products.learn(order(exchange).origin().entity(), asked, found);
    }

    /** The order's invoice as a posting to account.move, its lines shaped to tie out (or held in draft). */
    public Posting invoice(Exchange exchange) {
        Order order = order(exchange);
        Integer partner = exchange.getProperty("FinbridgePartner", Integer.class);
        if (partner == null) {
            throw new IllegalStateException("no partner for order " + order.number());
        }
        InvoiceDraft draft = InvoiceRules.invoiceFor(order, partner, refs(order.origin().entity()));
        int company = references.companyId(order.origin().entity());
        Posting.Builder b = Posting.to("account.move", invoiceKey(order)).naturalKeyIn("ref")
                .values(draft.values())
                .context(Map.of("allowed_company_ids", List.of(company)))
                .sourceVersion(order.origin().occurredAt().toString())
                .from(order)
                .noting(draft.notes())
                .posted()
                .checkedBy(readBack -> InvoiceRules.problem(draft, readBack));
        if (draft.held()) {
            b.heldInDraft(new PostingRuleException("invoice for order " + order.number() + " stays in draft: " + draft.holdReason()));
        }
        return b.build();
    }

    /** The binding of the order's invoice, if it was made. */
    public Optional<Binding> invoiceOf(Order order) {
        return binder.find(invoiceKey(order));
    }

    private static Order order(Exchange exchange) {
        Order o = exchange.getProperty(ORDER, Order.class);
        return o != null ? o : exchange.getMessage().getBody(Order.class);
    }

    /** The entity's references as the ledger asks for them. */
    InvoiceRefs refs(String entityCode) {
        return refs(entityCode, "shopify");
    }

    /** The references of an entity for invoices from {@code source} (its tax rules are per source). */
    public InvoiceRefs refs(String entityCode, String source) {
        Entity entity = mappings.reference().entity(entityCode);
        return new InvoiceRefs() {
            @Override
            public int currencyId(String code) {
                return references.currencyId(code);
            }

            @Override
            public int salesJournalId() {
                return references.journalId(entityCode, "sales");
            }

            @Override
            public int revenueAccountId() {
                return references.accountId(entityCode, "revenue");
            }

            @Override
            public int deferredRevenueAccountId() {
                return references.accountId(entityCode, "deferred-revenue");
            }

            @Override
            public int roundingAccountId() {
                return references.accountId(entityCode, "rounding");
            }

            @Override
            public OdooLineMath.Tax tax(TaxLine line, boolean included) {
                OdooReferences.TaxInfo t = references.tax(source, entityCode, line);
                if (line.rate() != null && line.rate().compareTo(t.rate()) != 0 || t.included() != included) {
                    throw new PostingRuleException("the " + source + " tax " + line.title() + " (" + percent(line.rate()) + ", "
                            + (included ? "included in prices" : "added to prices") + ") maps to the Odoo tax '" + t.name() + "' of entity "
                            + entityCode + ", which is " + percent(t.rate()) + (t.included() ? " included" : " excluded")
                            + ": the invoice would not tie out; map it to a tax with the same rate in mappings/reference/taxes.yaml");
                }
                return new OdooLineMath.Tax(t.id(), t.rate(), t.included());
            }

            @Override
            public Optional<Integer> productId(String sku) {
                return products.productId(entityCode, sku);
            }

            @Override
            public LocalDate lockDate() {
                return references.lockDate(entityCode, "sale");
            }

            @Override
            public ZoneId timezone() {
                return entity.timezone();
            }

            @Override
            public BigDecimal roundingTolerance() {
                return entity.invoicing().roundingTolerance();
            }
        };
    }

    private static String percent(BigDecimal fraction) {
        return fraction == null ? "no rate" : fraction.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }
}
