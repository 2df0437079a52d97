package io.finbridge.posting;

import io.finbridge.canonical.BalanceTransaction;
import io.finbridge.canonical.Payout;
import io.finbridge.inbound.FlowTrail;
import io.finbridge.ledger.SettlementRules;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.mapping.reference.AccountRole;
import io.finbridge.mapping.reference.Entity;
import io.finbridge.mapping.reference.OdooReferences;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * Bound as {@code settlementPostings}: a payout with its balance transactions as one settlement entry to
 * {@code account.move} ({@link SettlementRules}), in the books of the payout's entity: its company
 * ({@code allowed_company_ids}), misc journal and accounts by role, resolved from the reference data.
 */
public final class SettlementPostings {

    public static final String BEAN_NAME = "settlementPostings";
    private static final List<AccountRole> ROLES = List.of(AccountRole.CLEARING, AccountRole.FEES, AccountRole.ADJUSTMENTS,
            AccountRole.OUTSTANDING_RECEIPTS);

    private final MappingRegistry mappings;
    private final OdooReferences references;
    private final Binder binder;

    public SettlementPostings(MappingRegistry mappings, OdooReferences references, Binder binder) {
        this.mappings = mappings;
        this.references = references;
        this.binder = binder;
    }

    /**
     * Whether the payout's settlement is posted already (the binder knows it): then its balance transactions are not
     * read again, and the event's trace says so.
     */
    public boolean settled(Exchange exchange, Payout payout) {
        BindingKey key = SettlementRules.keyOf(payout);
        Optional<Binding> bound = binder.find(key);
        if (bound.isEmpty() || !"posted".equals(bound.get().odooState())) {
            return false;
        }
        Binding b = bound.get();
        FlowTrail.noWrite(exchange, b.model() + "/" + b.odooId(), Map.of("model", b.model(), "id", b.odooId(),
                "naturalKey", b.naturalKey(), "reason", "payout " + payout.origin().sourceId() + " was settled before as "
                        + b.model() + " " + b.odooId() + "; its balance transactions are not read again"));
        return true;
    }

    /** The settlement entry of {@code payout} paying out {@code transactions}. */
    public Posting forPayout(Payout payout, List<BalanceTransaction> transactions) {
        String entity = payout.origin().entity();
        Entity e = mappings.reference().entity(entity);
        Map<AccountRole, Integer> accounts = new EnumMap<>(AccountRole.class);
        for (AccountRole role : ROLES) {
            accounts.put(role, references.accountId(entity, role.key()));
        }
        SettlementRules.Books books = new SettlementRules.Books(entity, e.currency(), references.companyId(entity),
                references.journalId(entity, "misc"), references.currencyId(e.currency()), accounts);
        return SettlementRules.entryFor(payout.withTransactions(transactions), books);
    }
}
