package io.finbridge.inbound;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]} where each v1 is the HMAC-SHA256 of
 * {@code t + "." + body} with the endpoint secret. Any v1 may match (Stripe sends several while secrets roll), and the
 * timestamp must lie within the tolerance (default 300 s) so a captured request cannot be replayed later. Stripe
 * writes signatures as 64 lowercase hex digits; any other spelling (upper case included) is not Stripe's and never
 * matches.
 */
public final class StripeSignature implements SignatureVerifier {

    static final String HEADER = "Stripe-Signature";
    private static final java.util.regex.Pattern LOWERCASE_SHA256_HEX = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    private final List<String> secrets;
    private final Duration tolerance;
    private final Clock clock;

    public StripeSignature(List<String> secrets, Duration tolerance, Clock clock) {
        this.secrets = List.copyOf(secrets);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    @Override
    public Verdict verify(WebhookRequest request) {
        String header = request.header(HEADER);
        if (header == null) {
            return Verdict.invalid("missing " + HEADER + " header");
        }
        Long timestamp = null;
        List<byte[]> candidates = new ArrayList<>();
        boolean misspelled = false;
        for (String item : header.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            if (key.equals("t") && timestamp == null) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException ex) {
                    return Verdict.invalid(HEADER + " has a malformed timestamp");
                }
            } else if (key.equals("v1")) {
                if (LOWERCASE_SHA256_HEX.matcher(value).matches()) {
                    candidates.add(HexFormat.of().parseHex(value));
                } else {
                    misspelled = true; // a malformed candidate cannot match; the others are still tried
                }
            }
        }
        if (timestamp != null && candidates.isEmpty() && misspelled) {
            return Verdict.invalid(HEADER + " v1 must be 64 lowercase hex digits");
        }
        if (timestamp == null || candidates.isEmpty()) {
            return Verdict.invalid(HEADER + " lacks t= or v1=");
        }
        byte[] signedPrefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (String secret : secrets) {
            byte[] expected = Hmac.sha256(secret, signedPrefix, request.body());
            for (byte[] candidate : candidates) {
                matched |= Hmac.same(expected, candidate);
            }
        }
        if (!matched) {
            return Verdict.invalid("no v1 signature matches");
        }
        long age = clock.instant().getEpochSecond() - timestamp;
        if (Math.abs(age) > tolerance.toSeconds()) {
            return Verdict.invalid("timestamp is " + age + " s from now, outside the tolerance of " + tolerance.toSeconds() + " s");
        }
        return Verdict.valid();
    }
}
