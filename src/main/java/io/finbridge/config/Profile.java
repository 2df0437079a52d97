package io.finbridge.config;

import java.util.Locale;

/** The three ways Finbridge runs; chosen with FINBRIDGE_PROFILE. */
public enum Profile {
    /** Local development: route and mapping reload on change, console open with a generated password if none is set. */
    DEV,
    /** Try-it-out: an in-process Odoo simulator, nothing leaves the machine. Never chosen implicitly. */
    SANDBOX,
    /** Production: a real Odoo, required secrets, no defaults that would be unsafe. */
    PROD;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Profile parse(String value) {
        for (Profile p : values()) {
            if (p.id().equalsIgnoreCase(value.trim())) {
                return p;
            }
        }
        throw new ConfigurationException("Unknown profile '" + value + "'. Choose one of dev, sandbox, prod with FINBRIDGE_PROFILE.");
    }
}
