package io.finbridge.canonical;

import java.util.List;

/** A customer or vendor: an Odoo {@code res.partner} once matched (see {@code io.finbridge.mapping.match}). */
public record Party(
        @Required Origin origin,
        @Required PartyRole role,
        @Required String name,
        String companyName,
        List<String> emails,
        String phone,
        String vat,
        String website,
        Address billingAddress,
        Address shippingAddress,
        String currency) implements CanonicalRecord {

    public Party {
        emails = emails == null ? List.of() : List.copyOf(emails);
    }
}
