package io.finbridge.ledger;

import java.util.List;

/**
 * The names in Odoo's accounting models that differ between server versions, in one place: posting rules and flows
 * ask this object instead of writing a field name that holds on one version only. Built from the server's version
 * (the {@code odoo:} component's {@code OdooClient.serverVersion()}), it answers for Odoo 16 to 19 and later.
 *
 * <p>What changed, and from which release (Odoo's own change sets; 18.0 reworked payments, lock dates and accounts):
 * <ul>
 *   <li>{@code account.payment} reference: {@code ref} (16, 17; a field of the payment's journal entry) became its
 *       own {@code memo} in 18. On 17, {@code memo} does not exist, and {@code fields_get} leaves unknown names out
 *       without an error, so a wrong name goes unnoticed.</li>
 *   <li>{@code account.payment} states: posted is {@code posted} up to 17; from 18 {@code in_process} (waiting for the
 *       bank) and then {@code paid}.</li>
 *   <li>{@code account.move}'s payment: {@code payment_id} up to 17, {@code origin_payment_id} from 18
 *       ({@code account.move.line.payment_id} keeps its name).</li>
 *   <li>{@code account.account} companies: one {@code company_id} up to 17, shared accounts with {@code company_ids}
 *       from 18.</li>
 *   <li>{@code res.company} lock dates: {@code period_lock_date} up to 17 became {@code sale_lock_date} and
 *       {@code purchase_lock_date} in 18, beside the new {@code hard_lock_date}.</li>
 *   <li>{@code account.tax} label on invoices: {@code description} up to 17, {@code invoice_label} from 18
 *       ({@code description} is then an HTML text).</li>
 *   <li>{@code res.users} groups: {@code groups_id} up to 18.0, {@code group_ids} from saas~18.1, so in 19.</li>
 * </ul>
 * Unchanged from 17 to 19 and so not here: {@code account.move.ref} and {@code payment_reference},
 * {@code account.bank.statement.line.payment_ref}, {@code account.move.line.payment_id}.
 */
public final class OdooFieldNames {

    private final int major;
    private final int minor;

    private OdooFieldNames(int major, int minor) {
        if (major < 16) {
            throw new IllegalArgumentException("Odoo " + major + " is older than Finbridge supports (16 and later)");
        }
        this.major = major;
        this.minor = minor;
    }

    /** For a stable release: {@code forVersion(17)}, {@code forVersion(19)}. */
    public static OdooFieldNames forVersion(int major) {
        return new OdooFieldNames(major, 0);
    }

    /** For any release, Odoo Online's too: {@code forVersion(18, 3)} is saas~18.3. */
    public static OdooFieldNames forVersion(int major, int minor) {
        return new OdooFieldNames(major, minor);
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    private boolean from(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    /** {@code account.payment}'s free-text reference, which carries a payment's natural key: {@code ref} or {@code memo}. */
    public String paymentReference() {
        return from(18, 0) ? "memo" : "ref";
    }

    /** The {@code account.payment} states of a posted payment: {@code posted}, or {@code in_process} and {@code paid}. */
    public List<String> postedPaymentStates() {
        return from(18, 0) ? List.of("in_process", "paid") : List.of("posted");
    }

    /** {@code account.move}'s link to the payment it is the entry of: {@code payment_id} or {@code origin_payment_id}. */
    public String movePayment() {
        return from(18, 0) ? "origin_payment_id" : "payment_id";
    }

    /** A domain term for the {@code account.account}s of a company: {@code company_id =} or {@code company_ids in}. */
    public List<Object> accountOfCompany(int companyId) {
        return from(18, 0) ? List.of("company_ids", "in", List.of(companyId)) : List.of("company_id", "=", companyId);
    }

    /**
     * The {@code res.company} dates that lock posting into a journal of this type ({@code sale}, {@code purchase},
     * {@code bank}, {@code general} ...): an entry dated on or before any of them is locked (Odoo 17 then moves the
     * accounting date silently, and its period_lock_date does not bind Billing Administrators; 18 and later lock
     * sales and purchases apart, plus a hard lock for everything).
     */
    public List<String> lockDates(String journalType) {
        if (!from(18, 0)) {
            return List.of("fiscalyear_lock_date", "period_lock_date");
        }
        return switch (journalType == null ? "" : journalType) {
            case "sale" -> List.of("fiscalyear_lock_date", "hard_lock_date", "sale_lock_date");
            case "purchase" -> List.of("fiscalyear_lock_date", "hard_lock_date", "purchase_lock_date");
            default -> List.of("fiscalyear_lock_date", "hard_lock_date");
        };
    }

    /** {@code account.tax}'s label printed on invoice lines: {@code description} or {@code invoice_label}. */
    public String taxInvoiceLabel() {
        return from(18, 0) ? "invoice_label" : "description";
    }

    /** {@code res.users}' groups (many2many to {@code res.groups}): {@code groups_id} or {@code group_ids}. */
    public String userGroups() {
        return from(18, 1) ? "group_ids" : "groups_id";
    }

    @Override
    public String toString() {
        return "OdooFieldNames[" + major + "." + minor + "]";
    }
}
