package io.finbridge.inbound;

/** Checks that a webhook was sent by its platform, on the raw body, before anything parses it. */
public interface SignatureVerifier {

    Verdict verify(WebhookRequest request);
}
