package io.finbridge.posting;

import io.finbridge.mapping.reference.OdooReferences;
import io.finbridge.mapping.reference.ReferenceData;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Odoo products by SKU, bound as {@code products}: a SKU named in {@code mappings/reference/products.yaml} is that
 * product; any other is the product whose internal reference ({@code default_code}) is the SKU, looked up in Odoo on
 * first use and kept. A shop has thousands of SKUs; only those sold are ever looked up. A SKU Odoo does not know is
 * kept as unknown for a while ({@code finbridge.products.unknown-ttl}), so that a product finance adds is found
 * without a restart. Bounded: the least recently used SKUs make room ({@code finbridge.products.cache-size}).
 */
public final class ProductCatalog {

    public static final String BEAN_NAME = "products";

    private record Known(Integer id, Instant at) {
    }

    private final Supplier<ReferenceData> reference;
    private final OdooReferences references;
    private final Clock clock;
    private final Duration unknownTtl;
    private final int maxSize;
    private final MeterRegistry metrics;
    private final Map<String, Known> cache;

    public ProductCatalog(Supplier<ReferenceData> reference, OdooReferences references, Clock clock, Duration unknownTtl,
                          int maxSize, MeterRegistry metrics) {
        this.reference = reference;
        this.references = references;
        this.clock = clock;
        this.unknownTtl = unknownTtl;
        this.maxSize = maxSize;
        this.metrics = metrics;
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > ProductCatalog.this.maxSize;
            }
        };
    }

    private static String key(String entity, String sku) {
        return entity + "\u0000" + sku;
    }

    /** The SKUs of {@code skus} neither listed nor known (unknown ones past their time count as not known). */
    public synchronized List<String> toLookUp(String entity, Collection<String> skus) {
        Set<String> out = new LinkedHashSet<>();
        Instant now = clock.instant();
        for (String sku : skus) {
            if (sku == null || sku.isBlank() || reference.get().listedProduct(sku).isPresent()) {
                continue;
            }
            Known k = cache.get(key(entity, sku));
            if (k == null || (k.id() == null && k.at().plus(unknownTtl).isBefore(now))) {
                out.add(sku);
            }
        }
        return new ArrayList<>(out);
    }

    /** What Odoo answered for {@code asked} (records with id and default_code): found ones are kept, the rest unknown. */
    public synchronized void learn(String entity, Collection<String> asked, List<Map<String, Object>> found) {
        Instant now = clock.instant();
        Map<String, Integer> byCode = new LinkedHashMap<>();
        for (Map<String, Object> r : found) {
            if (r.get("default_code") instanceof String code) {
                byCode.putIfAbsent(code, ((Number) r.get("id")).intValue());
            }
        }
        for (String sku : asked) {
            cache.put(key(entity, sku), new Known(byCode.get(sku), now));
        }
    }

    /** The product of a SKU, if Odoo has one (listed, or looked up before). */
    public Optional<Integer> productId(String entity, String sku) {
        if (reference.get().listedProduct(sku).isPresent()) {
            return Optional.of(references.productId(sku));
        }
        Known k;
        synchronized (this) {
            k = cache.get(key(entity, sku));
        }
        Optional<Integer> id = Optional.ofNullable(k == null ? null : k.id());
        if (id.isEmpty()) {
            Counter.builder("finbridge.posting.unknown.sku").description("Lines booked without a product: Odoo has none for their SKU")
                    .tag("entity", entity).register(metrics).increment();
        }
        return id;
    }

    public synchronized int size() {
        return cache.size();
    }
}
