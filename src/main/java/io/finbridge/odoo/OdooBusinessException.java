package io.finbridge.odoo;

/**
 * Odoo refused the data for a business reason: {@code UserError}, {@code ValidationError}, {@code MissingError}
 * (XML-RPC faultCode 2). Not retryable: the same call fails the same way until the data changes.
 */
public class OdooBusinessException extends OdooException {

    public OdooBusinessException(OdooErrorClass errorClass, String model, String method, String odooErrorName,
            String odooMessage, Throwable cause) {
        super(errorClass, model, method, odooErrorName, odooMessage, cause);
    }
}
