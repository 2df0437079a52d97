package io.finbridge.canonical;

/** A product as a source sells it; {@code mappings/reference/products.yaml} ties its SKU to an Odoo product. */
public record Product(
        @Required Origin origin,
        @Required String sku,
        @Required String name,
        ProductType type,
        Money listPrice,
        Boolean active) implements CanonicalRecord {
}
