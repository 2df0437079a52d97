package io.finbridge.odoo;

import java.util.Locale;

/** How the component speaks to Odoo. */
public enum OdooProtocol {
    /** {@code POST /jsonrpc} with {@code execute_kw}: Odoo 16 to 19 (deprecated in 19, removed in 20). */
    JSONRPC,
    /** {@code POST /xmlrpc/2/object} with {@code execute_kw}: Odoo 16 to 19 (deprecated in 19, removed in 20). */
    XMLRPC,
    /** {@code POST /json/2/<model>/<method>} with a bearer API key: Odoo 19 and later. */
    JSON2,
    /**
     * Reads the server version once ({@code GET /web/version}, {@code common.version} only where that is 404) and
     * picks JSON-2 from Odoo 19 on, JSON-RPC before.
     */
    AUTO;

    public static OdooProtocol parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        String v = value.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (v) {
            case "jsonrpc" -> JSONRPC;
            case "xmlrpc" -> XMLRPC;
            case "json2" -> JSON2;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("Unknown Odoo protocol '" + value
                    + "': use jsonrpc, xmlrpc, json2 or auto");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
