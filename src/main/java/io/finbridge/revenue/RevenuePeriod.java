package io.finbridge.revenue;

import java.time.LocalDate;

/** One recognition period: {@code start} inclusive, {@code end} exclusive, named by {@code key} ({@code 2026-01}). */
public record RevenuePeriod(String key, LocalDate start, LocalDate end) {

    /** The date of the period's entry: its last day. */
    public LocalDate lastDay() {
        return end.minusDays(1);
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && day.isBefore(end);
    }

    @Override
    public String toString() {
        return key;
    }
}
