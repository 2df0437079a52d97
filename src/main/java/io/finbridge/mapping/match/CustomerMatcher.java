package io.finbridge.mapping.match;

import io.finbridge.canonical.Address;
import io.finbridge.canonical.Party;
import io.finbridge.canonical.PartyRole;
import io.finbridge.config.Settings;
import io.finbridge.odoo.OdooBusinessException;
import io.finbridge.odoo.OdooConstants;
import io.finbridge.odoo.OdooException;
import io.finbridge.odoo.OdooServerException;
import io.finbridge.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a {@link Party} to one Odoo partner: by the external id of its source record, then (as the source's
 * strategy says) by normalized email, then by VAT number; when nothing matches, creates the partner. Whatever way it
 * is found, the source record's external id ({@code finbridge.<source>_customer_<id>}) is registered on it, so the
 * same person coming from Shopify and from Stripe is one partner with both external ids.
 *
 * <p>Odoo does not make emails unique (FACTS.md: ten parallel search-then-create gave ten partners), so matching is
 * serialized per email and VAT key: within an instance by striped locks, across instances by a row lock on the key
 * in {@code customer_match_key}, held while Odoo is searched and the partner created.
 *
 * <p>Only identity is settled here; which fields of an existing partner a source may change is ownership's business.
 */
public final class CustomerMatcher {

    public static final String BEAN_NAME = "customerMatcher";
    public static final String MODULE = "finbridge";
    static final List<MatchStrategy> DEFAULT = List.of(MatchStrategy.EXTERNAL_ID, MatchStrategy.EMAIL, MatchStrategy.VAT);
    private static final Logger LOG = LoggerFactory.getLogger(CustomerMatcher.class);
    private static final int STRIPES = 64;

    private final ProducerTemplate odoo;
    private final Store store;
    private final Map<String, List<MatchStrategy>> strategies;
    private final List<MatchStrategy> fallback;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final Map<String, Integer> countries = new ConcurrentHashMap<>();

    public CustomerMatcher(ProducerTemplate odoo, Store store, Map<String, List<MatchStrategy>> strategies, List<MatchStrategy> fallback) {
        this.odoo = odoo;
        this.store = store;
        this.strategies = Map.copyOf(strategies);
        this.fallback = List.copyOf(fallback);
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /**
     * The strategies of {@code finbridge.mappings.matching.<source>} (default
     * {@code finbridge.mappings.matching.default}, else {@code external-id,email,vat}).
     */
    public static CustomerMatcher fromSettings(ProducerTemplate odoo, Store store, Settings settings) {
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
        return new CustomerMatcher(odoo, store, perSource, fallback);
    }

    public List<MatchStrategy> strategyFor(String source) {
        return strategies.getOrDefault(source, fallback);
    }

    /** The Odoo partner for {@code party}, found or created, with its source record's external id registered. */
    public PartnerMatch match(Party party) {
        String source = party.origin().sourceSystem();
        String externalId = externalId(source, party.origin().sourceId());
        List<MatchStrategy> strategy = strategyFor(source);
        if (strategy.contains(MatchStrategy.EXTERNAL_ID)) {
            Integer known = resolve(externalId);
            if (known != null) {
                return new PartnerMatch(known, MODULE + "." + externalId, MatchStrategy.EXTERNAL_ID, false);
            }
        }
        List<String> keys = keys(party, strategy);
        return serialized(keys, () -> {
            if (strategy.contains(MatchStrategy.EXTERNAL_ID)) {
                // another matcher of the same key may have registered it while this one waited
                Integer known = resolve(externalId);
                if (known != null) {
                    return new PartnerMatch(known, MODULE + "." + externalId, MatchStrategy.EXTERNAL_ID, false);
                }
            }
            for (MatchStrategy s : strategy) {
                Optional<Integer> found = switch (s) {
                    case EMAIL -> primaryEmail(party).flatMap(e -> search("email", e));
                    case VAT -> vat(party).flatMap(v -> search("vat", v));
                    case EXTERNAL_ID -> Optional.empty();
                };
                if (found.isPresent()) {
                    register(externalId, found.get());
                    LOG.info("Customer {} {} matched partner {} by {}", source, party.origin().sourceId(), found.get(), s.key());
                    return new PartnerMatch(found.get(), MODULE + "." + externalId, s, false);
                }
            }
            int created = create(party, externalId);
            LOG.info("Customer {} {} became partner {}", source, party.origin().sourceId(), created);
            return new PartnerMatch(created, MODULE + "." + externalId, null, true);
        });
    }

    /** {@code <source>_customer_<id>}, with anything but letters, digits and underscores made an underscore. */
    static String externalId(String source, String sourceId) {
        return (source + "_customer_" + sourceId).replaceAll("[^A-Za-z0-9_]", "_");
    }

    static Optional<String> primaryEmail(Party party) {
        return party.emails().stream().map(CustomerMatcher::normalizeEmail).filter(e -> !e.isEmpty()).findFirst();
    }

    static String normalizeEmail(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    static Optional<String> vat(Party party) {
        if (party.vat() == null) {
            return Optional.empty();
        }
        String v = party.vat().toUpperCase(Locale.ROOT).replaceAll("[\\s.\\-]", "");
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static List<String> keys(Party party, List<MatchStrategy> strategy) {
        TreeSet<String> keys = new TreeSet<>();
        if (strategy.contains(MatchStrategy.EMAIL)) {
            primaryEmail(party).ifPresent(e -> keys.add("email:" + e));
        }
        if (strategy.contains(MatchStrategy.VAT)) {
            vat(party).ifPresent(v -> keys.add("vat:" + v));
        }
        return List.copyOf(keys);
    }

    /** Runs {@code work} holding every key's lock, in key order (no two matchers wait for each other in a circle). */
    private PartnerMatch serialized(List<String> keys, java.util.function.Supplier<PartnerMatch> work) {
        TreeSet<Integer> stripeIds = new TreeSet<>();
        keys.forEach(k -> stripeIds.add(Math.floorMod(k.hashCode(), STRIPES)));
        List<ReentrantLock> held = new ArrayList<>();
        try {
            for (int i : stripeIds) {
                stripes[i].lock();
                held.add(stripes[i]);
            }
            if (keys.isEmpty()) {
                return work.get();
            }
            for (String k : keys) {
                claim(k);
            }
            return store.inTransaction(c -> {
                for (String k : keys) {
                    lockRow(c, k);
                }
                PartnerMatch m = work.get();
                for (String k : keys) {
                    note(c, k, m.partnerId());
                }
                return m;
            });
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }

    private void claim(String key) {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO customer_match_key (match_key, matched_at) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException ex) {
            if (!"23505".equals(ex.getSQLState())) {
                throw new IllegalStateException("Cannot record the customer match key: " + ex.getMessage(), ex);
            }
            // the key is known already: its row is there to lock
        }
    }

    private static void lockRow(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT partner_id FROM customer_match_key WHERE match_key = ? FOR UPDATE")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    private static void note(Connection c, String key, int partnerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE customer_match_key SET partner_id = ?, matched_at = ? WHERE match_key = ?")) {
            ps.setInt(1, partnerId);
            ps.setTimestamp(2, Timestamp.from(Instant.now()));
            ps.setString(3, key);
            ps.executeUpdate();
        }
    }

    /** The partner an external id points to, or null; check_object_reference works for the integration user. */
    private Integer resolve(String name) {
        try {
            Object found = call("odoo:ir.model.data?operation=call&method=check_object_reference", null,
                    Map.of(OdooConstants.ARGS, List.of(MODULE, name)));
            if (found instanceof List<?> ref && ref.size() == 2 && ref.get(1) instanceof Number id) {
                if (!"res.partner".equals(ref.get(0))) {
                    throw new IllegalStateException("External id " + MODULE + "." + name + " belongs to a " + ref.get(0) + ", not a partner");
                }
                return id.intValue();
            }
            return null;
        } catch (OdooServerException ex) {
            if (ex.isNotFound()) {
                return null;
            }
            throw ex;
        }
    }

    /** The oldest partner whose field equals the value (emails compared without regard to case). */
    private Optional<Integer> search(String field, String value) {
        String escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(OdooConstants.DOMAIN, List.of(List.of(field, "=ilike", escaped)));
        headers.put(OdooConstants.LIMIT, 2);
        headers.put(OdooConstants.ORDER, "id asc");
        Object ids = call("odoo:res.partner?operation=search", null, headers);
        if (ids instanceof List<?> l && !l.isEmpty()) {
            if (l.size() > 1) {
                LOG.warn("Several Odoo partners have {} {}; matching the oldest, {}", field, value, l.get(0));
            }
            return Optional.of(((Number) l.get(0)).intValue());
        }
        return Optional.empty();
    }

    /** Registers an external id for an existing partner (ir.model.data create: needs Administration / Access Rights). */
    private void register(String name, int partnerId) {
        Map<String, Object> xmlid = new LinkedHashMap<>();
        xmlid.put("module", MODULE);
        xmlid.put("name", name);
        xmlid.put("model", "res.partner");
        xmlid.put("res_id", partnerId);
        try {
            call("odoo:ir.model.data?operation=create", xmlid, Map.of());
        } catch (OdooBusinessException ex) {
            Integer other = ex.odooMessage() != null && ex.odooMessage().contains("duplicate key") ? resolve(name) : null;
            if (other == null || other != partnerId) {
                throw ex;
            }
            // registered meanwhile by another instance, on the same partner
        }
    }

    /** Creates the partner and registers the external id in one upsert (the odoo component's binder). */
    private int create(Party party, String name) {
        Object id = call("odoo:res.partner?operation=upsert", vals(party), Map.of(OdooConstants.EXTERNAL_ID, name));
        return ((Number) id).intValue();
    }

    private Map<String, Object> vals(Party party) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", party.name());
        boolean company = party.companyName() != null && party.companyName().equals(party.name());
        v.put("is_company", company);
        primaryEmail(party).ifPresent(e -> v.put("email", e));
        if (party.phone() != null) {
            v.put("phone", party.phone());
        }
        vat(party).ifPresent(x -> v.put("vat", x));
        if (party.website() != null) {
            v.put("website", party.website());
        }
        Address a = party.billingAddress();
        if (a != null) {
            putIfPresent(v, "street", a.line1());
            putIfPresent(v, "street2", a.line2());
            putIfPresent(v, "city", a.city());
            putIfPresent(v, "zip", a.postalCode());
            if (a.country() != null && a.country().length() == 2) {
                country(a.country()).ifPresent(c -> v.put("country_id", c));
            }
        }
        v.put(party.role() == PartyRole.VENDOR ? "supplier_rank" : "customer_rank", 1);
        return v;
    }

    private Optional<Integer> country(String code) {
        Integer cached = countries.get(code);
        if (cached != null) {
            return Optional.of(cached);
        }
        Object ids = call("odoo:res.country?operation=search", null,
                Map.of(OdooConstants.DOMAIN, List.of(List.of("code", "=", code)), OdooConstants.LIMIT, 1));
        if (ids instanceof List<?> l && !l.isEmpty()) {
            int id = ((Number) l.get(0)).intValue();
            countries.put(code, id);
            return Optional.of(id);
        }
        return Optional.empty();
    }

    private static void putIfPresent(Map<String, Object> v, String key, String value) {
        if (value != null) {
            v.put(key, value);
        }
    }

    private Object call(String uri, Object body, Map<String, Object> headers) {
        Exchange out = odoo.request(uri, e -> {
            e.getMessage().setBody(body);
            headers.forEach(e.getMessage()::setHeader);
        });
        Exception failure = out.getException();
        if (failure != null) {
            Throwable cause = failure instanceof CamelExecutionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof OdooException oe) {
                throw oe;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
        return out.getMessage().getBody();
    }
}
