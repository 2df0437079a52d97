package io.finbridge.ops;

import io.finbridge.inbound.Inbox;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.finbridge.store.Columns;
import io.finbridge.store.Store;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * {@code /api/events}: list inbox events, and the trace of one event from receipt to Odoo: stages with timings,
 * Odoo records written, exceptions and replays, all read from the audit trail. An event is found by its inbox id,
 * its source's event id (e.g. Stripe's {@code evt_...}) or its dedupe key (e.g. Shopify's webhook id).
 */
public final class EventsApi {

    private static final String COLUMNS = "id, source, dedupe_key, event_id, event_type, api_version, received_at, status, "
            + "attempts, duplicates, next_attempt_at, park_reason, last_error, finished_at, corrected_body IS NOT NULL, "
            + "payload_sha256, payload_purged_at";
    private static final int REDRIVE_MAX = 10_000;
    private final Store store;
    private final Inbox inbox;
    private final Runnable wake;

    public EventsApi(Store store, Inbox inbox, Runnable wake) {
        this.store = store;
        this.inbox = inbox;
        this.wake = wake;
    }

    /**
     * {@code POST /api/events/redrive} with {@code {"source": "stripe", "type": "invoice.paid", "from": ..., "to": ...}}
     * (type and the time range optional): ignored events go back to their flows, now that one exists. Events that
     * are not ignored (posted, failed, waiting) are left alone, so a second re-drive re-drives nothing.
     */
    public void redrive(Exchange exchange) {
        ExceptionsApi.answer(exchange, ex -> {
            JsonNode body = ExceptionsApi.optionalJson(ex);
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException("body must be a JSON object with at least \"source\"");
            }
            String source = text(body, "source");
            if (source == null) {
                throw new IllegalArgumentException("\"source\" is required (stripe, shopify, ...)");
            }
            Instant from = instant(body, "from");
            Instant to = instant(body, "to");
            if (from != null && to != null && !to.isAfter(from)) {
                throw new IllegalArgumentException("\"to\" must be after \"from\"");
            }
            List<Long> ids = inbox.redrive(source, text(body, "type"), from, to, ApiAnswer.actor(ex), REDRIVE_MAX);
            if (!ids.isEmpty()) {
                wake.run();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("redriven", ids.size());
            out.put("events", ids);
            if (ids.size() == REDRIVE_MAX) {
                out.put("more", "at most " + REDRIVE_MAX + " per call: call again for the rest");
            }
            ApiAnswer.ok(ex, out);
        });
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a non-empty string");
        }
        return n.asText().strip();
    }

    private static Instant instant(JsonNode body, String field) {
        String v = text(body, field);
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + field + "\" must be an ISO-8601 instant such as 2026-11-30T00:00:00Z, got '" + v + "'");
        }
    }

    public void list(Exchange exchange) {
        ExceptionsApi.answer(exchange, ex -> {
            StringBuilder where = new StringBuilder("WHERE 1 = 1");
            List<Object> args = new ArrayList<>();
            for (String[] f : new String[][] {{"source", "source"}, {"type", "event_type"}}) {
                String v = ApiAnswer.param(ex, f[0]);
                if (v != null) {
                    where.append(" AND ").append(f[1]).append(" = ?");
                    args.add(v);
                }
            }
            String status = ApiAnswer.param(ex, "status");
            if (status != null) {
                where.append(" AND status = ?");
                args.add(io.finbridge.inbound.EventStatus.valueOf(status.toUpperCase(Locale.ROOT)).name());
            }
            int limit = ApiAnswer.intParam(ex, "limit", 50, 500);
            int offset = ApiAnswer.intParam(ex, "offset", 0, Integer.MAX_VALUE);
            List<Map<String, Object>> items = store.inTransaction(c -> events(c,
                    where + " ORDER BY id DESC LIMIT " + limit + " OFFSET " + offset, args));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("items", items);
            body.put("limit", limit);
            body.put("offset", offset);
            ApiAnswer.ok(ex, body);
        });
    }

    public void trace(Exchange exchange) {
        ExceptionsApi.answer(exchange, ex -> {
            String ref = ApiAnswer.param(ex, "id");
            boolean withBody = "true".equalsIgnoreCase(ApiAnswer.param(ex, "body"));
            Map<String, Object> trace = store.inTransaction(c -> trace(c, ref, withBody));
            if (trace == null) {
                ApiAnswer.error(ex, 404, "not_found", "no event with id, event id or dedupe key '" + ref + "'");
            } else {
                ApiAnswer.ok(ex, trace);
            }
        });
    }

    private Map<String, Object> trace(Connection c, String ref, boolean withBody) throws SQLException {
        List<Map<String, Object>> found = new ArrayList<>();
        if (ref.chars().allMatch(Character::isDigit) && ref.length() < 18) {
            found = events(c, "WHERE id = ?", List.of(Long.parseLong(ref)));
        }
        if (found.isEmpty()) {
            found = events(c, "WHERE event_id = ? OR dedupe_key = ? ORDER BY id", List.of(ref, ref));
        }
        if (found.isEmpty()) {
            return null;
        }
        Map<String, Object> event = found.get(0);
        long id = ((Number) event.get("id")).longValue();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        if (found.size() > 1) {
            out.put("alsoMatching", found.subList(1, found.size()).stream().map(e -> e.get("id")).toList());
        }
        String traceId = traceId(c, id);
        if (traceId != null) {
            out.put("traceId", traceId); // the OpenTelemetry trace of its receipt and processing (docs/operations.md)
        }
        List<Map<String, Object>> timeline = new ArrayList<>();
        List<Map<String, Object>> writes = new ArrayList<>();
        List<Map<String, Object>> notWritten = new ArrayList<>();
        List<Map<String, Object>> replays = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, recorded_at, kind, actor, subject, detail FROM audit_log "
                + "WHERE event_ref = ? ORDER BY seq")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("seq", rs.getLong(1));
                    row.put("at", rs.getTimestamp(2).toInstant().toString());
                    row.put("kind", rs.getString(3));
                    row.put("actor", rs.getString(4));
                    row.put("subject", rs.getString(5));
                    row.put("detail", json(rs.getString(6)));
                    timeline.add(row);
                    switch (rs.getString(3)) {
                        case "ODOO_WRITE" -> writes.add(row);
                        case "NO_WRITE", "POSTING_FAILED" -> notWritten.add(row);
                        case "REPLAY", "DISCARD" -> replays.add(row);
                        default -> { }
                    }
                }
            }
        }
        out.put("timeline", timeline);
        out.put("odooWrites", writes);
        // found in Odoo, unchanged, refused by ownership or by Odoo: what was not written, and why
        out.put("notWritten", notWritten);
        out.put("operatorActions", replays);
        out.put("exceptions", exceptions(c, id));
        if (withBody) {
            try (PreparedStatement ps = c.prepareStatement("SELECT headers, body, corrected_body FROM inbox_event WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    boolean purged = event.get("payloadPurgedAt") != null;
                    out.put("headers", purged ? null : json(rs.getString(1)));
                    out.put("payload", purged ? null : json(rs.getString(2)));
                    out.put("correctedPayload", rs.getString(3) == null ? null : json(rs.getString(3)));
                }
            }
        }
        return out;
    }

    private static List<Map<String, Object>> exceptions(Connection c, long id) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, classification, stage, error_type, error_message, status, "
                + "attempts, first_seen, last_seen, resolved_by, resolution_note FROM exception_case WHERE event_ref = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("classification", rs.getString(2));
                    m.put("stage", rs.getString(3));
                    m.put("errorType", rs.getString(4));
                    m.put("error", rs.getString(5));
                    m.put("status", rs.getString(6).toLowerCase(Locale.ROOT));
                    m.put("attempts", rs.getInt(7));
                    m.put("firstSeen", rs.getTimestamp(8).toInstant().toString());
                    m.put("lastSeen", rs.getTimestamp(9).toInstant().toString());
                    m.put("resolvedBy", rs.getString(10));
                    m.put("resolutionNote", rs.getString(11));
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static List<Map<String, Object>> events(Connection c, String where, List<Object> args) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM inbox_event " + where)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("source", rs.getString(2));
                    m.put("dedupeKey", rs.getString(3));
                    m.put("eventId", rs.getString(4));
                    m.put("type", rs.getString(5));
                    m.put("apiVersion", rs.getString(6));
                    m.put("receivedAt", Columns.iso(rs.getTimestamp(7)));
                    m.put("status", rs.getString(8).toLowerCase(Locale.ROOT));
                    m.put("attempts", rs.getInt(9));
                    m.put("duplicatesReceived", rs.getInt(10));
                    m.put("nextAttemptAt", Columns.iso(rs.getTimestamp(11)));
                    m.put("waitingFor", rs.getString(12));
                    m.put("lastError", rs.getString(13));
                    m.put("finishedAt", Columns.iso(rs.getTimestamp(14)));
                    m.put("corrected", rs.getBoolean(15));
                    m.put("payloadSha256", rs.getString(16));
                    // the retention policy removed the payload; the row, its hash and its trail stay
                    m.put("payloadPurgedAt", Columns.iso(rs.getTimestamp(17)));
                    out.add(m);
                }
            }
        }
        return out;
    }


    /** The trace id of the W3C traceparent stored with the event when tracing was on at its receipt, else null. */
    private static String traceId(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT headers FROM inbox_event WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    return null;
                }
                String parent = json(rs.getString(1)).path(Tracing.TRACEPARENT).asText("");
                String[] parts = parent.split("-");
                return parts.length == 4 && parts[1].matches("[0-9a-f]{32}") ? parts[1] : null;
            }
        }
    }

    private static JsonNode json(String s) {
        try {
            return ApiAnswer.JSON.readTree(s);
        } catch (Exception e) {
            return ApiAnswer.JSON.getNodeFactory().textNode(s);
        }
    }
}
