package io.finbridge.inbound;

import io.finbridge.audit.AuditEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.Exchange;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Records, while a flow processes an inbox event, each endpoint it calls with its timing (a STAGE), and every Odoo
 * write with model, operation, record id and external id (an ODOO_WRITE). The entries are kept on the exchange and
 * committed to the audit trail together with the event's outcome.
 */
public final class FlowTrail extends EventNotifierSupport {

    public static final String PROPERTY = "FinbridgeTrail";
    /**
     * Timings kept per attempt of an event: a flow that splits a large payout calls its endpoints thousands of times,
     * and every entry is held in memory until the attempt ends, then written to the audit trail. Beyond this many, the
     * stages are only counted (one STAGES_OMITTED entry with their number and time); Odoo writes are always kept.
     */
    static final int MAX_STAGES = 200;
    private static final String OMITTED = "FinbridgeTrailOmitted";
    private static final Set<String> ODOO_WRITES = Set.of("create", "write", "unlink", "upsert", "call");

    public FlowTrail() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    /** A new, empty trail for an exchange about to process an event. */
    public static List<AuditEntry> start(Exchange exchange) {
        List<AuditEntry> trail = java.util.Collections.synchronizedList(new ArrayList<>());
        exchange.setProperty(PROPERTY, trail);
        return trail;
    }

    /**
     * For routes: records that the event's canonical record was produced, with the mapping name and version that
     * produced it (a MAPPED entry). Call with the record as the body.
     */
    public void mapped(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof io.finbridge.canonical.CanonicalRecord record) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("mapping", record.origin().mapping());
            detail.put("version", record.origin().mappingVersion());
            detail.put("type", record.getClass().getSimpleName());
            detail.put("entity", record.origin().entity());
            EventLogContext.put(EventLogContext.ENTITY, record.origin().entity());
            add(exchange, "MAPPED", record.origin().sourceSystem() + "/" + record.origin().sourceId(), detail);
        }
    }

    /** For flows: an entry in the event's trail (e.g. NO_WRITE, with why nothing was written to Odoo). */
    public static void note(Exchange exchange, String kind, String subject, Map<String, Object> detail) {
        add(exchange, kind, subject, detail);
    }

    /**
     * For flows that decide before posting that nothing is to be written (a payout settled before): a NO_WRITE entry
     * on {@code subject} ({@code account.move/41}), its detail saying why, as the posting routes write it.
     */
    public static void noWrite(Exchange exchange, String subject, Map<String, Object> detail) {
        add(exchange, "NO_WRITE", subject, detail);
    }

    @SuppressWarnings("unchecked")
    private static void add(Exchange exchange, String kind, String subject, Map<String, Object> detail) {
        Object trail = exchange.getProperty(PROPERTY);
        Long inboxId = exchange.getMessage().getHeader(InboxDispatcher.INBOX_ID, Long.class);
        if (trail instanceof List<?> && inboxId != null) {
            ((List<AuditEntry>) trail).add(AuditEntry.of(kind, inboxId, subject, detail));
        }
    }

    /** Sending events too: Camel only times a send (the sent event) when a notifier takes its sending event. */
    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSendingEvent || event instanceof CamelEvent.ExchangeSentEvent;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void notify(CamelEvent event) {
        if (!(event instanceof CamelEvent.ExchangeSentEvent sent)) {
            return;
        }
        Exchange exchange = sent.getExchange();
        Object trail = exchange.getProperty(PROPERTY);
        Long inboxId = exchange.getMessage().getHeader(InboxDispatcher.INBOX_ID, Long.class);
        if (!(trail instanceof List<?>) || inboxId == null) {
            return;
        }
        String uri = sent.getEndpoint().getEndpointUri();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("endpoint", sanitize(uri));
        detail.put("ms", sent.getTimeTaken());
        detail.put("failed", exchange.getException() != null);
        List<AuditEntry> entries = (List<AuditEntry>) trail;
        stage(exchange, entries, inboxId, detail, sent.getTimeTaken());
        if (uri.startsWith("odoo:") && exchange.getException() == null) {
            odooWrite(uri, exchange, inboxId).ifPresent(entries::add);
        }
    }

    @SuppressWarnings("unchecked")
    private static void stage(Exchange exchange, List<AuditEntry> entries, long inboxId, Map<String, Object> detail, long ms) {
        Map<String, Object> omitted;
        synchronized (entries) {
            omitted = (Map<String, Object>) exchange.getProperty(OMITTED);
            if (omitted == null) {
                long stages = entries.stream().filter(a -> a.kind().equals("STAGE")).count();
                if (stages < MAX_STAGES) {
                    entries.add(AuditEntry.of("STAGE", inboxId, exchange.getFromRouteId(), detail));
                    return;
                }
                // serialized when the attempt's trail is written, so the counts below are the final ones
                omitted = new java.util.concurrent.ConcurrentHashMap<>(Map.of("stages", 0L, "ms", 0L));
                exchange.setProperty(OMITTED, omitted);
                entries.add(AuditEntry.of("STAGES_OMITTED", inboxId, exchange.getFromRouteId(), omitted));
            }
        }
        omitted.merge("stages", 1L, (a, b) -> (Long) a + (Long) b);
        omitted.merge("ms", ms, (a, b) -> (Long) a + (Long) b);
    }

    private static java.util.Optional<AuditEntry> odooWrite(String uri, Exchange exchange, long inboxId) {
        String rest = uri.substring("odoo:".length()).replaceFirst("^//", "");
        String path = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        String query = rest.contains("?") ? rest.substring(rest.indexOf('?') + 1) : "";
        String model = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        String operation = path.contains("/") ? "call" : param(query, "operation");
        String method = path.contains("/") ? path.substring(path.indexOf('/') + 1) : operation;
        if (operation == null || !ODOO_WRITES.contains(operation.toLowerCase(Locale.ROOT))) {
            return java.util.Optional.empty();
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("model", model);
        detail.put("operation", method);
        Object id = exchange.getMessage().getHeader("CamelOdooRecordId");
        Object ids = exchange.getMessage().getHeader("CamelOdooIds");
        detail.put("id", id != null ? id : ids);
        String externalId = exchange.getMessage().getHeader("CamelOdooExternalId", String.class);
        if (externalId != null) {
            detail.put("externalId", externalId);
        }
        Object upsert = exchange.getMessage().getHeader("CamelOdooUpsertResult");
        if (upsert != null) {
            detail.put("result", upsert);
        }
        return java.util.Optional.of(AuditEntry.of("ODOO_WRITE", inboxId, model + "/" + (id != null ? id : ids), detail));
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Endpoint URIs may carry credentials as options; only scheme and path are kept. */
    static String sanitize(String uri) {
        int q = uri.indexOf('?');
        String base = q < 0 ? uri : uri.substring(0, q);
        if (q < 0) {
            return base;
        }
        String op = param(uri.substring(q + 1), "operation");
        return op == null ? base : base + "?operation=" + op;
    }

}
