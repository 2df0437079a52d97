package io.finbridge.odoo;

/**
 * Odoo could not take the call as Finbridge shaped it ({@link OdooErrorClass#CALL_SHAPE}): an argument it does not
 * know or misses, ids given to a model method, an unknown model or method, a body or content type it refuses. A bug
 * to fix in the route or the component, not in the data; never retried. A kind of {@link OdooServerException}, so
 * handlers written for that class still catch it, while the exception queue names it for what it is.
 */
public class OdooCallShapeException extends OdooServerException {

    public OdooCallShapeException(OdooErrorClass errorClass, String model, String method, String odooErrorName,
            String odooMessage, Throwable cause) {
        super(errorClass, model, method, odooErrorName, odooMessage, cause);
    }
}
