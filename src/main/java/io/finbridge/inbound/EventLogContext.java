package io.finbridge.inbound;

import org.slf4j.MDC;

/**
 * The fields every log line about one event carries (SLF4J MDC), so that Loki or Elasticsearch can find all lines of
 * an event, a source, a flow or an entity: in the JSON log format they are fields of each line (see
 * docs/operations.md). Values are ids and names, never payload.
 */
public final class EventLogContext implements AutoCloseable {

    /** The source's own event id, e.g. Stripe's evt_..., Shopify's X-Shopify-Event-Id. */
    public static final String EVENT_ID = "eventId";
    /** The inbox row's id (what /api/events names). */
    public static final String INBOX_ID = "inboxId";
    public static final String SOURCE = "source";
    /** The id of the flow route processing the event. */
    public static final String FLOW = "flow";
    /** The legal entity (entities.yaml) the event's canonical record belongs to, once mapped. */
    public static final String ENTITY = "entity";
    /** The OpenTelemetry trace id, when tracing is on. */
    public static final String TRACE_ID = "traceId";

    private static final String[] KEYS = {EVENT_ID, INBOX_ID, SOURCE, FLOW, ENTITY, TRACE_ID};

    private EventLogContext() {
    }

    /** Opens the context of one event on this thread; closing it removes every field again. */
    public static EventLogContext open(long inboxId, String source, String eventId) {
        MDC.put(INBOX_ID, Long.toString(inboxId));
        put(SOURCE, source);
        put(EVENT_ID, eventId);
        return new EventLogContext();
    }

    /** Adds or replaces a field of the open context (a null value removes it). */
    public static void put(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        for (String k : KEYS) {
            MDC.remove(k);
        }
    }
}
