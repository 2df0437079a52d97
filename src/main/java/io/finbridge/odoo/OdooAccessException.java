package io.finbridge.odoo;

/**
 * The integration user may not do this: {@code AccessDenied} (credentials refused, faultCode 3) or
 * {@code AccessError} (a missing group, company or a private method, faultCode 4). Not retryable.
 */
public class OdooAccessException extends OdooException {

    public OdooAccessException(OdooErrorClass errorClass, String model, String method, String odooErrorName,
            String odooMessage, Throwable cause) {
        super(errorClass, model, method, odooErrorName, odooMessage, cause);
    }
}
