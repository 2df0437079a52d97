package io.finbridge.revenue;

/**
 * The headers between a recognition run and the route that posts its entries ({@code direct:revenue-entry-to-odoo}).
 * The run sends a {@link RecognitionEntry} as the body; the posting route answers with these headers.
 */
public final class RevenueHeaders {

    /** The period to run ({@code 2026-01}). */
    public static final String PERIOD = "FinbridgeRevenuePeriod";
    /** {@code true}: compute and report only. */
    public static final String DRY_RUN = "FinbridgeRevenueDryRun";
    /** Who started the run (the operator's login, or {@code schedule}). */
    public static final String ACTOR = "FinbridgeRevenueActor";
    /** Set by the posting route: {@code posted} (the default) or {@code locked} (the period is locked in Odoo: nothing sent). */
    public static final String OUTCOME = "FinbridgeRecognitionOutcome";
    /** Set by the posting route: why it did not post ({@code period locked until 2026-01-31}). */
    public static final String REASON = "FinbridgeRecognitionReason";
    /** Set by the posting route: the Odoo record posted ({@code account.move/412}). */
    public static final String ODOO_REF = "FinbridgeOdooRef";
    /** Set by the posting route: the date Odoo booked the entry on, read back after posting. */
    public static final String POSTED_DATE = "FinbridgePostedDate";
    /** Set by the run on each entry it sends: whether this instance claimed it (false: posted already, or elsewhere). */
    public static final String CLAIMED = "FinbridgeRecognitionClaimed";

    private RevenueHeaders() {
    }
}
