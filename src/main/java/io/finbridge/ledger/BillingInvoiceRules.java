package io.finbridge.ledger;

import io.finbridge.canonical.Invoice;
import io.finbridge.canonical.InvoiceLine;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.TaxLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A billing system's invoice (Stripe Billing, a rated usage batch) as an Odoo customer invoice that ties out with it,
 * by the same line arithmetic as orders ({@link OdooLineMath}, {@link LineShape}). What differs from an order is where
 * a line is booked: a line that pays for a service period is billed in advance, so it credits the entity's
 * <b>deferred revenue</b> account (the revenue schedules release it period by period); its label says the period, and
 * a proration line (a credit for unused time, a charge for the new plan) is a line of its own with its own period. A
 * line without a period is revenue at once. Invoice-level discounts are one negative line on the account of the
 * lines they reduce.
 */
public final class BillingInvoiceRules {

    private BillingInvoiceRules() {
    }

    /**
     * @param deferPeriods whether lines with a service period go to deferred revenue (Stripe Billing) or are revenue
     *                     already earned (usage billed in arrears)
     * @param enterpriseDeferral whether to set Odoo Enterprise's {@code deferred_start_date}/{@code deferred_end_date}
     *                     on deferred lines (Community has no such fields: Odoo would refuse them)
     */
    public static InvoiceDraft invoiceFor(Invoice invoice, int partnerId, InvoiceRefs refs, boolean deferPeriods, boolean enterpriseDeferral) {
        String currency = invoice.currency();
        int decimals = Money.zero(currency).minorUnits();
        LocalDate date = (invoice.issuedAt() != null ? invoice.issuedAt() : invoice.origin().occurredAt()).atZone(refs.timezone()).toLocalDate();
        LocalDate lock = refs.lockDate();
        if (lock != null && !date.isAfter(lock)) {
            throw new PostingRuleException("invoice " + invoice.number() + " is dated " + date + ", in a period locked in Odoo up to " + lock
                    + ": Odoo would move it to its first open date without a word, so it is not sent");
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        BigDecimal untaxed = BigDecimal.ZERO.setScale(decimals);
        BigDecimal tax = BigDecimal.ZERO.setScale(decimals);
        BigDecimal sourceTax = BigDecimal.ZERO.setScale(decimals);
        boolean anyDeferred = false;
        for (InvoiceLine l : invoice.lines()) {
            boolean included = l.taxes().stream().anyMatch(t -> Boolean.TRUE.equals(t.included()));
            List<OdooLineMath.Tax> taxes = new ArrayList<>();
            for (TaxLine t : l.taxes()) {
                if (t.amount().isZero() && (t.rate() == null || t.rate().signum() == 0)) {
                    continue;
                }
                taxes.add(refs.tax(t, Boolean.TRUE.equals(t.included())));
            }
            BigDecimal quantity = l.quantity() == null || l.quantity().signum() <= 0 ? BigDecimal.ONE : l.quantity();
            BigDecimal unit = l.unitAmount() != null ? l.unitAmount().amount() : l.amount().amount();
            LineShape shape = LineShape.of(l.amount().amount(), quantity, unit, null, decimals);
            boolean deferred = deferPeriods && l.period() != null && l.period().start() != null && l.period().end() != null;
            anyDeferred |= deferred;
            Optional<Integer> product = l.productRef() == null ? Optional.empty() : refs.productId(l.productRef());
            String label = l.description() == null ? "Line " + (lines.size() + 1) : l.description();
            if (l.period() != null && l.period().start() != null && l.period().end() != null) {
                LocalDate from = l.period().start().atZone(refs.timezone()).toLocalDate();
                LocalDate to = l.period().end().atZone(refs.timezone()).toLocalDate();
                label = label + " (" + from + " – " + to + ")" + (Boolean.TRUE.equals(l.proration()) ? " · proration" : "");
            }
            Map<String, Object> v = new LinkedHashMap<>();
            product.ifPresent(p -> v.put("product_id", p));
            v.put("name", label);
            v.put("quantity", shape.quantity());
            v.put("price_unit", shape.priceUnit());
            // a deferred line books to deferred revenue whatever its product's income account says
            Integer account = deferred ? refs.deferredRevenueAccountId() : product.isPresent() ? null : refs.revenueAccountId();
            if (account != null) {
                v.put("account_id", account);
            }
            v.put("tax_ids", List.of(List.of(6, 0, taxes.stream().map(OdooLineMath.Tax::id).toList())));
            if (deferred && enterpriseDeferral) {
                v.put("deferred_start_date", l.period().start().atZone(refs.timezone()).toLocalDate().toString());
                v.put("deferred_end_date", l.period().end().atZone(refs.timezone()).toLocalDate().minusDays(1).toString());
            }
            OdooLineMath.Amounts a = OdooLineMath.amounts(shape.quantity(), shape.priceUnit(), null, taxes, decimals);
            untaxed = untaxed.add(a.subtotal());
            tax = tax.add(a.tax());
            sourceTax = sourceTax.add(Money.sum(l.taxes().stream().map(TaxLine::amount).toList(), currency).amount());
            lines.add(v);
            if (!included && l.taxes().isEmpty() && l.amount().isNegative()) {
                notes.add("credit line " + l.amount() + ": " + label);
            }
        }
        Money discount = invoice.discountTotal();
        if (discount != null && !discount.isZero()) {
            BigDecimal d = discount.amount().negate();
            LineShape shape = LineShape.of(d, BigDecimal.ONE, d, null, decimals);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", "Discount");
            v.put("quantity", shape.quantity());
            v.put("price_unit", shape.priceUnit());
            v.put("account_id", anyDeferred ? refs.deferredRevenueAccountId() : refs.revenueAccountId());
            v.put("tax_ids", List.of(List.of(6, 0, List.of())));
            lines.add(v);
            untaxed = untaxed.add(d);
        }
        BigDecimal total = invoice.total().amount();
        BigDecimal invoiceTax = invoice.taxTotal() != null ? invoice.taxTotal().amount() : sourceTax;
        BigDecimal totalGap = total.subtract(untaxed.add(tax));
        BigDecimal taxGap = invoiceTax.subtract(tax);
        String hold = null;
        if (totalGap.abs().compareTo(refs.roundingTolerance()) > 0 || taxGap.abs().compareTo(refs.roundingTolerance()) > 0) {
            hold = "Odoo's totals would be untaxed " + untaxed.toPlainString() + ", tax " + tax.toPlainString() + ", total "
                    + untaxed.add(tax).toPlainString() + " " + currency + "; the invoice's are tax " + invoiceTax.toPlainString()
                    + ", total " + total.toPlainString() + ", beyond the tolerance of " + refs.roundingTolerance().toPlainString();
        } else if (totalGap.signum() != 0) {
            LineShape shape = LineShape.of(totalGap, BigDecimal.ONE, totalGap, null, decimals);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", "Rounding difference");
            v.put("quantity", shape.quantity());
            v.put("price_unit", shape.priceUnit());
            v.put("account_id", refs.roundingAccountId());
            v.put("tax_ids", List.of(List.of(6, 0, List.of())));
            lines.add(v);
            untaxed = untaxed.add(totalGap);
            notes.add("rounding line of " + totalGap.toPlainString() + " " + currency);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("move_type", "out_invoice");
        values.put("partner_id", partnerId);
        values.put("journal_id", refs.salesJournalId());
        values.put("currency_id", refs.currencyId(currency));
        values.put("invoice_date", date.toString());
        if (invoice.number() != null) {
            values.put("payment_reference", invoice.number());
            values.put("invoice_origin", invoice.number());
        }
        values.put("invoice_line_ids", lines.stream().map(l -> (Object) List.of(0, 0, l)).toList());
        return new InvoiceDraft(values, untaxed, tax, total, decimals, notes, unknown, hold);
    }
}
