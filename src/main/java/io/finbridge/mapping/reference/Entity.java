package io.finbridge.mapping.reference;

import java.util.List;
import java.util.Map;

/**
 * One Odoo company Finbridge books into: its code (what {@code origin.entity} carries), the company, its accounting
 * currency, its journals by role ({@code sales}, {@code bank}, {@code misc}) and which source accounts belong to it.
 */
public record Entity(String code, OdooRef company, String currency, Map<String, OdooRef> journals,
        Map<String, List<String>> sources) {

    public Entity {
        journals = Map.copyOf(journals);
        sources = Map.copyOf(sources);
    }
}
