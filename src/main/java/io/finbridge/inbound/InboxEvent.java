package io.finbridge.inbound;

import java.time.Instant;

/** An inbox row as a worker sees it when it has claimed it. */
public record InboxEvent(long id, String source, String dedupeKey, String eventId, String type, String apiVersion,
                         Instant receivedAt, String headersJson, String body, String correctedBody, int attempts,
                         Instant parkDeadline) {

    /** What the flow processes: the operator's corrected payload when there is one, else the original. */
    public String effectiveBody() {
        return correctedBody != null ? correctedBody : body;
    }
}
