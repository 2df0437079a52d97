package io.finbridge.canonical;

/** A record of the canonical finance model: every one says where it comes from. */
public interface CanonicalRecord {

    Origin origin();
}
