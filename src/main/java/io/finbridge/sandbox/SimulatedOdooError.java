package io.finbridge.sandbox;

/** An error the simulated Odoo raises, carrying the Python class name a real Odoo 17 puts in {@code error.data.name}. */
final class SimulatedOdooError extends RuntimeException {

    static final String USER_ERROR = "odoo.exceptions.UserError";
    static final String VALIDATION_ERROR = "odoo.exceptions.ValidationError";
    static final String MISSING_ERROR = "odoo.exceptions.MissingError";
    static final String ACCESS_ERROR = "odoo.exceptions.AccessError";
    static final String ACCESS_DENIED = "odoo.exceptions.AccessDenied";
    static final String VALUE_ERROR = "builtins.ValueError";
    static final String ATTRIBUTE_ERROR = "builtins.AttributeError";

    private final String pythonClass;

    SimulatedOdooError(String pythonClass, String message) {
        super(message);
        this.pythonClass = pythonClass;
    }

    String pythonClass() {
        return pythonClass;
    }
}
