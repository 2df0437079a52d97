package io.finbridge.odoo;

/**
 * A call to Odoo that failed, carrying the model, the method, Odoo's own error name and message, and the
 * {@link OdooErrorClass} a route's error handler acts on. The subclasses group the classes the way routes treat them:
 * {@link OdooRetryableException} (redeliver), {@link OdooBusinessException} (dead-letter for a person),
 * {@link OdooAccessException} (fix the integration user), {@link OdooServerException} (fix the call or the settings),
 * and among those {@link OdooCallShapeException} (a call Odoo cannot take: a bug in Finbridge).
 *
 * <p>Messages never carry the API key, nor the Python traceback Odoo sends along (JSON {@code debug}, XML-RPC
 * faultString): Odoo's exception class and message are kept, the traceback stays in Odoo's own log.
 */
public class OdooException extends RuntimeException {

    private final String model;
    private final String method;
    private final String odooErrorName;
    private final String odooMessage;
    private final OdooErrorClass errorClass;

    protected OdooException(OdooErrorClass errorClass, String model, String method, String odooErrorName,
                            String odooMessage, Throwable cause) {
        super(describe(errorClass, model, method, odooErrorName, odooMessage), cause);
        this.errorClass = errorClass;
        this.model = model;
        this.method = method;
        this.odooErrorName = odooErrorName;
        this.odooMessage = odooMessage;
    }

    /** The exception of the subclass that matches {@code errorClass}. */
    public static OdooException of(OdooErrorClass errorClass, String model, String method, String odooErrorName,
                                   String odooMessage, Throwable cause) {
        return switch (errorClass) {
            case TRANSPORT, TIMEOUT, UNAVAILABLE, CONCURRENCY ->
                    new OdooRetryableException(errorClass, model, method, odooErrorName, odooMessage, cause);
            case ACCESS_DENIED, ACCESS -> new OdooAccessException(errorClass, model, method, odooErrorName, odooMessage, cause);
            case USER, VALIDATION, MISSING -> new OdooBusinessException(errorClass, model, method, odooErrorName, odooMessage, cause);
            case SERVER, CONFIGURATION -> new OdooServerException(errorClass, model, method, odooErrorName, odooMessage, cause);
            case CALL_SHAPE -> new OdooCallShapeException(errorClass, model, method, odooErrorName, odooMessage, cause);
        };
    }

    private static String describe(OdooErrorClass errorClass, String model, String method, String name, String message) {
        StringBuilder b = new StringBuilder("Odoo ");
        b.append(model == null ? "?" : model).append('.').append(method == null ? "?" : method).append(" failed: ");
        b.append(message == null || message.isBlank() ? "(no message)" : message.strip());
        if (name != null && !name.isBlank()) {
            b.append(" [").append(name).append(']');
        }
        if (errorClass == OdooErrorClass.CALL_SHAPE) {
            // read in the exception queue by people who did not write the route: say whose fix it is
            b.append(" (call shape: Odoo cannot take the call as Finbridge sent it, a bug to report, not retried)");
        }
        return b.toString();
    }

    /** The model called, e.g. {@code res.partner}. */
    public String model() {
        return model;
    }

    /** The method called, e.g. {@code create} or {@code action_post}. */
    public String method() {
        return method;
    }

    /**
     * Odoo's name for the error: {@code error.data.name} over JSON-RPC and JSON-2 (e.g.
     * {@code odoo.exceptions.ValidationError}); over XML-RPC the exception class from the traceback for faultCode 1
     * (e.g. {@code AttributeError}) and {@code faultCode <n>} otherwise; null when Odoo was not reached.
     */
    public String odooErrorName() {
        return odooErrorName;
    }

    /** Odoo's message as Odoo wrote it (or the transport's reason when Odoo was not reached). */
    public String odooMessage() {
        return odooMessage;
    }

    public OdooErrorClass errorClass() {
        return errorClass;
    }

    public boolean isRetryable() {
        return errorClass.isRetryable();
    }

    /**
     * True when Odoo answered that what was looked up does not exist, an expected answer rather than a failure: an
     * external id nobody registered yet makes {@code check_object_reference} (every {@code _xmlid_lookup}) raise a
     * ValueError "External ID not found in the system: module.name". Callers read it as "none";
     * {@link MeteredOdooClient} counts it as a miss, not as an error.
     */
    public boolean isNotFound() {
        return errorClass == OdooErrorClass.SERVER && odooMessage != null && odooMessage.contains("External ID not found");
    }
}
