package io.finbridge.review;

/** The case is not in a state that allows the action, e.g. replaying a resolved case (HTTP 409). */
public final class CaseStateException extends RuntimeException {
    public CaseStateException(String message) {
        super(message);
    }
}
