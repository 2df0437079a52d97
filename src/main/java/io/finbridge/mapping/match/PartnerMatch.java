package io.finbridge.mapping.match;

/**
 * The Odoo partner a party resolved to, how it was found ({@code by} is null when it was created), and the external
 * id now registered for the party's source record.
 */
public record PartnerMatch(int partnerId, String externalId, MatchStrategy by, boolean created) {
}
