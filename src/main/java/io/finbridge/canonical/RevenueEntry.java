package io.finbridge.canonical;

import java.time.LocalDate;

/** The revenue recognized for one period of a schedule (from {@code start} inclusive to {@code end} exclusive). */
public record RevenueEntry(@Required LocalDate start, @Required LocalDate end, @Required Money amount) {
}
