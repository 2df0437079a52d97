package io.finbridge.posting;

import io.finbridge.privacy.Excerpt;
import io.finbridge.inbound.FlowTrail;
import io.finbridge.ledger.PostingRuleException;
import io.finbridge.inbound.InboxDispatcher;
import io.finbridge.odoo.OdooConstants;
import io.finbridge.odoo.OdooException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the posting routes ({@code routes/posting/}), bound as {@code postingBatches}: it collects the postings
 * of many events into batches (it is the aggregator's strategy), takes their leases, asks the binder, prepares each
 * Odoo call the route makes and reads its answer, splits a batch Odoo refused until only the bad record fails, and
 * finally hands every event its own outcome.
 *
 * <p>Per batch: one search by natural key (only for keys tried before, or with match rules), one create, one write
 * per record whose owned fields changed, one read and one {@code action_post} where the model is posted. Odoo takes a
 * batch all or nothing, so a refused batch is split in halves, and the halves again, until the record Odoo refuses
 * is alone; it fails with Odoo's message, the others are posted.
 */
public final class PostingBatches implements AggregationStrategy {

    public static final String BEAN_NAME = "postingBatches";
    /** Exchange property: the {@link PostingBatch} a posting route works on. */
    public static final String BATCH = "FinbridgeBatch";
    /** Exchange property: the postings one create or post call carries (a batch, or a half of one). */
    public static final String SLICE = "FinbridgeSlice";
    /** Exchange property: the posting an update route writes, and the posting an event waits for. */
    public static final String POSTING = "FinbridgePosting";
    private static final Logger LOG = LoggerFactory.getLogger(PostingBatches.class);

    private final Binder binder;
    private final PostingLocks locks;
    private final Duration lockWait;
    private final Duration awaitTimeout;
    private final boolean searchFreshKeys;

    public PostingBatches(Binder binder, PostingLocks locks, Duration lockWait, Duration awaitTimeout, boolean searchFreshKeys) {
        this.binder = binder;
        this.locks = locks;
        this.lockWait = lockWait;
        this.awaitTimeout = awaitTimeout;
        this.searchFreshKeys = searchFreshKeys;
    }

    // ---- the event's side: enlist, then wait for the outcome

    /** The event's posting gets its ticket; the route then hands it to the aggregator. */
    @SuppressWarnings("unchecked")
    public void enlist(Exchange exchange) {
        Posting p = exchange.getMessage().getBody(Posting.class);
        Object trail = exchange.getProperty(FlowTrail.PROPERTY);
        p.enlisted(new CompletableFuture<>(), trail instanceof List<?> l ? (List<io.finbridge.audit.AuditEntry>) l : null,
                exchange.getMessage().getHeader(InboxDispatcher.INBOX_ID, Long.class));
        exchange.setProperty(POSTING, p);
    }

    /**
     * Waits until the batch the posting went into has its outcome; the body is then the posting. A posting that
     * failed throws its failure, so the flow's error handling treats it as if the flow had called Odoo itself.
     */
    public Posting await(Exchange exchange) throws Exception {
        Posting p = exchange.getProperty(POSTING, Posting.class);
        try {
            p.ticket().get(awaitTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            throw new PostingTimeoutException(p, awaitTimeout);
        } catch (ExecutionException ex) {
            throw ex.getCause() instanceof Exception e ? e : ex;
        }
        exchange.getMessage().setBody(p);
        if (p.failed()) {
            throw p.failure();
        }
        return p;
    }

    /** Aggregation: the first posting starts a batch, the next join it. */
    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Posting p = newExchange.getMessage().getBody(Posting.class);
        if (oldExchange == null) {
            // the batch's own exchange: none of the first event's headers or trail, so its Odoo calls are not
            // recorded as that event's (each event's trail gets its own outcome at the end)
            PostingBatch batch = new PostingBatch();
            batch.add(p);
            Exchange exchange = new org.apache.camel.support.DefaultExchange(newExchange.getContext());
            exchange.getMessage().setBody(batch);
            // traced (when tracing is on) in the first event's trace: one webhook, one trace down to its Odoo calls
            io.finbridge.ops.Tracing.continueIn(newExchange, exchange);
            return exchange;
        }
        oldExchange.getMessage().getBody(PostingBatch.class).add(p);
        return oldExchange;
    }

    // ---- the batch's side

    /**
     * Starts a round (one posting per key: later events of a key wait for the next round) and takes its leases (a
     * posting whose key another holder keeps beyond the wait is retried later), then asks the binder: bound postings go to the update step, the others to the search (keys
     * tried before, match rules) or straight to the create.
     */
    public void claim(Exchange exchange) {
        PostingBatch batch = exchange.getProperty(BATCH, PostingBatch.class);
        if (batch == null) {
            batch = exchange.getMessage().getBody(PostingBatch.class);
            exchange.setProperty(BATCH, batch);
        }
        PostingLocks.Lease held = batch.lease();
        String token = held == null ? null : held.token();
        Set<String> taken = new LinkedHashSet<>(held == null ? Set.of() : held.keys());
        Set<String> fresh = new LinkedHashSet<>(held == null ? Set.of() : held.fresh());
        long deadline = System.nanoTime() + lockWait.toNanos();
        for (Posting p : batch.startRound()) {
            Set<String> keys = new LinkedHashSet<>(p.lockKeys());
            keys.removeAll(taken); // this batch's own leases from an earlier round
            if (keys.isEmpty()) {
                continue;
            }
            try {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                PostingLocks.Lease l = locks.acquire(keys, left, token);
                token = l.token();
                taken.addAll(l.keys());
                fresh.addAll(l.fresh());
            } catch (KeyBusyException busy) {
                p.fail(busy);
            }
        }
        if (token != null) {
            batch.lease(new PostingLocks.Lease(token, Set.copyOf(taken), Set.copyOf(fresh)));
        }
        List<Posting> open = batch.open();
        Map<BindingKey, Binding> known = binder.findAll(open.stream().map(Posting::key).toList());
        List<Posting> search = new ArrayList<>();
        List<Posting> update = new ArrayList<>();
        List<Posting> create = new ArrayList<>();
        for (Posting p : open) {
            Binding b = known.get(p.key());
            if (b != null) {
                p.bound(b);
                p.state(b.odooState());
                update.add(p);
            } else if (searchFreshKeys || !fresh.contains(p.key().lockKey()) || !p.matchDomain().isEmpty()) {
                search.add(p);
            } else {
                create.add(p);
            }
        }
        batch.searching(search);
        batch.updating(update);
        batch.creating(create, Map.of());
    }

    /** The search by natural key (and match rules) for the postings the binder does not know. */
    public void searchRequest(Exchange exchange) {
        PostingBatch batch = batch(exchange);
        Posting first = batch.searching().get(0);
        List<Object> terms = new ArrayList<>();
        terms.add(List.of(first.naturalKeyField(), "in", batch.searching().stream().map(Posting::naturalKey).distinct().toList()));
        Set<String> fields = new LinkedHashSet<>(List.of("id", first.naturalKeyField()));
        if (batch.searching().stream().anyMatch(Posting::post)) {
            fields.add("state"); // a record found again may be posted already: it is not posted twice
        }
        for (Posting p : batch.searching()) {
            for (Object t : p.matchDomain()) {
                terms.add(t);
                fields.add(String.valueOf(((List<?>) t).get(0)));
            }
        }
        List<Object> domain = new ArrayList<>();
        for (int i = 1; i < terms.size(); i++) {
            domain.add("|");
        }
        domain.addAll(terms);
        exchange.getMessage().setHeader(OdooConstants.DOMAIN, domain);
        exchange.getMessage().setHeader(OdooConstants.FIELDS, List.copyOf(fields));
        exchange.getMessage().setHeader(OdooConstants.ORDER, "id asc");
        context(exchange, first);
        batch.called();
    }

    /**
     * The search's answer: a posting whose natural key is there is bound to that record (a crash came between a
     * create and its binding); else the first match rule that finds a record binds it. The rest are created, once
     * per match key: postings of one person from two sources in one batch become one record.
     */
    public void searched(Exchange exchange) {
        PostingBatch batch = batch(exchange);
        List<Map<String, Object>> found = records(exchange.getMessage().getBody());
        List<Binding> bindings = new ArrayList<>();
        List<Posting> create = new ArrayList<>(batch.creating());
        for (Posting p : batch.searching()) {
            Integer id = null;
            String how = null;
            for (Map<String, Object> r : found) {
                if (p.naturalKey().equals(r.get(p.naturalKeyField()))) {
                    id = ((Number) r.get("id")).intValue();
                    how = "its natural key " + p.naturalKeyField() + " = " + p.naturalKey();
                    break;
                }
            }
            if (id == null) {
                terms:
                for (Object t : p.matchDomain()) {
                    for (Map<String, Object> r : found) {
                        if (matches((List<?>) t, r)) {
                            id = ((Number) r.get("id")).intValue();
                            how = ((List<?>) t).get(0) + " " + ((List<?>) t).get(2);
                            break terms;
                        }
                    }
                }
            }
            if (id == null) {
                create.add(p);
                continue;
            }
            Object state = null;
            for (Map<String, Object> r : found) {
                if (((Number) r.get("id")).intValue() == id && r.get("state") instanceof String st) {
                    state = st;
                }
            }
            Binding b = new Binding(p.key(), p.model(), id, p.naturalKey(), (String) state, p.sourceVersion(), Map.of());
            p.bound(b);
            p.state((String) state);
            bindings.add(b);
            p.succeed(Posting.Outcome.MATCHED, "found in Odoo by " + how, Map.of());
            LOG.info("{} {} found as {} {} by {}", p.key().objectType(), p.key(), p.model(), id, Excerpt.message(how));
        }
        binder.bindAll(bindings);
        // found records may still take the fields their source owns
        List<Posting> update = new ArrayList<>(batch.updating());
        for (Posting p : batch.searching()) {
            if (p.binding() != null && p.updateRule() != null) {
                update.add(p);
            }
        }
        batch.updating(update);
        leaders(batch, create);
    }

    /** Postings sharing a match key (the same email) create one record: the first leads, the others follow it. */
    private static void leaders(PostingBatch batch, List<Posting> create) {
        List<Posting> leaders = new ArrayList<>();
        create = create.stream().filter(p -> {
            if (p.createRefused() != null && !p.settled()) {
                p.fail(p.createRefused());
            }
            return !p.failed();
        }).toList();
        Map<Posting, Posting> followers = new LinkedHashMap<>();
        Map<String, Posting> byKey = new LinkedHashMap<>();
        for (Posting p : create) {
            Posting leader = null;
            for (String k : p.lockKeys()) {
                if (!k.equals(p.key().lockKey()) && byKey.containsKey(k)) {
                    leader = byKey.get(k);
                    break;
                }
            }
            if (leader == null) {
                leaders.add(p);
                p.lockKeys().forEach(k -> byKey.putIfAbsent(k, p));
            } else {
                followers.put(p, leader);
            }
        }
        batch.creating(leaders, followers);
    }

    /** The postings to create, for the first create call. */
    public List<Posting> creates(Exchange exchange) {
        PostingBatch batch = batch(exchange);
        if (!batch.isNeedsSearch()) {
            leaders(batch, batch.creating());
        }
        return batch.creating();
    }

    /** One create call: the slice's values as a list, in the slice's order (Odoo answers ids in that order). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> createValues(Exchange exchange) {
        List<Posting> slice = (List<Posting>) exchange.getMessage().getBody(List.class);
        exchange.setProperty(SLICE, List.copyOf(slice));
        context(exchange, slice.get(0));
        batch(exchange).called();
        return slice.stream().map(Posting::values).toList();
    }

    /** Odoo created the slice: each record is bound at once, before anything else can fail. */
    public void created(Exchange exchange) {
        List<Posting> slice = slice(exchange);
        List<?> ids = exchange.getMessage().getBody(List.class);
        if (ids.size() != slice.size()) {
            throw new IllegalStateException("Odoo answered " + ids.size() + " ids for " + slice.size() + " records");
        }
        PostingBatch batch = batch(exchange);
        List<Binding> bindings = new ArrayList<>();
        for (int i = 0; i < slice.size(); i++) {
            Posting p = slice.get(i);
            int id = ((Number) ids.get(i)).intValue();
            Binding b = new Binding(p.key(), p.model(), id, p.naturalKey(), p.post() ? "draft" : null, p.sourceVersion(), p.values());
            p.bound(b);
            p.state(b.odooState());
            bindings.add(b);
            p.succeed(Posting.Outcome.CREATED, null, p.values());
            if (p.held() != null) {
                p.fail(p.held()); // in Odoo as a draft, bound, for finance to decide
            }
            for (Map.Entry<Posting, Posting> f : batch.followers().entrySet()) {
                if (f.getValue() == p) {
                    Posting follower = f.getKey();
                    Binding fb = new Binding(follower.key(), follower.model(), id, follower.naturalKey(), b.odooState(),
                            follower.sourceVersion(), Map.of());
                    follower.bound(fb);
                    bindings.add(fb);
                    follower.succeed(Posting.Outcome.MATCHED, "the same as " + p.key() + ", created in the same batch", Map.of());
                }
            }
        }
        binder.bindAll(bindings);
    }

    /**
     * Odoo refused a create or a post of several records: the halves to try again (each alone is all or nothing
     * too). Refused for one record: that posting fails with Odoo's message and nothing is left to try. A refusal
     * that is not about the records (rights, configuration, Odoo down) fails the whole batch.
     */
    public List<List<Posting>> refused(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (!recordSpecific(caught)) {
            throw caught;
        }
        List<Posting> slice = slice(exchange);
        if (slice.size() == 1) {
            Posting p = slice.get(0);
            p.fail((RuntimeException) caught);
            LOG.info("Odoo refused {}: {}", p, Excerpt.message(caught.getMessage()));
            return List.of();
        }
        int half = slice.size() / 2;
        LOG.info("Odoo refused a batch of {} {}; trying its halves: {}", slice.size(), slice.get(0).model(), Excerpt.message(caught.getMessage()));
        return List.of(slice.subList(0, half), slice.subList(half, slice.size()));
    }

    /** Only errors about the data sent are worth splitting for; the others would fail every half alike. */
    static boolean recordSpecific(Throwable t) {
        if (!(t instanceof OdooException oe) || oe.isRetryable()) {
            return false;
        }
        return switch (oe.errorClass()) {
            case USER, VALIDATION, MISSING, SERVER -> true;
            default -> false;
        };
    }

    /**
     * For each bound posting with an update rule: what its source may change (ownership), minus what is already
     * written. Nothing to write: unchanged, with the reason. The rest go to the write step.
     */
    public List<Posting> updates(Exchange exchange) {
        PostingBatch batch = batch(exchange);
        List<Posting> writes = new ArrayList<>();
        for (Posting p : batch.updating()) {
            if (p.failed()) {
                continue;
            }
            if (p.held() != null && !"posted".equals(p.odooState())) {
                p.fail(p.held()); // still not postable: the draft stays for finance
                continue;
            }
            if (p.updateRule() == null) {
                if (!p.settled()) {
                    p.succeed(Posting.Outcome.UNCHANGED, "already in Odoo as " + p.model() + " " + p.odooId()
                            + "; this flow does not change it once created", Map.of());
                }
                continue;
            }
            Posting.Update u = p.updateRule().admit(p.odooId());
            Map<String, Object> changed = new LinkedHashMap<>();
            Map<String, Object> before = p.binding().writtenValues();
            u.values().forEach((field, value) -> {
                if (!before.containsKey(field) || !same(before.get(field), value)) {
                    changed.put(field, value);
                }
            });
            p.pendingUpdate(changed);
            if (changed.isEmpty()) {
                String why = u.values().isEmpty() && !u.refused().isEmpty()
                        ? "this source owns none of the fields it sent: " + String.join("; ", u.refused().values())
                        : "nothing changed" + (u.refused().isEmpty() ? "" : " in the fields this source owns (refused: "
                        + String.join("; ", u.refused().values()) + ")");
                if (p.outcome() != Posting.Outcome.MATCHED) {
                    p.succeed(Posting.Outcome.UNCHANGED, why, Map.of());
                }
                continue;
            }
            writes.add(p);
        }
        return writes;
    }

    /** One write: the changed values onto the bound record. */
    public Map<String, Object> updateRequest(Exchange exchange) {
        Posting p = exchange.getMessage().getBody(Posting.class);
        exchange.setProperty(POSTING, p);
        exchange.getMessage().setHeader(OdooConstants.IDS, List.of(p.odooId()));
        context(exchange, p);
        batch(exchange).called();
        return p.pendingUpdate();
    }

    /** Odoo took the write: the binding remembers the values, so the same update writes nothing next time. */
    public void updated(Exchange exchange) {
        Posting p = exchange.getProperty(POSTING, Posting.class);
        Map<String, Object> all = new LinkedHashMap<>(p.binding().writtenValues());
        all.putAll(p.pendingUpdate());
        Binding b = new Binding(p.key(), p.model(), p.odooId(), p.binding().naturalKey(), p.binding().odooState(),
                p.sourceVersion(), all);
        p.bound(b);
        binder.bind(b);
        String how = p.outcome() == Posting.Outcome.MATCHED ? p.reason() + "; " : "";
        p.succeed(Posting.Outcome.UPDATED, how + "wrote " + String.join(", ", p.pendingUpdate().keySet()), p.pendingUpdate());
    }

    /** A write Odoo refused fails that posting only. */
    public void updateRefused(Exchange exchange) throws Exception {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (!recordSpecific(caught)) {
            throw caught;
        }
        exchange.getProperty(POSTING, Posting.class).fail((RuntimeException) caught);
    }

    /** The read-back of what Odoo made of the batch's records (totals, state, dates, names). */
    public void readRequest(Exchange exchange, String fields) {
        PostingBatch batch = batch(exchange);
        exchange.getMessage().setHeader(OdooConstants.IDS, batch.bound().stream().map(Posting::odooId).distinct().toList());
        exchange.getMessage().setHeader(OdooConstants.FIELDS, List.of(fields.strip().split("[\\s,]+")));
        context(exchange, batch.first());
        batch.called();
    }

    public void readBack(Exchange exchange) {
        PostingBatch batch = batch(exchange);
        Map<Integer, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> r : records(exchange.getMessage().getBody())) {
            byId.put(((Number) r.get("id")).intValue(), r);
        }
        for (Posting p : batch.bound()) {
            Map<String, Object> r = byId.get(p.odooId());
            if (r == null) {
                p.fail(new PostingRuleException(p.model() + " " + p.odooId() + " bound to " + p.key()
                        + " is not in Odoo any more (deleted?); the binding is kept for an operator to decide"));
                continue;
            }
            p.readBack(r);
            if (r.get("state") instanceof String s) {
                p.state(s);
            }
            if (p.check() != null && !p.failed()) {
                String problem = p.check().problem(r);
                if (problem != null) {
                    p.fail(new PostingRuleException(p.model() + " " + p.odooId() + " (" + p.naturalKey() + ", " + p.odooState()
                            + ") does not match its source: " + problem));
                }
            }
        }
    }

    /** The postings to post, for the first {@code action_post} call. */
    public List<Posting> posts(Exchange exchange) {
        return batch(exchange).toPost();
    }

    /** One post call: the slice's ids. */
    @SuppressWarnings("unchecked")
    public void postRequest(Exchange exchange) {
        List<Posting> slice = (List<Posting>) exchange.getMessage().getBody(List.class);
        exchange.setProperty(SLICE, List.copyOf(slice));
        exchange.getMessage().setHeader(OdooConstants.IDS, slice.stream().map(Posting::odooId).toList());
        context(exchange, slice.get(0));
        batch(exchange).called();
    }

    public void posted(Exchange exchange) {
        List<Binding> bindings = new ArrayList<>();
        for (Posting p : slice(exchange)) {
            p.state("posted");
            p.postedNow();
            Binding b = p.binding().withState("posted");
            p.bound(b);
            bindings.add(b);
        }
        binder.bindAll(bindings);
    }

    /** Something failed for the whole batch (Odoo down, rights): every posting not settled fails with it. */
    public void failRest(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        RuntimeException why = caught instanceof RuntimeException re ? re : new IllegalStateException(caught);
        PostingBatch batch = exchange.getProperty(BATCH, PostingBatch.class);
        if (batch == null) {
            batch = exchange.getMessage().getBody(PostingBatch.class);
        }
        if (batch == null) {
            return;
        }
        for (Posting p : batch.all()) {
            // a record created, or found again by its natural key, that is still to be posted did not get there
            boolean unposted = (p.outcome() == Posting.Outcome.CREATED || p.outcome() == Posting.Outcome.MATCHED) && p.post()
                    && !"posted".equals(p.odooState());
            if (!p.settled() || unposted) {
                p.fail(why);
            }
        }
        LOG.warn("A batch of {} {} failed: {}", batch.size(), batch.size() == 0 ? "" : batch.first().model(), Excerpt.message(why.getMessage()));
    }

    /** Always last: the leases are given back, every event gets its outcome and its trail the Odoo writes. */
    public void finish(Exchange exchange) {
        PostingBatch batch = exchange.getProperty(BATCH, PostingBatch.class);
        if (batch == null) {
            batch = exchange.getMessage().getBody(PostingBatch.class);
        }
        if (batch == null) {
            return;
        }
        try {
            locks.release(batch.lease());
        } catch (RuntimeException ex) {
            LOG.warn("Posting leases not released (they expire by themselves): {}", ex.getMessage());
        }
        for (Posting p : batch.all()) {
            if (!p.settled()) {
                p.fail(new IllegalStateException("the posting route ended without an outcome for " + p));
            }
            trace(p, batch);
            if (p.ticket() != null) {
                p.ticket().complete(p);
            }
        }
    }

    private static void trace(Posting p, PostingBatch batch) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", p.model());
        d.put("id", p.odooId());
        d.put("naturalKey", p.naturalKey());
        d.put("batch", batch.size());
        switch (p.outcome()) {
            case CREATED -> {
                d.put("operation", "create");
                d.put("fields", new ArrayList<>(p.written().keySet()));
            }
            case UPDATED -> {
                d.put("operation", "write");
                d.put("fields", new ArrayList<>(p.written().keySet()));
                d.put("result", p.reason());
            }
            case MATCHED -> d.put("result", p.reason());
            case UNCHANGED -> d.put("reason", p.reason());
            case FAILED -> {
                if (!p.written().isEmpty()) {
                    // created, then refused to post (held in draft) or failed its check: in Odoo all the same
                    d.put("operation", "create");
                    d.put("fields", new ArrayList<>(p.written().keySet()));
                    d.put("state", p.odooState());
                }
                d.put("error", io.finbridge.store.Columns.fit(p.reason(), 500));
            }
            default -> { }
        }
        if (!p.notes().isEmpty()) {
            d.put("notes", p.notes());
        }
        if (p.wasPostedNow()) {
            d.put("posted", true);
        }
        String kind = switch (p.outcome()) {
            case CREATED, UPDATED -> "ODOO_WRITE";
            case MATCHED, UNCHANGED -> "NO_WRITE";
            default -> p.written().isEmpty() ? "POSTING_FAILED" : "ODOO_WRITE";
        };
        if (p.wasPostedNow() && p.outcome() != Posting.Outcome.CREATED && p.outcome() != Posting.Outcome.FAILED) {
            kind = "ODOO_WRITE"; // a draft found again (after a crash) and posted now
            d.put("operation", "action_post");
        }
        p.trace(kind, p.model() + "/" + (p.odooId() == null ? p.naturalKey() : p.odooId()), d);
    }

    // ---- helpers

    private static PostingBatch batch(Exchange exchange) {
        return Objects.requireNonNull(exchange.getProperty(BATCH, PostingBatch.class), "no posting batch on the exchange");
    }

    @SuppressWarnings("unchecked")
    private static List<Posting> slice(Exchange exchange) {
        return (List<Posting>) exchange.getProperty(SLICE, List.class);
    }

    private static void context(Exchange exchange, Posting p) {
        if (p.context().isEmpty()) {
            exchange.getMessage().removeHeader(OdooConstants.CONTEXT);
        } else {
            exchange.getMessage().setHeader(OdooConstants.CONTEXT, p.context());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(Object body) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (body instanceof Collection<?> c) {
            for (Object o : c) {
                if (o instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    /** A match term such as {@code ["email", "=ilike", "a@b.c"]} against a record read from Odoo. */
    static boolean matches(List<?> term, Map<String, Object> record) {
        Object actual = record.get(String.valueOf(term.get(0)));
        if (!(actual instanceof String s)) {
            return false;
        }
        String op = String.valueOf(term.get(1));
        String expected = String.valueOf(term.get(2));
        return switch (op) {
            case "=" -> s.equals(expected);
            case "=ilike" -> s.strip().toLowerCase(Locale.ROOT).equals(unescapeLike(expected).toLowerCase(Locale.ROOT));
            default -> false;
        };
    }

    private static String unescapeLike(String s) {
        return s.replace("\\%", "%").replace("\\_", "_").replace("\\\\", "\\");
    }

    /** Values equal as Odoo would store them: numbers by value, the rest by equality. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return Objects.equals(a, b);
    }
}
