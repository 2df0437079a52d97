package io.finbridge.ledger;

import io.finbridge.canonical.TaxLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The Odoo ids an invoice needs, as the posting layer resolves them for one entity (reference data, the product
 * cache). A reference that cannot be resolved throws, naming what is missing and in which company.
 */
public interface InvoiceRefs {

    int currencyId(String code);

    /** The entity's sales journal. */
    int salesJournalId();

    /** Where a line without a known product is booked: the entity's revenue account. */
    int revenueAccountId();

    /** Where billing for a service period not yet rendered is booked: the entity's deferred revenue account. */
    int deferredRevenueAccountId();

    /** Where a rounding difference is booked. */
    int roundingAccountId();

    /** The entity's Odoo tax for the source's tax line, with its rate; refused when the rates or inclusion differ. */
    OdooLineMath.Tax tax(TaxLine line, boolean included);

    /** The Odoo product of a SKU, if Odoo has one. */
    Optional<Integer> productId(String sku);

    /** The latest lock date binding sales entries in the entity's company, or null. */
    LocalDate lockDate();

    ZoneId timezone();

    /** How far Odoo's totals may differ from the source's and still be closed by a rounding line. */
    BigDecimal roundingTolerance();
}
