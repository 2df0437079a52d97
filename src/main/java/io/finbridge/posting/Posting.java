package io.finbridge.posting;

import io.finbridge.audit.AuditEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One source record on its way to one Odoo record, as a flow hands it to the posting routes: its binding key, the
 * Odoo model, the field that carries its natural key, the values to create it with, and what an update of an existing
 * record may write. The posting routes fill in the outcome: the Odoo id, and created, matched, updated, unchanged
 * (with the reason) or failed.
 *
 * <p>Built by the flow's posting rules ({@code io.finbridge.ledger}); read by {@link PostingBatches} and, once posted,
 * by the flow again.
 */
public final class Posting {

    /** What happened to the record. */
    public enum Outcome {
        /** Created in Odoo (and bound). */
        CREATED,
        /** Found in Odoo by its natural key or by a match rule (e.g. a partner's email), and bound. */
        MATCHED,
        /** Bound before; the fields it may change were written. */
        UPDATED,
        /** Bound before; nothing written, {@link #reason()} says why. */
        UNCHANGED,
        /** Not posted: {@link #failure()} says why. */
        FAILED
    }

    /**
     * Looks at the record as Odoo made it, before it is posted (totals, currency, dates): a problem keeps it in draft
     * and fails the posting with a business exception naming the difference.
     */
    @FunctionalInterface
    public interface Check {
        /** Null when the record is as the source says, else what differs. */
        String problem(Map<String, Object> readBack);
    }

    /** Decides, once the Odoo record is known, what an update may write (ownership) and why the rest is not. */
    @FunctionalInterface
    public interface UpdateRule {
        Update admit(int odooId);
    }

    /** The values an update may write, and the reasons for the fields it may not. */
    public record Update(Map<String, Object> values, Map<String, String> refused) {
        public Update {
            values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
            refused = refused == null ? Map.of() : Map.copyOf(refused);
        }
    }

    private final BindingKey key;
    private final String model;
    private final String naturalKeyField;
    private final Map<String, Object> values;
    private final UpdateRule updateRule;
    private final List<Object> matchDomain;
    private final Set<String> lockKeys;
    private final Map<String, Object> context;
    private final String sourceVersion;
    private final boolean post;
    private final Object record;
    private final RuntimeException createRefused;
    private final Check check;
    private final RuntimeException held;
    private final List<String> notes;

    // filled in by the posting routes
    private volatile Binding binding;
    private volatile Outcome outcome;
    private volatile String reason;
    private volatile RuntimeException failure;
    private volatile Map<String, Object> written = Map.of();
    private volatile String odooState;
    private volatile Map<String, Object> readBack = Map.of();
    private volatile CompletableFuture<Posting> ticket;
    private volatile List<AuditEntry> trail;
    private volatile Long inboxId;
    private volatile Map<String, Object> pendingUpdate = Map.of();
    private volatile boolean postedNow;

    private Posting(Builder b) {
        this.key = b.key;
        this.model = b.model;
        this.naturalKeyField = b.naturalKeyField;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(b.values));
        this.updateRule = b.updateRule;
        this.matchDomain = List.copyOf(b.matchDomain);
        this.lockKeys = Set.copyOf(b.lockKeys);
        this.context = b.context == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.context));
        this.sourceVersion = b.sourceVersion;
        this.post = b.post;
        this.record = b.record;
        this.createRefused = b.createRefused;
        this.check = b.check;
        this.held = b.held;
        this.notes = List.copyOf(b.notes);
    }

    public static Builder to(String model, BindingKey key) {
        return new Builder(model, key);
    }

    public BindingKey key() {
        return key;
    }

    public String model() {
        return model;
    }

    /** The Odoo field holding {@link BindingKey#naturalKey()}, e.g. {@code ref}. */
    public String naturalKeyField() {
        return naturalKeyField;
    }

    public String naturalKey() {
        return key.naturalKey();
    }

    /** The values a create sends, with the natural key in its field. */
    public Map<String, Object> values() {
        return values;
    }

    /** Null when an existing record is never written by this posting (e.g. a posted invoice). */
    public UpdateRule updateRule() {
        return updateRule;
    }

    /**
     * Other ways to find the record in Odoo before creating one, as one domain (e.g. a partner's email), tried after
     * the natural key; empty when only the natural key finds it.
     */
    public List<Object> matchDomain() {
        return matchDomain;
    }

    /** Keys posted in turn besides the binding key (a customer's email: two sources of one person). */
    public Set<String> lockKeys() {
        Set<String> all = new LinkedHashSet<>();
        all.add(key.lockKey());
        all.addAll(lockKeys);
        return all;
    }

    /** The Odoo context of the calls (allowed_company_ids); postings of one context are batched together. */
    public Map<String, Object> context() {
        return context;
    }

    /** What the aggregator groups on: one Odoo call carries one model and one context. */
    public String batchKey() {
        return model + " " + context;
    }

    public String sourceVersion() {
        return sourceVersion;
    }

    /** Whether the record is posted ({@code action_post}) after it is created. */
    public boolean post() {
        return post;
    }

    /** The canonical record this posting was built from (for checks after Odoo answered). */
    public Object record() {
        return record;
    }

    /** Why this posting may not create the record when none is found (its source may not create it), or null. */
    public RuntimeException createRefused() {
        return createRefused;
    }

    /**
     * Why this record must not be posted (its totals would not tie out beyond the tolerance): it is created in draft,
     * bound, and the posting then fails with this, for finance to decide. Null for a record to post.
     */
    public RuntimeException held() {
        return held;
    }

    /** What the flow's rules want the trace to say about this record (a rounding line, unknown SKUs). */
    public List<String> notes() {
        return notes;
    }

    /** The check of the read-back record, or null. */
    public Check check() {
        return check;
    }

    public Binding binding() {
        return binding;
    }

    void bound(Binding b) {
        this.binding = b;
    }

    public Integer odooId() {
        return binding == null ? null : binding.odooId();
    }

    public Outcome outcome() {
        return outcome;
    }

    public String reason() {
        return reason;
    }

    public RuntimeException failure() {
        return failure;
    }

    /** The values actually sent to Odoo by this posting (empty when nothing was written). */
    public Map<String, Object> written() {
        return written;
    }

    /** The record's fields as read back from Odoo after it was written (for checks such as tie-out). */
    public Map<String, Object> readBack() {
        return readBack;
    }

    void readBack(Map<String, Object> fields) {
        this.readBack = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public String odooState() {
        return odooState;
    }

    void state(String state) {
        this.odooState = state;
    }

    void postedNow() {
        this.postedNow = true;
    }

    /** Posted ({@code action_post}) by this posting, not before. */
    public boolean wasPostedNow() {
        return postedNow;
    }

    void succeed(Outcome o, String why, Map<String, Object> sent) {
        if (outcome == Outcome.FAILED) {
            return;
        }
        this.outcome = o;
        this.reason = why;
        this.written = sent == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sent));
    }

    void fail(RuntimeException why) {
        this.outcome = Outcome.FAILED;
        this.failure = why;
        this.reason = why.getMessage();
    }

    public boolean failed() {
        return outcome == Outcome.FAILED;
    }

    public boolean settled() {
        return outcome != null;
    }

    /** The changed values an update is about to write. */
    Map<String, Object> pendingUpdate() {
        return pendingUpdate;
    }

    void pendingUpdate(Map<String, Object> values) {
        this.pendingUpdate = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    CompletableFuture<Posting> ticket() {
        return ticket;
    }

    /** A new attempt: what an earlier attempt found out (a redelivery of the same posting) starts over. */
    void enlisted(CompletableFuture<Posting> t, List<AuditEntry> flowTrail, Long inbox) {
        this.binding = null;
        this.outcome = null;
        this.reason = null;
        this.failure = null;
        this.written = Map.of();
        this.odooState = null;
        this.readBack = Map.of();
        this.pendingUpdate = Map.of();
        this.postedNow = false;
        this.ticket = t;
        this.trail = flowTrail;
        this.inboxId = inbox;
    }

    /** Adds an entry to the trail of the event this posting came from (nothing when it came from no inbox event). */
    void trace(String kind, String subject, Map<String, Object> detail) {
        List<AuditEntry> t = trail;
        if (t != null && inboxId != null) {
            t.add(AuditEntry.of(kind, inboxId, subject, detail));
        }
    }

    @Override
    public String toString() {
        return model + " " + key + (outcome == null ? "" : " " + outcome + (odooId() == null ? "" : " " + odooId()));
    }

    /** Builds a posting; the flow's rules name what they know. */
    public static final class Builder {
        private final String model;
        private final BindingKey key;
        private String naturalKeyField = "ref";
        private final Map<String, Object> values = new LinkedHashMap<>();
        private UpdateRule updateRule;
        private final List<Object> matchDomain = new ArrayList<>();
        private final Set<String> lockKeys = new LinkedHashSet<>();
        private Map<String, Object> context;
        private String sourceVersion;
        private boolean post;
        private Object record;
        private RuntimeException createRefused;
        private Check check;
        private RuntimeException held;
        private final List<String> notes = new ArrayList<>();

        private Builder(String model, BindingKey key) {
            this.model = model;
            this.key = key;
        }

        public Builder naturalKeyIn(String field) {
            this.naturalKeyField = field;
            return this;
        }

        public Builder values(Map<String, Object> v) {
            values.putAll(v);
            return this;
        }

        public Builder updates(UpdateRule rule) {
            this.updateRule = rule;
            return this;
        }

        public Builder matching(List<Object> domain) {
            matchDomain.addAll(domain);
            return this;
        }

        public Builder lockingAlso(String lockKey) {
            lockKeys.add(lockKey);
            return this;
        }

        public Builder context(Map<String, Object> c) {
            this.context = c;
            return this;
        }

        public Builder sourceVersion(String v) {
            this.sourceVersion = v;
            return this;
        }

        public Builder posted() {
            this.post = true;
            return this;
        }

        public Builder from(Object canonical) {
            this.record = canonical;
            return this;
        }

        public Builder noting(List<String> n) {
            notes.addAll(n);
            return this;
        }

        /** Created in draft and not posted: the posting fails with {@code why} once the draft is in Odoo. */
        public Builder heldInDraft(RuntimeException why) {
            this.held = why;
            this.post = false;
            return this;
        }

        public Builder checkedBy(Check c) {
            this.check = c;
            return this;
        }

        public Builder createRefused(RuntimeException why) {
            this.createRefused = why;
            return this;
        }

        public Posting build() {
            if (held != null) {
                post = false;
            }
            values.put(naturalKeyField, key.naturalKey());
            return new Posting(this);
        }
    }
}
