package io.finbridge.mapping.match;

import io.finbridge.config.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One way of finding the Odoo partner for a party, tried in the order a source's strategy lists them. */
public enum MatchStrategy {
    /** The external id {@code finbridge.<source>_customer_<id>} registered when the party was first matched. */
    EXTERNAL_ID,
    /** The party's email, normalized (trimmed, lower case); Odoo compares it without regard to case. */
    EMAIL,
    /** The party's VAT number, normalized (upper case, no spaces, dots or dashes). */
    VAT;

    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code external-id,email,vat} as configured in {@code finbridge.mappings.matching.<source>}. */
    public static List<MatchStrategy> parse(String setting, String value) {
        List<MatchStrategy> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String p = part.strip();
            MatchStrategy found = null;
            for (MatchStrategy s : values()) {
                if (s.key().equals(p)) {
                    found = s;
                }
            }
            if (found == null) {
                throw new ConfigurationException("Setting " + setting + " has an unknown matching strategy '" + p
                        + "' (use external-id, email, vat, in the order to try them)");
            }
            if (out.contains(found)) {
                throw new ConfigurationException("Setting " + setting + " lists " + p + " twice");
            }
            out.add(found);
        }
        return List.copyOf(out);
    }
}
