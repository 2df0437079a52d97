package io.finbridge.review;

/** No exception case with that id (HTTP 404). */
public final class CaseNotFoundException extends RuntimeException {
    public CaseNotFoundException(String message) {
        super(message);
    }
}
