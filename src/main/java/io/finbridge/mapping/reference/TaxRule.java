package io.finbridge.mapping.reference;

import io.finbridge.canonical.TaxLine;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * One line of taxes.yaml: a source tax, recognized by any of title, rate and jurisdiction (all that are given must
 * match), and the Odoo tax it is booked as in each entity.
 */
public record TaxRule(String source, String title, BigDecimal rate, String jurisdiction, Map<String, OdooRef> odoo, int line) {

    public TaxRule {
        odoo = Map.copyOf(odoo);
    }

    public boolean matches(String sourceSystem, TaxLine tax) {
        if (!source.equals("*") && !source.equals(sourceSystem)) {
            return false;
        }
        if (title != null && (tax.title() == null || !title.equalsIgnoreCase(tax.title().strip()))) {
            return false;
        }
        if (rate != null && (tax.rate() == null || rate.compareTo(tax.rate()) != 0)) {
            return false;
        }
        if (jurisdiction != null) {
            String j = tax.jurisdiction() == null ? "" : tax.jurisdiction().toUpperCase(Locale.ROOT);
            // US-CA matches a rule for US-CA and one for US
            return j.equals(jurisdiction) || j.startsWith(jurisdiction + "-");
        }
        return true;
    }
}
