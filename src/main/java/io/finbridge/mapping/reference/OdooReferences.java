package io.finbridge.mapping.reference;

import io.finbridge.canonical.TaxLine;
import io.finbridge.mapping.MappingRegistry;
import io.finbridge.odoo.OdooConstants;
import io.finbridge.odoo.OdooException;
import io.finbridge.odoo.ExternalIds;
import io.finbridge.odoo.OdooClient;
import java.time.Clock;
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
    private final Map<String, Integer> countries = new ConcurrentHashMap<>();
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
            domain.add(List.of("company_id", "=", company));
            headers.put(OdooConstants.CONTEXT, Map.of("allowed_company_ids", List.of(company)));
        }
        if (ref.model().equals("account.tax")) {
            domain.add(List.of("type_tax_use", "=", "sale"));
        }
        headers.put(OdooConstants.DOMAIN, domain);
        headers.put(OdooConstants.LIMIT, 2);
        headers.put(OdooConstants.ORDER, "id asc");
        Object r = call("odoo:" + ref.model() + "?operation=search", headers);
        List<?> found = r instanceof List<?> l ? l : List.of();
        if (found.isEmpty()) {
            throw new ReferenceException("not found" + (ref.model().equals("res.currency") ? " (is the currency active in Odoo?)" : ""));
        }
        if (found.size() > 1) {
            throw new ReferenceException("ambiguous: several records match (" + found + "); name it by external id");
        }
        return ((Number) found.get(0)).intValue();
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
        if (why == null) {
            why = refreshedAt == null ? "reference data not resolved yet" + (lastFailure == null ? "" : " (" + lastFailure + ")")
                    : "not resolved since the last reload";
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
        Integer known = countries.get(code);
        if (known != null) {
            return Optional.of(known);
        }
        Object r = call("odoo:res.country?operation=search", Map.of(OdooConstants.DOMAIN, List.of(List.of("code", "=", code)),
                OdooConstants.LIMIT, 1));
        if (r instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Number n) {
            countries.put(code, n.intValue());
            return Optional.of(n.intValue());
        }
        return Optional.empty();
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
