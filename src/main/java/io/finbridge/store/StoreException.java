package io.finbridge.store;

/** The store could not do what was asked; technical, usually retryable once the database is back. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
