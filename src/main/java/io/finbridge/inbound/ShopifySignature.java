package io.finbridge.inbound;

import java.util.Base64;
import java.util.List;

/** Shopify: {@code X-Shopify-Hmac-Sha256} is the base64 HMAC-SHA256 of the raw body with the app's secret. */
public final class ShopifySignature implements SignatureVerifier {

    static final String HEADER = "X-Shopify-Hmac-Sha256";
    private final List<String> secrets;

    /** @param secrets the current secret and, while rotating, the previous one */
    public ShopifySignature(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    @Override
    public Verdict verify(WebhookRequest request) {
        String header = request.header(HEADER);
        if (header == null) {
            return Verdict.invalid("missing " + HEADER + " header");
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header);
        } catch (IllegalArgumentException ex) {
            return Verdict.invalid(HEADER + " is not base64");
        }
        for (String secret : secrets) {
            if (Hmac.same(Hmac.sha256(secret, request.body()), given)) {
                return Verdict.valid();
            }
        }
        return Verdict.invalid("signature does not match");
    }
}
