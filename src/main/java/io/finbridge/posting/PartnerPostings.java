package io.finbridge.posting;

import io.finbridge.canonical.Party;
import io.finbridge.config.Settings;
import io.finbridge.ledger.PartnerRules;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.mapping.OwnershipViolation;
import io.finbridge.mapping.match.MatchStrategy;
import io.finbridge.mapping.ownership.Admission;
import io.finbridge.mapping.ownership.Ownership;
import io.finbridge.mapping.ownership.OwnershipGuard;
import io.finbridge.mapping.reference.OdooReferences;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bound as {@code partnerPostings}: a customer or vendor from any source as a {@link Posting} to {@code res.partner}.
 * The binder finds the partner the source record became; otherwise Odoo is searched, in one call, by the partner's
 * natural key ({@code ref}, e.g. {@code stripe:customer:cus_123}) and by the source's match strategy
 * ({@code finbridge.mappings.matching.<source>}: email, VAT), so the same person from Shopify and from Stripe is one
 * partner; only then is it created. An existing partner takes only the fields the source owns
 * ({@code mappings/reference/ownership.yaml}) that changed since Finbridge last wrote them.
 */
public final class PartnerPostings {

    public static final String BEAN_NAME = "partnerPostings";
    static final List<MatchStrategy> DEFAULT = List.of(MatchStrategy.EXTERNAL_ID, MatchStrategy.EMAIL, MatchStrategy.VAT);

    private final MappingRegistry mappings;
    private final OwnershipGuard ownership;
    private final OdooReferences references;
    private final Map<String, List<MatchStrategy>> strategies;
    private final List<MatchStrategy> fallback;

    public PartnerPostings(MappingRegistry mappings, OwnershipGuard ownership, OdooReferences references,
                           Map<String, List<MatchStrategy>> strategies, List<MatchStrategy> fallback) {
        this.mappings = mappings;
        this.ownership = ownership;
        this.references = references;
        this.strategies = Map.copyOf(strategies);
        this.fallback = List.copyOf(fallback);
    }

    /**
     * The strategies of {@code finbridge.mappings.matching.<source>} (default {@code finbridge.mappings.matching.default},
     * else {@code external-id,email,vat}).
     */
    public static PartnerPostings fromSettings(MappingRegistry mappings, OwnershipGuard ownership, OdooReferences references,
                                               Settings settings) {
        Map<String, List<MatchStrategy>> perSource = new LinkedHashMap<>();
        List<MatchStrategy> fallback = DEFAULT;
        for (Map.Entry<String, String> e : settings.withPrefix("finbridge.mappings.matching.").entrySet()) {
            List<MatchStrategy> s = MatchStrategy.parse("finbridge.mappings.matching." + e.getKey(), e.getValue());
            if (e.getKey().equals("default")) {
                fallback = s;
            } else {
                perSource.put(e.getKey(), s);
            }
        }
        return new PartnerPostings(mappings, ownership, references, perSource, fallback);
    }

    public List<MatchStrategy> strategyFor(String source) {
        return strategies.getOrDefault(source, fallback);
    }

    public static BindingKey keyOf(Party party) {
        return new BindingKey(party.origin().sourceSystem(), "customer", party.origin().sourceId(), party.origin().entity());
    }

    /** The party as a posting to {@code res.partner}. */
    public Posting forParty(Party party) {
        Map<String, Map<String, Object>> byField = PartnerRules.byField(party, references::countryId);
        List<MatchStrategy> strategy = strategyFor(party.origin().sourceSystem());
        List<Object> match = new ArrayList<>();
        Posting.Builder b = Posting.to("res.partner", keyOf(party)).naturalKeyIn("ref")
                .values(PartnerRules.createValues(party, byField))
                .sourceVersion(party.origin().occurredAt().toString())
                .from(party)
                .updates(odooId -> admitted(party, odooId, byField));
        for (MatchStrategy s : strategy) {
            switch (s) {
                case EMAIL -> PartnerRules.primaryEmail(party).ifPresent(e -> {
                    match.add(List.of("email", "=ilike", escapeLike(e)));
                    b.lockingAlso("email:" + e);
                });
                case VAT -> PartnerRules.vat(party).ifPresent(v -> {
                    match.add(List.of("vat", "=", v));
                    b.lockingAlso("vat:" + v);
                });
                case EXTERNAL_ID -> { } // the binder, always asked first
            }
        }
        Ownership.Decision create = mappings.current().ownership().decide(party, false);
        if (!create.creates()) {
            b.createRefused(new OwnershipViolation(create.object(), party.origin().sourceSystem() + ":" + party.origin().sourceId(),
                    Map.of("create", create.object() + " is created only by its owners or creators, not "
                            + party.origin().sourceSystem())));
        }
        return b.matching(match).build();
    }

    private Posting.Update admitted(Party party, int odooId, Map<String, Map<String, Object>> byField) {
        Admission a = ownership.admit(party, "res.partner/" + odooId, true);
        Map<String, Object> values = new LinkedHashMap<>();
        byField.forEach((field, vals) -> {
            if (a.accepts(field)) {
                values.putAll(vals);
            }
        });
        Map<String, String> refused = new LinkedHashMap<>();
        a.refused().forEach((field, why) -> {
            if (byField.containsKey(field)) {
                refused.put(field, why);
            }
        });
        return new Posting.Update(values, refused);
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
