package io.finbridge.mapping.reference;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import java.util.List;
import java.util.Map;

/**
 * One Odoo company Finbridge books into: its code (what {@code origin.entity} carries), the company, its accounting
 * currency, its journals by role ({@code sales}, {@code bank}, {@code misc}), which source accounts belong to it, the
 * time zone its documents are dated in, and how its invoices are made.
 */
public record Entity(String code, OdooRef company, String currency, Map<String, OdooRef> journals,
        Map<String, List<String>> sources, ZoneId timezone, Invoicing invoicing) {

    public Entity {
        journals = Map.copyOf(journals);
        sources = Map.copyOf(sources);
        timezone = timezone == null ? ZoneOffset.UTC : timezone;
        invoicing = invoicing == null ? Invoicing.DEFAULT : invoicing;
    }

    /** The date of {@code at} in the entity's books (its time zone). */
    public LocalDate dateOf(java.time.Instant at) {
        return at.atZone(timezone).toLocalDate();
    }

    /**
     * When a sales order becomes a customer invoice ({@code order}: at once; {@code payment}: once it is paid, when
     * payment and tax are final), and how far Odoo's totals may differ from the source's before the invoice is held
     * in draft: up to {@code roundingTolerance}, a rounding line on the rounding account closes the difference.
     */
    public record Invoicing(When when, BigDecimal roundingTolerance) {
        public static final Invoicing DEFAULT = new Invoicing(When.ORDER, new BigDecimal("0.05"));

        public enum When { ORDER, PAYMENT }
    }
}
