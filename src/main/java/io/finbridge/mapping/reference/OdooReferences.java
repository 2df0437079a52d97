package io.finbridge.mapping.reference;

import io.finbridge.canonical.TaxLine;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.odoo.OdooConstants;
import io.finbridge.odoo.OdooException;
import io.finbridge.odoo.ExternalIds;
import io.finbridge.ledger.OdooFieldNames;
import io.finbridge.odoo.OdooClient;
import io.finbridge.odoo.OdooVersion;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Odoo ids of the reference data, bound as {@code references}: companies by name, journals and accounts by code
 * within their entity's company, taxes by name, currencies by code, products by internal reference, or any of them by
 * external id. Resolved at start and on a schedule ({@code routes/batch/reference-data-refresh.yaml}) and after each
 * mapping reload, then answered from the cache. A refresh that cannot reach Odoo keeps the ids it had.
 */
public final class OdooReferences {

    public static final String BEAN_NAME = "references";
    private static final Logger LOG = LoggerFactory.getLogger(OdooReferences.class);
    private static final Set<String> COMPANY_SCOPED = Set.of("account.journal", "account.account", "account.tax");

    private final MappingRegistry mappings;
    private final ProducerTemplate odoo;
    private final Supplier<OdooClient> client;
    private final Clock clock;
    private final Map<OdooRef, Integer> ids = new ConcurrentHashMap<>();
    private final Map<OdooRef, String> unresolved = new ConcurrentHashMap<>();
    private final Map<String, Optional<Integer>> countries = new ConcurrentHashMap<>();
    private final Map<Integer, TaxInfo> taxes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LocalDate>> lockDates = new ConcurrentHashMap<>();
    private volatile Instant refreshedAt;
    private volatile String lastFailure;

    public OdooReferences(MappingRegistry mappings, ProducerTemplate odoo, Supplier<OdooClient> client, Clock clock) {
        this.mappings = mappings;
        this.odoo = odoo;
        this.client = client;
        this.clock = clock;
    }

    /** Resolves every reference of the current reference data; returns how many are still unresolved. */
    public synchronized int refresh() {
        ReferenceData data = mappings.reference();
        Map<OdooRef, Integer> found = new LinkedHashMap<>();
        Map<OdooRef, String> missing = new LinkedHashMap<>();
        try {
            for (OdooRef ref : data.odooRefs()) {
                Integer company = null;
                if (ref.entity() != null && COMPANY_SCOPED.contains(ref.model())) {
                    company = found.get(data.entity(ref.entity()).company());
                    if (company == null) {
                        missing.put(ref, "the company of entity " + ref.entity() + " is not resolved");
                        continue;
                    }
                }
                try {
                    found.put(ref, resolve(ref, company));
                } catch (ReferenceException ex) {
                    missing.put(ref, ex.getMessage());
                } catch (OdooException ex) {
                    if (ex.isRetryable()) {
                        throw ex;
                    }
                    // e.g. the integration user may not read that model: this reference, not the others
                    missing.put(ref, ex.getMessage());
                }
            }
            try {
                readLockDates(data, found);
            } catch (OdooException ex) {
                if (ex.isRetryable()) {
                    throw ex;
                }
                LOG.warn("Lock dates not read (entries are checked against Odoo's answer only): {}", ex.getMessage());
            }
        } catch (OdooException ex) {
            lastFailure = ex.getMessage();
            LOG.warn("Reference data not refreshed, Odoo is unreachable; the ids resolved before stay in use: {}", ex.getMessage());
            return unresolved.size();
        }
        ids.keySet().retainAll(found.keySet());
        ids.putAll(found);
        unresolved.clear();
        unresolved.putAll(missing);
        refreshedAt = clock.instant();
        lastFailure = null;
        if (missing.isEmpty()) {
            LOG.info("Reference data: {} Odoo records resolved", found.size());
        } else {
            List<String> lines = new ArrayList<>();
            missing.forEach((r, why) -> lines.add(r.describe() + ": " + why));
            LOG.warn("Reference data: {} Odoo records resolved, {} not:\n  {}", found.size(), missing.size(), String.join("\n  ", lines));
        }
        return missing.size();
    }

    private int resolve(OdooRef ref, Integer company) {
        if (ref.byExternalId()) {
            String module = ref.value().substring(0, ref.value().indexOf('.'));
            String name = ref.value().substring(ref.value().indexOf('.') + 1);
            ExternalIds.Ref r = ExternalIds.resolve(client.get(), module, name, Map.of())
                    .orElseThrow(() -> new ReferenceException("no external id " + ref.value() + " in Odoo"));
            if (ref.model().equals(r.model()) && r.id() != null) {
                return r.id();
            }
            throw new ReferenceException("external id " + ref.value() + " is " + r + ", not a " + ref.model());
        }
        List<Object> domain = new ArrayList<>();
        domain.add(List.of(ref.field(), "=", ref.value()));
        Map<String, Object> headers = new LinkedHashMap<>();
        if (company != null) {
            // accounts belong to companies through company_ids from Odoo 18 on
            domain.add(ref.model().equals("account.account") ? fields().accountOfCompany(company) : List.of("company_id", "=", company));
            headers.put(OdooConstants.CONTEXT, Map.of("allowed_company_ids", List.of(company)));
        }
        boolean tax = ref.model().equals("account.tax");
        if (tax) {
            domain.add(List.of("type_tax_use", "=", "sale"));
            headers.put(OdooConstants.FIELDS, List.of("name", "amount", "amount_type", "price_include"));
        }
        headers.put(OdooConstants.DOMAIN, domain);
        headers.put(OdooConstants.LIMIT, 2);
        headers.put(OdooConstants.ORDER, "id asc");
        Object r = call("odoo:" + ref.model() + "?operation=" + (tax ? "searchRead" : "search"), headers);
        List<?> found = r instanceof List<?> l ? l : List.of();
        if (found.isEmpty()) {
            throw new ReferenceException("not found" + (ref.model().equals("res.currency") ? " (is the currency active in Odoo?)" : ""));
        }
        if (found.size() > 1) {
            throw new ReferenceException("ambiguous: several records match (" + found + "); name it by external id");
        }
        if (tax) {
            Map<?, ?> t = (Map<?, ?>) found.get(0);
            int id = ((Number) t.get("id")).intValue();
            if (!"percent".equals(t.get("amount_type"))) {
                throw new ReferenceException("is a " + t.get("amount_type") + " tax; Finbridge maps source taxes to percent taxes");
            }
            taxes.put(id, new TaxInfo(id, String.valueOf(t.get("name")), new BigDecimal(String.valueOf(t.get("amount")))
                    .movePointLeft(2).stripTrailingZeros(), Boolean.TRUE.equals(t.get("price_include"))));
            return id;
        }
        if (found.get(0) instanceof Map<?, ?> m) {
            return ((Number) m.get("id")).intValue();
        }
        return ((Number) found.get(0)).intValue();
    }

    /** What a tax is in Odoo: its rate as a fraction (0.19) and whether it is included in prices. */
    public record TaxInfo(int id, String name, BigDecimal rate, boolean included) {
    }

    /** The accounting field names of the Odoo version Finbridge talks to (a payment's {@code ref} or {@code memo}). */
    public OdooFieldNames fieldNames() {
        return fields();
    }

    private OdooFieldNames fields() {
        OdooVersion v = client.get().serverVersion();
        return OdooFieldNames.forVersion(v.major(), v.minor());
    }

    /**
     * The lock dates of every entity's company, read after the references: an entry dated on or before one of them
     * would be re-dated by Odoo without a word (FACTS: Odoo 17 moves the accounting date to the first open one).
     */
    private void readLockDates(ReferenceData data, Map<OdooRef, Integer> found) {
        OdooFieldNames names = fields();
        java.util.Set<String> wanted = new java.util.TreeSet<>();
        for (String type : List.of("sale", "purchase", "general", "bank")) {
            wanted.addAll(names.lockDates(type));
        }
        for (Entity e : data.entities()) {
            Integer company = found.get(e.company());
            if (company == null) {
                continue;
            }
            Object r = call("odoo:res.company?operation=read", Map.of(OdooConstants.IDS, List.of(company),
                    OdooConstants.FIELDS, List.copyOf(wanted)));
            if (r instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?> m) {
                Map<String, LocalDate> dates = new LinkedHashMap<>();
                for (String f : wanted) {
                    if (m.get(f) instanceof String d && !d.isBlank()) {
                        dates.put(f, LocalDate.parse(d.substring(0, 10)));
                    }
                }
                lockDates.put(e.code(), Map.copyOf(dates));
            }
        }
    }

    /**
     * The latest lock date that binds entries of {@code journalType} in the entity's company, or null when none is set
     * (as read at the last refresh).
     */
    public LocalDate lockDate(String entity, String journalType) {
        Map<String, LocalDate> dates = lockDates.getOrDefault(entity, Map.of());
        LocalDate latest = null;
        for (String f : fields().lockDates(journalType)) {
            LocalDate d = dates.get(f);
            if (d != null && (latest == null || d.isAfter(latest))) {
                latest = d;
            }
        }
        return latest;
    }

    /** What the source's tax maps to in the entity's company, with its rate; a {@link ReferenceException} if nothing. */
    public TaxInfo tax(String source, String entity, TaxLine line) {
        int id = taxId(source, entity, line);
        TaxInfo info = taxes.get(id);
        if (info == null) {
            throw new ReferenceException("the tax " + id + " of entity " + entity + " was resolved without its rate; refresh the reference data");
        }
        return info;
    }

    /**
     * What an Odoo tax is (rate, price-included), for a tax some rule of taxes.yaml resolved: a credit note checks the
     * taxes of the invoice it reverses by them. Empty for a tax no rule names.
     */
    public java.util.Optional<TaxInfo> taxById(int id) {
        return java.util.Optional.ofNullable(taxes.get(id));
    }

    private Object call(String uri, Map<String, Object> headers) {
        Exchange out = odoo.request(uri, e -> headers.forEach(e.getMessage()::setHeader));
        Exception failure = out.getException();
        if (failure != null) {
            Throwable cause = failure instanceof CamelExecutionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
        return out.getMessage().getBody();
    }

    /** The Odoo id of a reference, or a {@link ReferenceException} saying why there is none. */
    public int id(OdooRef ref) {
        Integer id = ids.get(ref);
        if (id != null) {
            return id;
        }
        String why = unresolved.get(ref);
        if (why == null && refreshedAt == null) {
            // at start, before the first refresh answered (or while Odoo is away): the event waits, it is not wrong
            throw new ReferencesPendingException(ref.describe() + " has no Odoo id yet: reference data not resolved yet"
                    + (lastFailure == null ? "" : " (" + lastFailure + ")"));
        }
        if (why == null) {
            why = "not resolved since the last reload";
        }
        throw new ReferenceException(ref.describe() + " has no Odoo id: " + why);
    }

    public int companyId(String entity) {
        return id(mappings.reference().entity(entity).company());
    }

    public int journalId(String entity, String role) {
        return id(mappings.reference().journal(entity, role));
    }

    /** {@code role} as in accounts.yaml: receivable, revenue, deferred-revenue, clearing, fees, refunds, rounding. */
    public int accountId(String entity, String role) {
        AccountRole r = AccountRole.byKey(role).orElseThrow(() -> new ReferenceException("Unknown account role '" + role + "'"));
        return id(mappings.reference().account(entity, r));
    }

    public int taxId(String source, String entity, TaxLine tax) {
        OdooRef ref = mappings.reference().tax(source, entity, tax).orElseThrow(() -> new ReferenceException("No rule in "
                + "mappings/reference/taxes.yaml takes the " + source + " tax " + tax.title() + " (rate " + tax.rate() + ", "
                + tax.jurisdiction() + ") in entity " + entity));
        return id(ref);
    }

    public int currencyId(String code) {
        return id(mappings.reference().currency(code));
    }

    public int productId(String sku) {
        return id(mappings.reference().product(sku));
    }

    /**
     * The Odoo id of a country by its ISO code, looked up on first use and kept: countries are Odoo's own data, not
     * reference data of Finbridge's. Empty when Odoo has no such country.
     */
    public Optional<Integer> countryId(String code) {
        Optional<Integer> known = countries.get(code);
        if (known != null) {
            return known;
        }
        Object r = call("odoo:res.country?operation=search", Map.of(OdooConstants.DOMAIN, List.of(List.of("code", "=", code)),
                OdooConstants.LIMIT, 1));
        Optional<Integer> id = r instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
        if (countries.size() < 500) { // ISO 3166 has fewer than 300 codes: anything beyond is not a country
            countries.put(code, id);
        }
        return id;
    }

    /** For operators: when the ids were refreshed, how many are known, which are not and why. */
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("refreshedAt", refreshedAt == null ? null : refreshedAt.toString());
        out.put("resolved", ids.size());
        List<String> missing = new ArrayList<>();
        unresolved.forEach((r, why) -> missing.add(r.describe() + ": " + why));
        out.put("unresolved", missing);
        if (lastFailure != null) {
            out.put("lastFailure", lastFailure);
        }
        return out;
    }
}
