package io.finbridge.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each platform's signature rules, on real-shaped payloads, signed independently of the code under test. */
class SignaturesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static byte[] hmac(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static WebhookRequest request(String source, String body, Map<String, String> headers) {
        return new WebhookRequest(source, "POST", "https://finbridge.example.com/webhooks/" + source, headers,
                body.getBytes(StandardCharsets.UTF_8), "203.0.113.9");
    }

    @Nested
    class Stripe {
        static final String SECRET = "whsec_test_stripe_0001";
        static final String BODY = "{\"id\":\"evt_1PqR2sT3uV4wX5yZ\",\"object\":\"event\",\"api_version\":\"2024-06-20\","
                + "\"created\":1795428000,\"type\":\"charge.succeeded\",\"data\":{\"object\":{\"id\":\"ch_3PqR\",\"object\":\"charge\","
                + "\"amount\":2000,\"currency\":\"usd\"}}}";
        final StripeSignature verifier = new StripeSignature(List.of(SECRET), Duration.ofSeconds(300), CLOCK);

        String header(long t, String secret) {
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, t + "." + BODY));
        }

        @Test
        void aSignatureOverTimestampAndBodyIsAccepted() {
            assertThat(verifier.verify(request("stripe", BODY, Map.of("Stripe-Signature", header(NOW.getEpochSecond(), SECRET))))
                    .accepted()).isTrue();
        }

        @Test
        void anyOfSeveralV1SignaturesMayMatch() {
            long t = NOW.getEpochSecond();
            String h = "t=" + t + ",v1=" + "00".repeat(32) + "," + header(t, SECRET).substring(("t=" + t + ",").length())
                    + ",v0=" + "11".repeat(32);
            assertThat(verifier.verify(request("stripe", BODY, Map.of("Stripe-Signature", h))).accepted()).isTrue();
        }

        @Test
        void aChangedBodyIsRefused() {
            Verdict v = verifier.verify(request("stripe", BODY.replace("2000", "20000"),
                    Map.of("Stripe-Signature", header(NOW.getEpochSecond(), SECRET))));
            assertThat(v.accepted()).isFalse();
            assertThat(v.reason()).contains("no v1 signature matches");
        }

        @Test
        void aTimestampOutsideTheToleranceIsRefusedEvenWithAGoodSignature() {
            Verdict old = verifier.verify(request("stripe", BODY, Map.of("Stripe-Signature", header(NOW.getEpochSecond() - 301, SECRET))));
            assertThat(old.accepted()).isFalse();
            assertThat(old.reason()).contains("tolerance");
            assertThat(verifier.verify(request("stripe", BODY, Map.of("Stripe-Signature", header(NOW.getEpochSecond() - 299, SECRET))))
                    .accepted()).isTrue();
        }

        @Test
        void thePreviousSecretStillWorksWhileRotating() {
            StripeSignature rotating = new StripeSignature(List.of("whsec_new", SECRET), Duration.ofSeconds(300), CLOCK);
            assertThat(rotating.verify(request("stripe", BODY, Map.of("Stripe-Signature", header(NOW.getEpochSecond(), SECRET))))
                    .accepted()).isTrue();
            assertThat(rotating.verify(request("stripe", BODY, Map.of("Stripe-Signature", header(NOW.getEpochSecond(), "whsec_new"))))
                    .accepted()).isTrue();
        }

        @Test
        void aSignatureInUpperCaseHexIsRefusedAsNotStripes() {
            long t = NOW.getEpochSecond();
            String upper = "t=" + t + ",v1=" + HexFormat.of().withUpperCase().formatHex(hmac(SECRET, t + "." + BODY));
            Verdict v = verifier.verify(request("stripe", BODY, Map.of("Stripe-Signature", upper)));
            assertThat(v.accepted()).isFalse();
            assertThat(v.reason()).contains("lowercase hex");
            // the same bytes in Stripe's spelling pass
            assertThat(verifier.verify(request("stripe", BODY, Map.of("Stripe-Signature", upper.toLowerCase()))).accepted()).isTrue();
        }

        @Test
        void missingOrMalformedHeadersAreRefusedWithAReason() {
            assertThat(verifier.verify(request("stripe", BODY, Map.of())).reason()).contains("missing Stripe-Signature");
            assertThat(verifier.verify(request("stripe", BODY, Map.of("Stripe-Signature", "garbage"))).accepted()).isFalse();
            assertThat(verifier.verify(request("stripe", BODY, Map.of("Stripe-Signature", "t=abc,v1=00"))).accepted()).isFalse();
            assertThat(verifier.verify(request("stripe", BODY, Map.of("Stripe-Signature", "t=1,v1=zz"))).accepted()).isFalse();
        }

        @Test
        void theReasonNeverContainsTheSecret() {
            Verdict v = verifier.verify(request("stripe", BODY, Map.of("Stripe-Signature", header(NOW.getEpochSecond(), "other"))));
            assertThat(v.reason()).doesNotContain(SECRET);
        }
    }

    @Nested
    class Shopify {
        static final String SECRET = "shpss_test_shopify_0001";
        static final String BODY = "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"total_price\":\"199.65\","
                + "\"currency\":\"USD\",\"name\":\"#9999\"}";
        final ShopifySignature verifier = new ShopifySignature(List.of(SECRET, "shpss_previous"));

        @Test
        void theBase64HmacOfTheRawBodyIsAccepted() {
            String h = Base64.getEncoder().encodeToString(hmac(SECRET, BODY));
            assertThat(verifier.verify(request("shopify", BODY, Map.of("X-Shopify-Hmac-Sha256", h))).accepted()).isTrue();
            String prev = Base64.getEncoder().encodeToString(hmac("shpss_previous", BODY));
            assertThat(verifier.verify(request("shopify", BODY, Map.of("x-shopify-hmac-sha256", prev))).accepted()).isTrue();
        }

        @Test
        void aReformattedBodyIsRefused() {
            String h = Base64.getEncoder().encodeToString(hmac(SECRET, BODY));
            assertThat(verifier.verify(request("shopify", BODY.replace(",", ", "), Map.of("X-Shopify-Hmac-Sha256", h))).accepted()).isFalse();
        }

        @Test
        void aHeaderThatIsNotBase64IsRefused() {
            assertThat(verifier.verify(request("shopify", BODY, Map.of("X-Shopify-Hmac-Sha256", "%%%"))).reason()).contains("base64");
            assertThat(verifier.verify(request("shopify", BODY, Map.of())).reason()).contains("missing");
        }
    }

    @Nested
    class HubSpot {
        static final String SECRET = "hubspot-client-secret-0001";
        static final String BODY = "[{\"eventId\":1001,\"subscriptionId\":2001,\"portalId\":62515,\"appId\":54321,"
                + "\"occurredAt\":1795428000000,\"subscriptionType\":\"deal.propertyChange\",\"attemptNumber\":0,"
                + "\"objectId\":1246965,\"propertyName\":\"amount\",\"propertyValue\":\"1500\",\"changeSource\":\"CRM\"}]";
        final HubSpotSignature verifier = new HubSpotSignature(List.of(SECRET), Duration.ofMinutes(5), CLOCK);

        String sign(String uri, long ts) {
            return Base64.getEncoder().encodeToString(hmac(SECRET, "POST" + uri + BODY + ts));
        }

        @Test
        void methodUriBodyAndTimestampAreSigned() {
            long ts = NOW.toEpochMilli() - 1000;
            WebhookRequest r = request("hubspot", BODY, Map.of("X-HubSpot-Signature-v3",
                    sign("https://finbridge.example.com/webhooks/hubspot", ts), "X-HubSpot-Request-Timestamp", Long.toString(ts)));
            assertThat(verifier.verify(r).accepted()).isTrue();
        }

        @Test
        void encodedCharactersTheDocsListAreDecodedBeforeSigning() {
            long ts = NOW.toEpochMilli();
            WebhookRequest r = new WebhookRequest("hubspot", "POST", "https://finbridge.example.com/webhooks/hubspot?x=a%3Ab",
                    Map.of("X-HubSpot-Signature-v3", sign("https://finbridge.example.com/webhooks/hubspot?x=a:b", ts),
                            "X-HubSpot-Request-Timestamp", Long.toString(ts)),
                    BODY.getBytes(StandardCharsets.UTF_8), "203.0.113.9");
            assertThat(verifier.verify(r).accepted()).isTrue();
        }

        @Test
        void aRequestOlderThanFiveMinutesIsRefused() {
            long ts = NOW.toEpochMilli() - Duration.ofMinutes(6).toMillis();
            WebhookRequest r = request("hubspot", BODY, Map.of("X-HubSpot-Signature-v3",
                    sign("https://finbridge.example.com/webhooks/hubspot", ts), "X-HubSpot-Request-Timestamp", Long.toString(ts)));
            assertThat(verifier.verify(r).reason()).contains("window");
        }

        @Test
        void anotherUrlIsAnotherSignature() {
            long ts = NOW.toEpochMilli();
            WebhookRequest r = request("hubspot", BODY, Map.of("X-HubSpot-Signature-v3",
                    sign("https://evil.example.com/webhooks/hubspot", ts), "X-HubSpot-Request-Timestamp", Long.toString(ts)));
            assertThat(verifier.verify(r).accepted()).isFalse();
        }
    }

    @Nested
    class Token {
        final SharedToken verifier = new SharedToken(List.of("tok-current-0001", "tok-previous-0001"));

        @Test
        void bearerOrHeaderTokensAreAcceptedIncludingThePreviousOne() {
            assertThat(verifier.verify(request("acme", "{}", Map.of("Authorization", "Bearer tok-current-0001"))).accepted()).isTrue();
            assertThat(verifier.verify(request("acme", "{}", Map.of("X-Finbridge-Token", "tok-previous-0001"))).accepted()).isTrue();
        }

        @Test
        void aWrongOrMissingTokenIsRefused() {
            assertThat(verifier.verify(request("acme", "{}", Map.of("Authorization", "Bearer tok-current-0002"))).accepted()).isFalse();
            assertThat(verifier.verify(request("acme", "{}", Map.of())).reason()).contains("missing token");
        }
    }
}
