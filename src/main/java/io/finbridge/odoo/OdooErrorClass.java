package io.finbridge.odoo;

import java.util.Locale;

/**
 * What went wrong on a call to Odoo, in the terms a route's error handler acts on. Over JSON-RPC and XML-RPC (always
 * HTTP 200) it is classified from Odoo's own error name ({@code error.data.name}, the faultCode and traceback); over
 * JSON-2 by the HTTP status first, then by the name ({@link #ofJson2}); where Odoo sent no error, from the transport.
 */
public enum OdooErrorClass {
    /** The connection failed or broke: refused, reset, DNS, TLS. Retryable. */
    TRANSPORT(true),
    /** No answer within the connect or request timeout. Retryable. */
    TIMEOUT(true),
    /** Odoo or its proxy is not serving: HTTP 502/503/504, other 5xx without an Odoo error, 429. Retryable. */
    UNAVAILABLE(true),
    /** PostgreSQL serialization failure or concurrent update that Odoo gave up retrying; JSON-2 409. Retryable. */
    CONCURRENCY(true),
    /** Odoo refused the credentials: {@code AccessDenied} (XML-RPC faultCode 3), JSON-2 401. */
    ACCESS_DENIED(false),
    /** The user lacks a group or company: {@code AccessError} (faultCode 4), private methods, JSON-2 403. */
    ACCESS(false),
    /** {@code UserError}: Odoo refused the operation for a business reason (faultCode 2). */
    USER(false),
    /** {@code ValidationError}: a constraint failed, including unique keys (faultCode 2). */
    VALIDATION(false),
    /** {@code MissingError}: the record does not exist or was deleted (faultCode 2). */
    MISSING(false),
    /** Any other server-side exception (faultCode 1, JSON-2 500): ValueError, TypeError, AttributeError, AssertionError. */
    SERVER(false),
    /**
     * The request does not fit what Odoo serves, a bug in Finbridge's call rather than in the data: JSON-2's werkzeug
     * UnprocessableEntity (422: unexpected or missing argument, ids on a model method), NotFound (404: unknown model or
     * method), BadRequest (400) and 415. Not retried: the same call fails the same way until the code changes.
     */
    CALL_SHAPE(false),
    /** The component is pointed at the wrong place: unknown database, wrong URL, a redirect, a protocol Odoo lacks. */
    CONFIGURATION(false);

    private final boolean retryable;

    OdooErrorClass(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }

    /**
     * Classifies an error Odoo reported by the Python class of its exception.
     *
     * @param name Odoo's {@code error.data.name}, e.g. {@code odoo.exceptions.ValidationError}
     * @param message Odoo's message, used where the class alone is ambiguous
     */
    public static OdooErrorClass ofOdooError(String name, String message) {
        String n = name == null ? "" : name;
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (n.endsWith("AccessDenied") || n.endsWith("Unauthorized")) {
            return ACCESS_DENIED;
        }
        if (n.endsWith("AccessError") || n.endsWith("Forbidden")) {
            return ACCESS;
        }
        if (n.endsWith("MissingError")) {
            return MISSING;
        }
        if (n.endsWith("ValidationError")) {
            return VALIDATION;
        }
        if (n.endsWith("UserError") || n.endsWith("RedirectWarning")) {
            return USER;
        }
        if (n.contains("SerializationFailure") || n.contains("TransactionRollbackError") || n.endsWith("ConcurrencyError")
                || n.contains("LockNotAvailable") || n.contains("DeadlockDetected") || n.endsWith("Conflict")
                || m.contains("could not serialize access due to concurrent update")) {
            return CONCURRENCY;
        }
        if (n.endsWith("OperationalError")) {
            // an unknown database is a setting to fix; a database that is restarting is worth another try
            return m.contains("does not exist") ? CONFIGURATION : UNAVAILABLE;
        }
        return SERVER;
    }

    /**
     * Classifies a JSON-2 error answer whose body is Odoo's JSON error, by HTTP status first and then by {@code name},
     * as a real Odoo 19 answered: 422 is a ValidationError (data) or werkzeug's UnprocessableEntity (call shape); 404 a
     * MissingError (data) or werkzeug's NotFound (unknown model or method); 409 a LockError; 500 any other Python
     * exception, classified by its name as over JSON-RPC.
     *
     * @param name Odoo's {@code name}, e.g. {@code werkzeug.exceptions.UnprocessableEntity}; null when the body had none
     */
    public static OdooErrorClass ofJson2(int status, String name, String message) {
        String n = name == null ? "" : name;
        boolean werkzeug = n.startsWith("werkzeug.");
        return switch (status) {
            case 400, 405, 415 -> CALL_SHAPE;
            case 401 -> ACCESS_DENIED;
            case 403 -> n.endsWith("AccessDenied") ? ACCESS_DENIED : ACCESS;
            case 404 -> n.endsWith("MissingError") ? MISSING : werkzeug ? CALL_SHAPE : CONFIGURATION;
            case 408 -> TIMEOUT;
            case 409 -> CONCURRENCY;
            case 422 -> n.endsWith("ValidationError") ? VALIDATION : werkzeug ? CALL_SHAPE : USER;
            case 429, 502, 503, 504 -> UNAVAILABLE;
            case 500 -> ofOdooError(name, message);
            default -> status > 500 ? UNAVAILABLE : name != null ? ofOdooError(name, message) : CONFIGURATION;
        };
    }

    /** Classifies an HTTP answer that carries no Odoo error: a proxy, a load balancer, or a missing endpoint. */
    public static OdooErrorClass ofHttpStatus(int status) {
        if (status == 408) {
            return TIMEOUT;
        }
        if (status == 409) {
            return CONCURRENCY;
        }
        if (status == 429 || status >= 500) {
            return UNAVAILABLE;
        }
        if (status == 401) {
            return ACCESS_DENIED;
        }
        if (status == 403) {
            return ACCESS;
        }
        return CONFIGURATION;
    }
}
