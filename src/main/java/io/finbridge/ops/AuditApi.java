package io.finbridge.ops;

import io.finbridge.audit.AuditVerifier;
import org.apache.camel.Exchange;

/** {@code GET /api/audit/verify}: walks the hash chain and reports the first broken link. */
public final class AuditApi {

    private final AuditVerifier verifier;

    public AuditApi(AuditVerifier verifier) {
        this.verifier = verifier;
    }

    public void verify(Exchange exchange) {
        ApiAnswer.ok(exchange, verifier.verify());
    }
}
