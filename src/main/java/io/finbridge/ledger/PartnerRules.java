package io.finbridge.ledger;

import io.finbridge.canonical.Address;
import io.finbridge.canonical.Party;
import io.finbridge.canonical.PartyRole;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A canonical {@link Party} as the values of an Odoo {@code res.partner}, field by field, so that an update can send
 * only the fields its source owns: each canonical field names the Odoo fields it becomes. No I/O: the country's Odoo
 * id is asked of {@code countryIds}.
 */
public final class PartnerRules {

    private PartnerRules() {
    }

    /** The Odoo values of each canonical field of the party (a field with nothing to say is left out). */
    public static Map<String, Map<String, Object>> byField(Party party, Function<String, Optional<Integer>> countryIds) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        out.put("name", Map.of("name", party.name()));
        boolean company = party.companyName() != null && party.companyName().equals(party.name());
        out.put("companyName", Map.of("is_company", company));
        primaryEmail(party).ifPresent(e -> out.put("emails", Map.of("email", e)));
        if (party.phone() != null) {
            out.put("phone", Map.of("phone", party.phone()));
        }
        vat(party).ifPresent(v -> out.put("vat", Map.of("vat", v)));
        if (party.website() != null) {
            out.put("website", Map.of("website", party.website()));
        }
        Address a = party.billingAddress();
        if (a != null) {
            Map<String, Object> v = new LinkedHashMap<>();
            putIfPresent(v, "street", a.line1());
            putIfPresent(v, "street2", a.line2());
            putIfPresent(v, "city", a.city());
            putIfPresent(v, "zip", a.postalCode());
            if (a.country() != null && a.country().length() == 2) {
                countryIds.apply(a.country().toUpperCase(Locale.ROOT)).ifPresent(c -> v.put("country_id", c));
            }
            if (!v.isEmpty()) {
                out.put("billingAddress", v);
            }
        }
        return out;
    }

    /** The values a new partner is created with: every field, and its rank as a customer or a vendor. */
    public static Map<String, Object> createValues(Party party, Map<String, Map<String, Object>> byField) {
        Map<String, Object> v = new LinkedHashMap<>();
        byField.values().forEach(v::putAll);
        v.put(party.role() == PartyRole.VENDOR ? "supplier_rank" : "customer_rank", 1);
        return v;
    }

    /** The first email, trimmed and in lower case (Odoo compares emails without regard to case). */
    public static Optional<String> primaryEmail(Party party) {
        return party.emails().stream().map(PartnerRules::normalizeEmail).filter(e -> !e.isEmpty()).findFirst();
    }

    public static String normalizeEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    /** The VAT number in upper case without spaces, dots or dashes. */
    public static Optional<String> vat(Party party) {
        if (party.vat() == null) {
            return Optional.empty();
        }
        String v = party.vat().toUpperCase(Locale.ROOT).replaceAll("[\\s.\\-]", "");
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static void putIfPresent(Map<String, Object> v, String key, String value) {
        if (value != null) {
            v.put(key, value);
        }
    }
}
