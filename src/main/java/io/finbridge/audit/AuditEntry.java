package io.finbridge.audit;

import java.util.Map;

/**
 * One fact for the audit trail: what happened ({@code kind}), to which inbox event, by whom, on what subject
 * (e.g. {@code res.partner/42}), with details as a small JSON object.
 */
public record AuditEntry(String kind, Long eventRef, String actor, String subject, Map<String, ?> detail) {

    public static final String SYSTEM = "finbridge";

    public AuditEntry {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("audit kind is required");
        }
        actor = actor == null || actor.isBlank() ? SYSTEM : actor;
        detail = detail == null ? Map.of() : detail;
    }

    public static AuditEntry of(String kind, Long eventRef, String subject, Map<String, ?> detail) {
        return new AuditEntry(kind, eventRef, SYSTEM, subject, detail);
    }
}
