package io.finbridge.odoo;

/**
 * Any other server error (faultCode 1: ValueError, TypeError, AttributeError, AssertionError ...) and
 * configuration errors such as an unknown database. Not retryable: the call or the settings must change.
 */
public class OdooServerException extends OdooException {

    public OdooServerException(OdooErrorClass errorClass, String model, String method, String odooErrorName,
            String odooMessage, Throwable cause) {
        super(errorClass, model, method, odooErrorName, odooMessage, cause);
    }
}
