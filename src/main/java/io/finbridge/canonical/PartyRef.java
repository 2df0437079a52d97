package io.finbridge.canonical;

/** A party as another record names it (the customer of an order): enough to match it to an Odoo partner. */
public record PartyRef(String sourceId, String name, String email, String vat, Address billingAddress) {
}
