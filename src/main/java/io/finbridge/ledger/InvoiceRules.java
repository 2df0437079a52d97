package io.finbridge.ledger;

import io.finbridge.canonical.Money;
import io.finbridge.canonical.Order;
import io.finbridge.canonical.OrderLine;
import io.finbridge.canonical.ShippingLine;
import io.finbridge.canonical.TaxLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A sales order as an Odoo customer invoice whose totals tie out with the order's to the minor unit: one Odoo line
 * per order line and per shipping line, each shaped ({@link LineShape}) so that Odoo's base is the source's line
 * amount exactly, with the entity's taxes for the source's tax lines. Odoo's totals are computed here the way Odoo
 * computes them ({@link OdooLineMath}) before anything is sent:
 * <ul>
 * <li>they equal the source's: the invoice is posted as it is;</li>
 * <li>the total differs by no more than the entity's tolerance (amounts converted from the presentment currency one
 *     by one, a tax rounded per line where the source rounded per order): a rounding line on the rounding account
 *     closes the difference (rule {@link io.finbridge.canonical.Rounding#HALF_UP_PER_LINE} left it);</li>
 * <li>beyond the tolerance: the invoice is created in draft and not posted; the exception gives the difference.</li>
 * </ul>
 * No I/O: the ids come from {@link InvoiceRefs}.
 */
public final class InvoiceRules {

    private InvoiceRules() {
    }

    public static InvoiceDraft invoiceFor(Order order, int partnerId, InvoiceRefs refs) {
        String currency = order.currency();
        int decimals = Money.zero(currency).minorUnits();
        boolean included = Boolean.TRUE.equals(order.taxesIncluded());
        LocalDate date = order.orderedAt() == null ? order.origin().occurredAt().atZone(refs.timezone()).toLocalDate()
                : order.orderedAt().atZone(refs.timezone()).toLocalDate();
        LocalDate lock = refs.lockDate();
        if (lock != null && !date.isAfter(lock)) {
            throw new PostingRuleException("order " + order.number() + " is dated " + date + ", in a period locked in Odoo up to "
                    + lock + ": Odoo would move it to its first open date without a word, so it is not sent; unlock the period"
                    + " or decide on the date, then replay");
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        BigDecimal untaxed = BigDecimal.ZERO.setScale(decimals);
        BigDecimal tax = BigDecimal.ZERO.setScale(decimals);
        BigDecimal sourceTax = BigDecimal.ZERO.setScale(decimals);
        String codes = order.discounts().stream().map(d -> d.code()).filter(c -> c != null && !c.isBlank()).collect(Collectors.joining(", "));
        for (OrderLine l : order.lines()) {
            BigDecimal discount = l.discount() == null ? BigDecimal.ZERO : l.discount().amount();
            BigDecimal amount = l.net().amount();
            List<OdooLineMath.Tax> taxes = taxes(l.taxes(), included, refs);
            LineShape shape = LineShape.of(amount, l.quantity(), l.unitPrice().amount(), discount, decimals);
            Optional<Integer> product = l.sku() == null || l.sku().isBlank() ? Optional.empty() : refs.productId(l.sku());
            String label = l.name();
            if (product.isEmpty() && l.sku() != null && !l.sku().isBlank()) {
                unknown.add(l.sku());
                label = "[" + l.sku() + "] " + label;
            }
            if (shape.restated() || (discount.signum() != 0 && shape.discountPercent() == null)) {
                label = label + " (" + l.quantity().stripTrailingZeros().toPlainString() + " × " + l.unitPrice().amount().toPlainString()
                        + (discount.signum() == 0 ? "" : ", less " + discount.toPlainString()) + ")";
            }
            if (discount.signum() != 0 && !codes.isEmpty()) {
                label = label + " · " + codes;
            }
            OdooLineMath.Amounts a = OdooLineMath.amounts(shape.quantity(), shape.priceUnit(), shape.discountPercent(), taxes, decimals);
            untaxed = untaxed.add(a.subtotal());
            tax = tax.add(a.tax());
            sourceTax = sourceTax.add(sum(l.taxes(), currency));
            lines.add(line(label, shape, taxes, product.orElse(null), product.isPresent() ? null : refs.revenueAccountId()));
        }
        for (ShippingLine s : order.shipping()) {
            BigDecimal amount = s.net().amount();
            List<OdooLineMath.Tax> taxes = taxes(s.taxes(), included, refs);
            LineShape shape = LineShape.of(amount, BigDecimal.ONE, amount, null, decimals);
            String label = "Shipping: " + (s.title() == null ? "" : s.title())
                    + (s.discount() != null && s.discount().amount().signum() != 0 ? " (" + s.price().amount().toPlainString() + ", less "
                    + s.discount().amount().toPlainString() + ")" : "");
            OdooLineMath.Amounts a = OdooLineMath.amounts(shape.quantity(), shape.priceUnit(), null, taxes, decimals);
            untaxed = untaxed.add(a.subtotal());
            tax = tax.add(a.tax());
            sourceTax = sourceTax.add(sum(s.taxes(), currency));
            lines.add(line(label, shape, taxes, null, refs.revenueAccountId()));
        }
        BigDecimal total = order.total().amount();
        BigDecimal orderTax = order.taxTotal() != null ? order.taxTotal().amount() : sourceTax;
        BigDecimal totalGap = total.subtract(untaxed.add(tax));
        BigDecimal taxGap = orderTax.subtract(tax);
        BigDecimal tolerance = refs.roundingTolerance();
        String hold = null;
        if (totalGap.abs().compareTo(tolerance) > 0 || taxGap.abs().compareTo(tolerance) > 0) {
            hold = "Odoo's totals would be untaxed " + untaxed.toPlainString() + ", tax " + tax.toPlainString() + ", total "
                    + untaxed.add(tax).toPlainString() + " " + currency + "; the order's are tax " + orderTax.toPlainString() + ", total "
                    + total.toPlainString() + ": a difference of " + totalGap.toPlainString() + " in the total and "
                    + taxGap.toPlainString() + " in the tax, beyond the tolerance of " + tolerance.toPlainString();
        } else if (totalGap.signum() != 0) {
            LineShape shape = LineShape.of(totalGap, BigDecimal.ONE, totalGap, null, decimals);
            String why = order.isMultiCurrency() ? "converted from " + order.presentmentCurrency() + " line by line" : "rounded per line";
            lines.add(line("Rounding difference (" + why + ")", shape, List.of(), null, refs.roundingAccountId()));
            untaxed = untaxed.add(totalGap);
            notes.add("rounding line of " + totalGap.toPlainString() + " " + currency + " (" + why + ")");
        }
        if (taxGap.signum() != 0 && hold == null) {
            notes.add("Odoo's tax (rounded per line) differs from the order's by " + taxGap.toPlainString() + " " + currency);
        }
        if (!unknown.isEmpty()) {
            notes.add("SKUs Odoo has no product for, booked on the revenue account: " + String.join(", ", unknown));
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("move_type", "out_invoice");
        v.put("partner_id", partnerId);
        v.put("journal_id", refs.salesJournalId());
        v.put("currency_id", refs.currencyId(currency));
        v.put("invoice_date", date.toString());
        v.put("payment_reference", order.number());
        v.put("invoice_origin", order.number());
        if (order.isMultiCurrency() && order.presentmentTotal() != null) {
            v.put("narration", "Presented to the buyer in " + order.presentmentCurrency() + ": total "
                    + order.presentmentTotal().amount().toPlainString() + " " + order.presentmentCurrency());
        }
        v.put("invoice_line_ids", lines.stream().map(l -> (Object) List.of(0, 0, l)).toList());
        return new InvoiceDraft(v, untaxed, tax, total, decimals, notes, unknown, hold);
    }

    private static List<OdooLineMath.Tax> taxes(List<TaxLine> lines, boolean included, InvoiceRefs refs) {
        List<OdooLineMath.Tax> out = new ArrayList<>();
        for (TaxLine t : lines) {
            if ((t.rate() == null || t.rate().signum() == 0) && t.amount().isZero()) {
                continue; // a zero-rated line says nothing Odoo needs
            }
            out.add(refs.tax(t, included));
        }
        return out;
    }

    private static BigDecimal sum(List<TaxLine> taxes, String currency) {
        return Money.sum(taxes.stream().map(TaxLine::amount).toList(), currency).amount();
    }

    private static Map<String, Object> line(String name, LineShape shape, List<OdooLineMath.Tax> taxes, Integer productId, Integer accountId) {
        Map<String, Object> l = new LinkedHashMap<>();
        if (productId != null) {
            l.put("product_id", productId);
        }
        l.put("name", name);
        l.put("quantity", shape.quantity());
        l.put("price_unit", shape.priceUnit());
        if (shape.discountPercent() != null) {
            l.put("discount", shape.discountPercent());
        }
        if (accountId != null) {
            l.put("account_id", accountId);
        }
        l.put("tax_ids", List.of(List.of(6, 0, taxes.stream().map(OdooLineMath.Tax::id).toList())));
        return l;
    }

    /**
     * The check of the invoice Odoo made, against the totals computed here: a posted invoice whose totals differ, or
     * whose accounting date Odoo moved (a period locked since the lock dates were last read), is a business exception.
     */
    public static String problem(InvoiceDraft draft, Map<String, Object> readBack) {
        List<String> diffs = new ArrayList<>();
        compare(diffs, "amount_untaxed", draft.untaxed(), readBack.get("amount_untaxed"), draft.decimals());
        compare(diffs, "amount_tax", draft.tax(), readBack.get("amount_tax"), draft.decimals());
        compare(diffs, "amount_total", draft.total(), readBack.get("amount_total"), draft.decimals());
        Object date = readBack.get("date");
        Object invoiceDate = draft.values().get("invoice_date");
        if (date instanceof String d && invoiceDate != null && !d.equals(invoiceDate)) {
            diffs.add("Odoo dated it " + d + " instead of " + invoiceDate + " (a period locked in Odoo)");
        }
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }

    private static void compare(List<String> diffs, String field, BigDecimal expected, Object actual, int decimals) {
        if (actual == null || actual instanceof Boolean) {
            return;
        }
        BigDecimal got = new BigDecimal(String.valueOf(actual)).setScale(decimals, java.math.RoundingMode.HALF_UP);
        if (got.compareTo(expected) != 0) {
            diffs.add(field + " is " + got.toPlainString() + " in Odoo, the source's is " + expected.toPlainString());
        }
    }
}
