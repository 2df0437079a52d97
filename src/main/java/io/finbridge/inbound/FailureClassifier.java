package io.finbridge.inbound;

import io.finbridge.review.FailureClass;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what a processing failure means, by exception class (its own or any superclass): retry later, park, or
 * which kind of exception-queue entry. Classes are named, not imported, so that capabilities can add their own
 * exceptions here without this package depending on them; unknown failures are technical and not retried.
 */
public final class FailureClassifier {

    /** What to do with a failed event. */
    public enum Action { RETRY, PARK, DEAD_LETTER }

    public record Decision(Action action, FailureClass classification) {
    }

    private static final Decision RETRY = new Decision(Action.RETRY, FailureClass.TECHNICAL);
    private final Map<String, Decision> byClass = new LinkedHashMap<>();

    public FailureClassifier() {
        retry("io.finbridge.odoo.OdooRetryableException");
        retry(RetryLaterException.class.getName());
        retry("io.finbridge.store.StoreException");
        retry("java.io.IOException");
        retry("java.util.concurrent.TimeoutException");
        retry("io.github.resilience4j.circuitbreaker.CallNotPermittedException");
        byClass.put(DependencyPendingException.class.getName(), new Decision(Action.PARK, FailureClass.BUSINESS_RULE));
        deadLetter("io.finbridge.odoo.OdooBusinessException", FailureClass.BUSINESS_RULE);
        deadLetter("io.finbridge.mapping.DataQualityException", FailureClass.DATA_QUALITY);
        deadLetter("io.finbridge.mapping.OwnershipViolation", FailureClass.BUSINESS_RULE);
        deadLetter("io.finbridge.ledger.PostingRuleException", FailureClass.BUSINESS_RULE);
        deadLetter("io.finbridge.odoo.OdooAccessException", FailureClass.TECHNICAL);
        // a reference (entity, account, tax, journal, currency) not configured or not found in the entity's company:
        // finance decides (add it in Odoo, or map it in mappings/reference), then replays
        deadLetter("io.finbridge.mapping.reference.ReferenceException", FailureClass.BUSINESS_RULE);
        deadLetter("io.finbridge.odoo.OdooServerException", FailureClass.TECHNICAL);
    }

    public FailureClassifier retry(String className) {
        byClass.put(className, RETRY);
        return this;
    }

    public FailureClassifier deadLetter(String className, FailureClass classification) {
        byClass.put(className, new Decision(Action.DEAD_LETTER, classification));
        return this;
    }

    public Decision classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Optional<Decision> d = lookup(t.getClass());
            if (d.isPresent()) {
                return d.get();
            }
        }
        return new Decision(Action.DEAD_LETTER, FailureClass.TECHNICAL);
    }

    private Optional<Decision> lookup(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Decision d = byClass.get(c.getName());
            if (d != null) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** The failure that explains the decision (the matching cause), for messages. */
    public Throwable explaining(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (lookup(t.getClass()).isPresent()) {
                return t;
            }
        }
        return failure;
    }
}
