package io.finbridge.odoo;

/**
 * A failure worth another try later: transport errors, timeouts, HTTP 502/503/504 and other 5xx from a proxy,
 * Odoo's serialization failures and concurrent updates, JSON-2 409.
 */
public class OdooRetryableException extends OdooException {

    public OdooRetryableException(OdooErrorClass errorClass, String model, String method, String odooErrorName,
            String odooMessage, Throwable cause) {
        super(errorClass, model, method, odooErrorName, odooMessage, cause);
    }
}
