package io.finbridge.inbound;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Generic JSON sources: a per-source token in {@code Authorization: Bearer <token>} or {@code X-Finbridge-Token},
 * compared in constant time against the current and the previous token.
 */
public final class SharedToken implements SignatureVerifier {

    static final String HEADER = "X-Finbridge-Token";
    private final List<String> tokens;

    public SharedToken(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    @Override
    public Verdict verify(WebhookRequest request) {
        String given = request.header(HEADER);
        String auth = request.header("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).trim();
        }
        if (given == null) {
            return Verdict.invalid("missing token (Authorization: Bearer or " + HEADER + ")");
        }
        byte[] g = given.getBytes(StandardCharsets.UTF_8);
        boolean matched = false;
        for (String token : tokens) {
            matched |= Hmac.same(token.getBytes(StandardCharsets.UTF_8), g);
        }
        return matched ? Verdict.valid() : Verdict.invalid("token does not match");
    }
}
