package io.finbridge.canonical;

/** Goods are stocked and shipped; services are not. */
public enum ProductType {
    GOODS,
    SERVICE
}
