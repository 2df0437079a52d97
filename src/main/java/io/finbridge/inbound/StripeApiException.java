package io.finbridge.inbound;

/**
 * Stripe refused a request for a reason calling again does not change (an unknown or revoked key, an object that does
 * not exist, a parameter Stripe does not take), or answered with something that is not what its API documents. Carries
 * Stripe's own error: its type, code and message, and the request id Stripe support asks for. Not retried: the event
 * goes to the exception queue; fix the cause, then replay.
 */
public class StripeApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String requestId;

    public StripeApiException(String message, int status, String type, String code, String requestId) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.requestId = requestId;
    }

    /** The HTTP status Stripe answered with. */
    public int status() {
        return status;
    }

    /** Stripe's {@code error.type}: {@code invalid_request_error}, {@code api_error}, ...; null when the body had none. */
    public String type() {
        return type;
    }

    /** Stripe's {@code error.code} ({@code resource_missing}, ...); often null. */
    public String code() {
        return code;
    }

    /** Stripe's {@code Request-Id} header. */
    public String requestId() {
        return requestId;
    }
}
