package io.finbridge.review;

import java.math.BigDecimal;

/**
 * What went wrong with one event, ready for the exception queue: class, the stage (route) where it happened,
 * the error, and the financial impact where known (amount in the currency's own units).
 */
public record Failure(FailureClass classification, String flow, String stage, String errorType, String message,
                      BigDecimal amount, String currency) {
}
