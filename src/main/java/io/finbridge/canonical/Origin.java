package io.finbridge.canonical;

import java.time.Instant;

/**
 * Where a canonical record comes from: the source system and its id for the object, the entity (the Odoo company
 * it belongs to, a code from {@code mappings/reference/entities.yaml}), when it happened at the source, and the
 * mapping name and version that produced it (recorded in the audit trail with the record).
 */
public record Origin(
        @Required String sourceSystem,
        @Required String sourceId,
        @Required String entity,
        @Required Instant occurredAt,
        @Required String mapping,
        int mappingVersion) {
}
