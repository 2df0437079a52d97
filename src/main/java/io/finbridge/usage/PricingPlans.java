package io.finbridge.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.finbridge.canonical.Currencies;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The usage price plans in {@code mappings/pricing/*.yaml}, checked when read: every problem is named with its file
 * and field, and start-up stops on them. A customer is on the plan that names it, else on the plan for {@code "*"}.
 */
public final class PricingPlans {

    public static final String FOLDER = "pricing";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Map<String, PricingPlan> byCustomer;
    private final PricingPlan fallback;
    private final List<PricingPlan> plans;

    private PricingPlans(List<PricingPlan> plans) {
        this.plans = List.copyOf(plans);
        Map<String, PricingPlan> by = new HashMap<>();
        PricingPlan any = null;
        for (PricingPlan p : plans) {
            for (String c : p.customers()) {
                if (c.equals("*")) {
                    any = p;
                } else {
                    by.put(c, p);
                }
            }
        }
        this.byCustomer = by;
        this.fallback = any;
    }

    public static PricingPlans of(List<PricingPlan> plans) {
        return new PricingPlans(plans);
    }

    /** Reads every plan under {@code mappingsRoot}/pricing; {@link IllegalArgumentException} listing every problem. */
    public static PricingPlans load(Path mappingsRoot) {
        Path dir = mappingsRoot.resolve(FOLDER);
        List<PricingPlan> plans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                    try {
                        plans.add(plan(YAML.readTree(f.toFile()), "mappings/" + FOLDER + "/" + f.getFileName()));
                    } catch (IllegalArgumentException ex) {
                        problems.add(ex.getMessage());
                    } catch (IOException ex) {
                        problems.add("mappings/" + FOLDER + "/" + f.getFileName() + ": not readable YAML: " + ex.getMessage());
                    }
                }
            } catch (IOException ex) {
                throw new IllegalArgumentException("cannot list " + dir + ": " + ex.getMessage(), ex);
            }
        }
        Map<String, String> customerPlan = new HashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (PricingPlan p : plans) {
            if (!names.add(p.name())) {
                problems.add(p.file() + ": plan '" + p.name() + "' is defined twice");
            }
            for (String c : p.customers()) {
                String other = customerPlan.putIfAbsent(c, p.name());
                if (other != null) {
                    problems.add(p.file() + ": customer '" + c + "' is on plan '" + other + "' already");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("usage price plans: " + String.join("; ", problems));
        }
        return new PricingPlans(plans);
    }

    private static PricingPlan plan(JsonNode n, String file) {
        String name = text(n, "plan", file);
        String entity = text(n, "entity", file);
        String currency = text(n, "currency", file);
        if (!Currencies.isCurrency(currency)) {
            throw new IllegalArgumentException(file + ": currency '" + currency + "' is not an ISO 4217 currency");
        }
        Set<String> customers = new LinkedHashSet<>();
        n.path("customers").forEach(c -> customers.add(c.asText()));
        if (customers.isEmpty()) {
            throw new IllegalArgumentException(file + ": customers: name the customers on the plan, or \"*\" for everyone else");
        }
        Map<String, MeterPrice> meters = new LinkedHashMap<>();
        JsonNode ms = n.path("meters");
        if (!ms.isObject() || ms.isEmpty()) {
            throw new IllegalArgumentException(file + ": meters: a plan prices at least one meter");
        }
        ms.fields().forEachRemaining(e -> meters.put(e.getKey(), meter(e.getKey(), e.getValue(), file + ": meters." + e.getKey())));
        return new PricingPlan(name, entity, currency, Set.copyOf(customers), meters, file);
    }

    private static MeterPrice meter(String meter, JsonNode n, String where) {
        Aggregate aggregate;
        try {
            aggregate = Aggregate.of(n.path("aggregate").asText("sum"));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where + ".aggregate: " + ex.getMessage());
        }
        String mode = n.path("tiers").asText("graduated");
        if (!mode.equals("graduated") && !mode.equals("volume")) {
            throw new IllegalArgumentException(where + ".tiers: '" + mode + "' is not graduated or volume");
        }
        List<Tier> tiers = new ArrayList<>();
        JsonNode prices = n.path("prices");
        if (!prices.isArray() || prices.isEmpty()) {
            throw new IllegalArgumentException(where + ".prices: at least one tier ({unitPrice: \"0.10\"})");
        }
        BigDecimal below = BigDecimal.ZERO;
        for (int i = 0; i < prices.size(); i++) {
            JsonNode t = prices.get(i);
            String at = where + ".prices[" + i + "]";
            BigDecimal upTo = t.has("upTo") ? decimal(t.get("upTo"), at + ".upTo") : null;
            boolean last = i == prices.size() - 1;
            if (last != (upTo == null)) {
                throw new IllegalArgumentException(at + ".upTo: " + (last ? "the last tier has no upTo (it takes every unit above)"
                        : "every tier but the last needs upTo"));
            }
            if (upTo != null && upTo.compareTo(below) <= 0) {
                throw new IllegalArgumentException(at + ".upTo: " + upTo.toPlainString() + " must be above the tier before (" + below.toPlainString() + ")");
            }
            tiers.add(new Tier(upTo, decimal(t.get("unitPrice"), at + ".unitPrice"),
                    t.has("flatFee") ? decimal(t.get("flatFee"), at + ".flatFee") : BigDecimal.ZERO));
            below = upTo == null ? below : upTo;
        }
        return new MeterPrice(meter, n.path("description").asText(meter), aggregate, mode.equals("graduated"),
                n.has("included") ? decimal(n.get("included"), where + ".included") : BigDecimal.ZERO,
                n.has("flatFee") ? decimal(n.get("flatFee"), where + ".flatFee") : BigDecimal.ZERO, tiers);
    }

    private static BigDecimal decimal(JsonNode v, String where) {
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": required");
        }
        try {
            BigDecimal d = new BigDecimal(v.asText().trim());
            if (d.signum() < 0) {
                throw new IllegalArgumentException(where + ": must not be negative");
            }
            return d;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(where + ": '" + v.asText() + "' is not a decimal number");
        }
    }

    private static String text(JsonNode n, String field, String file) {
        String v = n.path(field).asText("");
        if (v.isBlank()) {
            throw new IllegalArgumentException(file + ": " + field + " is required");
        }
        return v;
    }

    /** The plan of {@code customer}: the one naming it, else the {@code *} plan. */
    public Optional<PricingPlan> planOf(String customer) {
        return Optional.ofNullable(byCustomer.getOrDefault(customer, fallback));
    }

    /** The price of {@code meter} for {@code customer}; {@link IllegalArgumentException} saying why there is none. */
    public MeterPrice priceOf(String customer, String meter) {
        PricingPlan plan = planOf(customer).orElseThrow(() -> new IllegalArgumentException("customer '" + customer
                + "' is on no usage plan (mappings/pricing/: name it in a plan's customers, or give one plan \"*\")"));
        MeterPrice price = plan.meters().get(meter);
        if (price == null) {
            throw new IllegalArgumentException("meter '" + meter + "' is not priced in plan '" + plan.name() + "' of customer '"
                    + customer + "' (its meters: " + String.join(", ", plan.meters().keySet()) + ")");
        }
        return price;
    }

    public List<PricingPlan> plans() {
        return plans;
    }
}
