package io.finbridge.revenue;

/** Asked for a schedule (or the schedules of an invoice or subscription) that the store does not hold. */
public final class ScheduleNotFoundException extends RuntimeException {

    public ScheduleNotFoundException(String message) {
        super(message);
    }
}
