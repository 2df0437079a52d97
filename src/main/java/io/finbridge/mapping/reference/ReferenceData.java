package io.finbridge.mapping.reference;

import io.finbridge.canonical.Currencies;
import io.finbridge.canonical.TaxLine;
import io.finbridge.mapping.LookupTables;
import io.finbridge.mapping.MappingException;
import io.finbridge.mapping.YamlNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The reference data of {@code mappings/reference/}: entities (source accounts to Odoo companies and journals),
 * accounts by role, taxes, enabled currencies and products. Immutable; a reload reads a new one. Odoo ids are not
 * here but in {@link ReferenceIds}, which resolves the {@link OdooRef}s this names.
 */
public final class ReferenceData implements LookupTables {

    public static final String FOLDER = "reference";
    private static final String ENTITY_TABLE_PREFIX = "entity-by-";
    private static final Set<String> JOURNAL_ROLES = Set.of("sales", "bank", "misc", "purchase", "clearing", "gift-card");

    private final Map<String, Entity> entities;
    private final Map<String, Map<AccountRole, OdooRef>> accounts;
    private final List<TaxRule> taxes;
    private final Set<String> currencies;
    private final Map<String, OdooRef> products;
    private final OdooRef unlistedProduct;
    private final Map<String, Map<String, String>> tables;
    private final Map<String, String> tableOrigins;

    private ReferenceData(Map<String, Entity> entities, Map<String, Map<AccountRole, OdooRef>> accounts, List<TaxRule> taxes,
            Set<String> currencies, Map<String, OdooRef> products, OdooRef unlistedProduct,
            Map<String, Map<String, String>> tables, Map<String, String> tableOrigins) {
        this.entities = entities;
        this.accounts = accounts;
        this.taxes = taxes;
        this.currencies = currencies;
        this.products = products;
        this.unlistedProduct = unlistedProduct;
        this.tables = tables;
        this.tableOrigins = tableOrigins;
    }

    /** Reads {@code <mappings>/reference/}; {@code shownRoot} is how file names appear in messages. */
    public static ReferenceData load(Path mappingsRoot, String shownRoot) {
        Path dir = mappingsRoot.resolve(FOLDER);
        String shown = shownRoot + "/" + FOLDER + "/";
        Map<String, Map<String, String>> tables = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        Set<String> currencies = readCurrencies(required(dir, shown, "currencies.yaml"));
        Map<String, Entity> entities = readEntities(required(dir, shown, "entities.yaml"), currencies, tables, origins);
        Map<String, Map<AccountRole, OdooRef>> accounts = readAccounts(required(dir, shown, "accounts.yaml"), entities);
        List<TaxRule> taxes = readTaxes(required(dir, shown, "taxes.yaml"), entities);
        Map<String, OdooRef> products = new LinkedHashMap<>();
        OdooRef unlisted = null;
        if (Files.exists(dir.resolve("products.yaml"))) {
            YamlNode doc = YamlNode.read(dir.resolve("products.yaml"), shown + "products.yaml");
            doc.onlyKeys(Set.of("products", "unlisted"));
            for (Map.Entry<String, YamlNode> e : doc.require("products").map().entrySet()) {
                products.put(e.getKey(), productRef(e.getValue()));
            }
            unlisted = doc.get("unlisted").map(ReferenceData::productRef).orElse(null);
        }
        return new ReferenceData(entities, accounts, taxes, currencies, java.util.Collections.unmodifiableMap(products), unlisted, tables, origins);
    }

    private static YamlNode required(Path dir, String shown, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new MappingException(shown + name, 0, "", "reference file missing (" + file.toAbsolutePath() + ")");
        }
        return YamlNode.read(file, shown + name);
    }

    private static Set<String> readCurrencies(YamlNode doc) {
        doc.onlyKeys(Set.of("currencies"));
        Set<String> out = new LinkedHashSet<>();
        for (YamlNode c : doc.require("currencies").list()) {
            String code = c.text();
            if (!Currencies.isCurrency(code)) {
                throw c.error("'" + code + "' is not an ISO 4217 currency code");
            }
            if (!out.add(code)) {
                throw c.error(code + " is listed twice");
            }
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    private static Map<String, Entity> readEntities(YamlNode doc, Set<String> currencies, Map<String, Map<String, String>> tables,
            Map<String, String> origins) {
        doc.onlyKeys(Set.of("entities"));
        Map<String, Entity> out = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new TreeMap<>();
        for (Map.Entry<String, YamlNode> e : doc.require("entities").map().entrySet()) {
            String code = e.getKey();
            YamlNode n = e.getValue();
            n.onlyKeys(Set.of("company", "currency", "journals", "sources", "timezone", "invoicing"));
            OdooRef company = ref(n.require("company"), "res.company", "name", null);
            YamlNode currencyNode = n.require("currency");
            String currency = currencyNode.text();
            if (!currencies.contains(currency)) {
                throw currencyNode.error(currency + " is not enabled in currencies.yaml");
            }
            Map<String, OdooRef> journals = new LinkedHashMap<>();
            for (Map.Entry<String, YamlNode> j : n.require("journals").map().entrySet()) {
                if (!JOURNAL_ROLES.contains(j.getKey())) {
                    throw j.getValue().error("unknown journal role '" + j.getKey() + "' (expected one of " + JOURNAL_ROLES.stream().sorted().toList() + ")");
                }
                journals.put(j.getKey(), ref(j.getValue(), "account.journal", "code", code));
            }
            Map<String, List<String>> sources = new LinkedHashMap<>();
            for (Map.Entry<String, YamlNode> s : n.get("sources").map(YamlNode::map).orElse(Map.of()).entrySet()) {
                String table = ENTITY_TABLE_PREFIX + s.getKey();
                List<String> keys = new ArrayList<>();
                for (YamlNode k : s.getValue().listOrOne()) {
                    String key = k.text().toLowerCase(Locale.ROOT);
                    String other = tables.computeIfAbsent(table, t -> new TreeMap<>()).putIfAbsent(key, code);
                    if (other != null) {
                        throw k.error("'" + k.text() + "' already belongs to entity " + other + " (line " + keyLines.get(table + key) + ")");
                    }
                    keyLines.put(table + key, k.line());
                    keys.add(k.text());
                }
                origins.put(table, doc.file());
                sources.put(s.getKey(), List.copyOf(keys));
            }
            java.time.ZoneId zone = n.get("timezone").map(z -> {
                try {
                    return java.time.ZoneId.of(z.text());
                } catch (java.time.DateTimeException ex) {
                    throw z.error("'" + z.text() + "' is not a time zone (e.g. Europe/Berlin, America/New_York, UTC)");
                }
            }).orElse(null);
            out.put(code, new Entity(code, company, currency, journals, sources, zone, n.get("invoicing").map(ReferenceData::invoicing).orElse(null)));
        }
        if (out.isEmpty()) {
            throw doc.error("no entities: at least one Odoo company is needed");
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static Entity.Invoicing invoicing(YamlNode n) {
        n.onlyKeys(Set.of("when", "rounding-tolerance"));
        Entity.Invoicing.When when = n.get("when").map(w -> switch (w.text().toLowerCase(Locale.ROOT)) {
            case "order" -> Entity.Invoicing.When.ORDER;
            case "payment" -> Entity.Invoicing.When.PAYMENT;
            default -> throw w.error("invoicing.when is order or payment, found '" + w.text() + "'");
        }).orElse(Entity.Invoicing.DEFAULT.when());
        BigDecimal tolerance = n.get("rounding-tolerance").map(t -> {
            try {
                BigDecimal v = new BigDecimal(t.text());
                if (v.signum() < 0) {
                    throw t.error("rounding-tolerance must not be negative");
                }
                return v;
            } catch (NumberFormatException ex) {
                throw t.error("rounding-tolerance is an amount such as 0.05, found '" + t.text() + "'");
            }
        }).orElse(Entity.Invoicing.DEFAULT.roundingTolerance());
        return new Entity.Invoicing(when, tolerance);
    }

    private static Map<String, Map<AccountRole, OdooRef>> readAccounts(YamlNode doc, Map<String, Entity> entities) {
        doc.onlyKeys(Set.of("accounts"));
        Map<String, Map<AccountRole, OdooRef>> out = new LinkedHashMap<>();
        YamlNode all = doc.require("accounts");
        for (Map.Entry<String, YamlNode> e : all.map().entrySet()) {
            if (!entities.containsKey(e.getKey())) {
                throw e.getValue().error("unknown entity '" + e.getKey() + "' (entities.yaml has " + entities.keySet().stream().sorted().toList() + ")");
            }
            Map<AccountRole, OdooRef> roles = new EnumMap<>(AccountRole.class);
            for (Map.Entry<String, YamlNode> r : e.getValue().map().entrySet()) {
                AccountRole role = AccountRole.byKey(r.getKey()).orElseThrow(() -> r.getValue().error("unknown account role '" + r.getKey()
                        + "' (expected one of " + java.util.Arrays.stream(AccountRole.values()).map(AccountRole::key).toList() + ")"));
                roles.put(role, ref(r.getValue(), "account.account", "code", e.getKey()));
            }
            for (AccountRole role : AccountRole.values()) {
                if (!roles.containsKey(role)) {
                    throw e.getValue().error("entity " + e.getKey() + " has no '" + role.key() + "' account");
                }
            }
            out.put(e.getKey(), java.util.Collections.unmodifiableMap(roles));
        }
        for (String entity : entities.keySet()) {
            if (!out.containsKey(entity)) {
                throw all.error("entity " + entity + " has no accounts");
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    private static List<TaxRule> readTaxes(YamlNode doc, Map<String, Entity> entities) {
        doc.onlyKeys(Set.of("taxes"));
        List<TaxRule> out = new ArrayList<>();
        for (YamlNode t : doc.require("taxes").list()) {
            t.onlyKeys(Set.of("source", "title", "rate", "jurisdiction", "odoo"));
            String title = t.get("title").map(YamlNode::text).orElse(null);
            BigDecimal rate = t.get("rate").map(r -> {
                try {
                    return new BigDecimal(r.text());
                } catch (NumberFormatException ex) {
                    throw r.error("rate must be a fraction such as 0.19, found '" + r.text() + "'");
                }
            }).orElse(null);
            String jurisdiction = t.get("jurisdiction").map(j -> j.text().toUpperCase(Locale.ROOT)).orElse(null);
            if (title == null && rate == null && jurisdiction == null) {
                throw t.error("a tax rule needs at least one of title, rate, jurisdiction");
            }
            Map<String, OdooRef> odoo = new LinkedHashMap<>();
            for (Map.Entry<String, YamlNode> o : t.require("odoo").map().entrySet()) {
                if (!entities.containsKey(o.getKey())) {
                    throw o.getValue().error("unknown entity '" + o.getKey() + "'");
                }
                odoo.put(o.getKey(), ref(o.getValue(), "account.tax", "name", o.getKey()));
            }
            out.add(new TaxRule(t.require("source").text(), title, rate, jurisdiction, odoo, t.line()));
        }
        return List.copyOf(out);
    }

    private static OdooRef productRef(YamlNode n) {
        if (n.isScalar()) {
            return new OdooRef("product.product", "default_code", n.text(), null);
        }
        n.onlyKeys(Set.of("default-code", "name", OdooRef.EXTERNAL_ID));
        if (n.map().size() != 1) {
            throw n.error("give one of default-code, name, external-id");
        }
        Map.Entry<String, YamlNode> e = n.map().entrySet().iterator().next();
        String field = e.getKey().equals("default-code") ? "default_code" : e.getKey();
        return new OdooRef("product.product", field, e.getValue().text(), null);
    }

    /** A plain value names the record by {@code field}; {@code {external-id: module.name}} by external id. */
    private static OdooRef ref(YamlNode n, String model, String field, String entity) {
        if (n.isScalar()) {
            return new OdooRef(model, field, n.text(), entity);
        }
        n.onlyKeys(Set.of(OdooRef.EXTERNAL_ID));
        String xmlid = n.require(OdooRef.EXTERNAL_ID).text();
        if (!xmlid.matches("[\\w.-]+\\.[\\w.-]+")) {
            throw n.error("an external id is module.name, found '" + xmlid + "'");
        }
        return new OdooRef(model, OdooRef.EXTERNAL_ID, xmlid, entity);
    }

    @Override
    public Optional<String> lookup(String table, String key) {
        Map<String, String> t = tables.get(table);
        if (t == null) {
            return Optional.empty();
        }
        String found = key == null ? null : t.get(key.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(found != null ? found : t.get("*"));
    }

    @Override
    public Set<String> tables() {
        return tables.keySet();
    }

    @Override
    public String origin(String table) {
        return tableOrigins.getOrDefault(table, FOLDER);
    }

    @Override
    public boolean currencyEnabled(String code) {
        return currencies.contains(code);
    }

    public Set<String> currencies() {
        return currencies;
    }

    public Collection<Entity> entities() {
        return entities.values();
    }

    public Entity entity(String code) {
        Entity e = entities.get(code);
        if (e == null) {
            throw new ReferenceException("No entity '" + code + "' in mappings/reference/entities.yaml");
        }
        return e;
    }

    public OdooRef account(String entity, AccountRole role) {
        entity(entity);
        return accounts.get(entity).get(role);
    }

    public OdooRef journal(String entity, String role) {
        OdooRef j = entity(entity).journals().get(role);
        if (j == null) {
            throw new ReferenceException("Entity " + entity + " has no '" + role + "' journal in mappings/reference/entities.yaml");
        }
        return j;
    }

    /** The Odoo tax for a source tax line in an entity: the first rule of taxes.yaml that matches. */
    public Optional<OdooRef> tax(String sourceSystem, String entity, TaxLine tax) {
        for (TaxRule rule : taxes) {
            if (rule.matches(sourceSystem, tax) && rule.odoo().containsKey(entity)) {
                return Optional.of(rule.odoo().get(entity));
            }
        }
        return Optional.empty();
    }

    public OdooRef currency(String code) {
        if (!currencies.contains(code)) {
            throw new ReferenceException("Currency " + code + " is not enabled in mappings/reference/currencies.yaml");
        }
        return new OdooRef("res.currency", "name", code, null);
    }

    /** The Odoo product for a SKU, or the {@code unlisted} product when the SKU is not listed. */
    /** The product products.yaml names for a SKU, when it names one (the others are found by default_code). */
    public java.util.Optional<OdooRef> listedProduct(String sku) {
        return java.util.Optional.ofNullable(sku == null ? null : products.get(sku));
    }

    public OdooRef product(String sku) {
        OdooRef p = sku == null ? null : products.get(sku);
        if (p != null) {
            return p;
        }
        if (unlistedProduct != null) {
            return unlistedProduct;
        }
        throw new ReferenceException("SKU '" + sku + "' is not in mappings/reference/products.yaml and no 'unlisted' product is set");
    }

    public List<TaxRule> taxRules() {
        return taxes;
    }

    /** Every Odoo record the reference data names, companies first: what {@link ReferenceIds} resolves. */
    public List<OdooRef> odooRefs() {
        Set<OdooRef> out = new LinkedHashSet<>();
        entities.values().forEach(e -> out.add(e.company()));
        entities.values().forEach(e -> out.addAll(e.journals().values()));
        accounts.values().forEach(m -> out.addAll(m.values()));
        taxes.forEach(t -> out.addAll(t.odoo().values()));
        currencies.forEach(c -> out.add(currency(c)));
        out.addAll(products.values());
        if (unlistedProduct != null) {
            out.add(unlistedProduct);
        }
        return List.copyOf(out);
    }
}
