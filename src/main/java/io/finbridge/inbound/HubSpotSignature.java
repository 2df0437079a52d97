package io.finbridge.inbound;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * HubSpot v3: {@code X-HubSpot-Signature-v3} is the base64 HMAC-SHA256, keyed with the app's client secret, of
 * method + URI + body + {@code X-HubSpot-Request-Timestamp} (milliseconds); requests older than five minutes are
 * refused. The URI is the one HubSpot called, with the characters HubSpot's documentation lists URL-decoded.
 */
public final class HubSpotSignature implements SignatureVerifier {

    static final String HEADER = "X-HubSpot-Signature-v3";
    static final String TIMESTAMP = "X-HubSpot-Request-Timestamp";
    private static final String[][] DECODED = {
        {"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"}, {"%27", "'"},
        {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"}};

    private final List<String> secrets;
    private final Duration window;
    private final Clock clock;

    public HubSpotSignature(List<String> secrets, Duration window, Clock clock) {
        this.secrets = List.copyOf(secrets);
        this.window = window;
        this.clock = clock;
    }

    @Override
    public Verdict verify(WebhookRequest request) {
        String header = request.header(HEADER);
        String timestamp = request.header(TIMESTAMP);
        if (header == null || timestamp == null) {
            return Verdict.invalid("missing " + HEADER + " or " + TIMESTAMP + " header");
        }
        long millis;
        byte[] given;
        try {
            millis = Long.parseLong(timestamp);
            given = Base64.getDecoder().decode(header);
        } catch (IllegalArgumentException ex) {
            return Verdict.invalid("malformed " + HEADER + " or " + TIMESTAMP);
        }
        byte[] prefix = (request.method() + decodeUri(request.url())).getBytes(StandardCharsets.UTF_8);
        byte[] suffix = timestamp.getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (String secret : secrets) {
            matched |= Hmac.same(Hmac.sha256(secret, prefix, request.body(), suffix), given);
        }
        if (!matched) {
            return Verdict.invalid("signature does not match");
        }
        long age = clock.millis() - millis;
        if (Math.abs(age) > window.toMillis()) {
            return Verdict.invalid("timestamp is " + age / 1000 + " s from now, outside the window of " + window.toSeconds() + " s");
        }
        return Verdict.valid();
    }

    static String decodeUri(String uri) {
        String out = uri;
        for (String[] pair : DECODED) {
            out = out.replace(pair[0], pair[1]).replace(pair[0].toLowerCase(java.util.Locale.ROOT), pair[1]);
        }
        return out;
    }
}
