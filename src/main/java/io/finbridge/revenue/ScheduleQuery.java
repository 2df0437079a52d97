package io.finbridge.revenue;

/**
 * Which schedules to read: any of entity, customer, source line, invoice, subscription, and a period the schedule
 * recognizes something in. Null means any.
 */
public record ScheduleQuery(String entity, String customer, String sourceLine, String invoice, String subscription,
        RevenuePeriod period) {

    public static ScheduleQuery all() {
        return new ScheduleQuery(null, null, null, null, null, null);
    }
}
