package io.finbridge.canonical;

import java.time.Instant;

/** The period a charge pays for: start inclusive, end exclusive, as the source states them. */
public record ServicePeriod(@Required Instant start, @Required Instant end) {
}
