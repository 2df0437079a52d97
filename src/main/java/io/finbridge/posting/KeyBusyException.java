package io.finbridge.posting;

import io.finbridge.inbound.RetryLaterException;
import java.time.Duration;

/** Another holder kept a posting key longer than the wait: the event is retried a little later, nothing was written. */
public final class KeyBusyException extends RetryLaterException {

    public KeyBusyException(String key, Duration waited) {
        super("posting key " + key + " is held by another posting (waited " + waited.toMillis() + " ms)", Duration.ofSeconds(2));
    }
}
