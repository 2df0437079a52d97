package io.finbridge.posting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The postings the aggregator collected for one model and one Odoo context, on their way through one round of Odoo
 * calls: one search, one create, one post, one read for all of them (plus one write per changed record).
 */
public final class PostingBatch {

    private final List<Posting> postings = Collections.synchronizedList(new ArrayList<>());
    /** The postings of the current round: at most one per key, so a key's events are applied in their order. */
    private volatile List<Posting> round = List.of();
    private final java.util.Set<Posting> done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private volatile PostingLocks.Lease lease;
    private volatile List<Posting> searching = List.of();
    private volatile List<Posting> creating = List.of();
    private volatile List<Posting> updating = List.of();
    private volatile Map<Posting, Posting> followers = Map.of();
    private final long startedNanos = System.nanoTime();
    private volatile int odooCalls;

    void add(Posting p) {
        postings.add(p);
    }

    /** Every posting of the batch, in arrival order. */
    public List<Posting> all() {
        synchronized (postings) {
            return List.copyOf(postings);
        }
    }

    /** The postings of the current round. */
    public List<Posting> postings() {
        return round;
    }

    /** Starts the next round: the first posting of each key not yet posted; the rest wait for the round after. */
    List<Posting> startRound() {
        List<Posting> next = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Posting p : all()) {
            if (done.contains(p)) {
                continue;
            }
            if (p.lockKeys().stream().anyMatch(keys::contains)) {
                keys.addAll(p.lockKeys()); // later events of a key stay behind this one
                continue;
            }
            keys.addAll(p.lockKeys());
            next.add(p);
        }
        done.addAll(next);
        round = List.copyOf(next);
        return round;
    }

    /** Whether postings are left for another round (later events of a key the last round posted). */
    public boolean isNextRound() {
        return all().stream().anyMatch(p -> !done.contains(p));
    }

    public int size() {
        return postings.size();
    }

    /** The model and context every posting of the batch shares. */
    public Posting first() {
        return postings.get(0);
    }

    /** Those not settled yet (not failed, not unchanged...). */
    public List<Posting> open() {
        return postings().stream().filter(p -> !p.settled()).toList();
    }

    public boolean isNeedsSearch() {
        return !searching.isEmpty();
    }

    public boolean isHasUpdates() {
        return !updating.isEmpty();
    }

    /** Created or matched and still to be posted ({@code action_post}). */
    public List<Posting> toPost() {
        return round.stream().filter(p -> !p.failed() && p.post() && p.binding() != null
                && !"posted".equals(p.odooState())).toList();
    }

    public boolean isHasToPost() {
        return !toPost().isEmpty();
    }

    /**
     * The records this round created, found or posted: read back from Odoo (totals, state, dates) for the rules'
     * checks. A record bound and left alone (a redelivery) is not read again.
     */
    public List<Posting> bound() {
        return round.stream().filter(p -> p.binding() != null && (p.held() == null || !p.failed())
                && (p.outcome() == Posting.Outcome.CREATED || p.outcome() == Posting.Outcome.MATCHED || p.wasPostedNow())).toList();
    }

    public boolean isHasToRead() {
        return !bound().isEmpty();
    }

    PostingLocks.Lease lease() {
        return lease;
    }

    void lease(PostingLocks.Lease l) {
        this.lease = l;
    }

    List<Posting> searching() {
        return searching;
    }

    void searching(List<Posting> s) {
        this.searching = List.copyOf(s);
    }

    public List<Posting> creating() {
        return creating;
    }

    void creating(List<Posting> c, Map<Posting, Posting> followersByLeader) {
        this.creating = List.copyOf(c);
        this.followers = Map.copyOf(followersByLeader);
    }

    /** Postings that create nothing themselves: they share a match key with a leader created in this batch. */
    Map<Posting, Posting> followers() {
        return followers;
    }

    public List<Posting> updating() {
        return updating;
    }

    void updating(List<Posting> u) {
        this.updating = List.copyOf(u);
    }

    void called() {
        odooCalls++;
    }

    public int odooCalls() {
        return odooCalls;
    }

    long startedNanos() {
        return startedNanos;
    }
}
