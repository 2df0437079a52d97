package io.finbridge.inbound;

/** One configured webhook source: its name (the URL path), how its events are keyed, and how it is verified. */
public record WebhookSource(String name, SourceKind kind, SignatureVerifier verifier, String dedupePath,
                            String dedupeHeader, String typePath) {
}
