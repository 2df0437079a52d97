package io.finbridge.ledger;

/**
 * A record Finbridge will not post as it is, for a business reason finance decides on: its totals do not tie out
 * with the source's beyond the tolerance, a reference (tax, account, journal) is not configured for its company, a
 * date falls in a locked period. It goes to the exception queue as a business rule; nothing is retried.
 */
public class PostingRuleException extends RuntimeException {

    public PostingRuleException(String message) {
        super(message);
    }
}
