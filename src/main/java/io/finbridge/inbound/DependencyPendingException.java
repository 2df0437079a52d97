package io.finbridge.inbound;

/**
 * Thrown by a flow when the event cannot be posted yet because something it depends on has not landed (a payment
 * whose invoice is not posted yet). The event is parked and retried when {@code dependency} is provided by another
 * event's flow, or on its schedule, until the configured maximum wait sends it to the exception queue.
 */
public class DependencyPendingException extends RuntimeException {

    private final String dependency;
    private final java.time.Duration maxWait;

    /** For routes: {@code throwException} with the dependency key as its message. */
    public DependencyPendingException(String dependency) {
        this(dependency, "waiting for " + dependency);
    }

    public DependencyPendingException(String dependency, String message) {
        this(dependency, message, null);
    }

    /**
     * Waiting at most {@code maxWait} from the first time it parked (a flow's own timeout, e.g. a payment waiting for
     * its invoice); null takes the inbox's {@code finbridge.inbox.park-max-wait}.
     */
    public DependencyPendingException(String dependency, String message, java.time.Duration maxWait) {
        super(message);
        this.dependency = dependency;
        this.maxWait = maxWait;
    }

    /** How long the event may wait for its dependency, or null for the inbox's default. */
    public java.time.Duration maxWait() {
        return maxWait;
    }

    /** A key such as {@code invoice:in_1NrY2x}: the flow that posts that invoice wakes this event. */
    public String dependency() {
        return dependency;
    }
}
