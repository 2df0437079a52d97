package io.finbridge.usage;

import java.util.Map;
import java.util.Set;

/** A usage price plan: the entity and currency it bills in, the customers on it ({@code *}: everyone else), its meters. */
public record PricingPlan(String name, String entity, String currency, Set<String> customers, Map<String, MeterPrice> meters,
        String file) {
}
