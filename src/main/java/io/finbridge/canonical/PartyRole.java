package io.finbridge.canonical;

/** What a party is to the entity. */
public enum PartyRole {
    CUSTOMER,
    VENDOR
}
