package io.finbridge.canonical;

import java.time.LocalDate;

/** A CRM deal (HubSpot deal, Salesforce opportunity): the expected sale to a customer. */
public record Deal(
        @Required Origin origin,
        @Required String name,
        String customerRef,
        @Required DealStage stage,
        String pipelineStage,
        Money amount,
        LocalDate closeDate,
        String ownerRef) implements CanonicalRecord {
}
