package io.finbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.testing.RawHttp;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sandbox behind a TLS-terminating proxy ({@code finbridge.http.forwarded=true}, so the client's address and scheme
 * come from {@code X-Forwarded-*}), with {@code /metrics} behind the login, a small failed-login budget, its own demo
 * token beside the published one, and only 16 platform workers.
 */
class BehindAProxyTest {

    private static final String OWN_DEMO_TOKEN = "own-demo-token-7731-not-published";
    private static final String STRIPE_SECRET = "whsec_proxy_test_5120";
    private static RuntimeFixture fb;
    private static RawHttp raw;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.http.forwarded", "true");
        s.put("finbridge.metrics.public", "false");
        s.put("finbridge.console.max-failed-logins", "3");
        s.put("finbridge.webhooks.demo.previous-token", OWN_DEMO_TOKEN);
        s.put("finbridge.webhooks.stripe.secret", STRIPE_SECRET);
        // few platform workers: slow senders would hold them all if they could
        s.put("finbridge.http.max-threads", "16");
        s.put("finbridge.http.virtual-threads", "false");
        fb = RuntimeFixture.start(s);
        raw = RawHttp.to(fb);
    }

    @AfterAll
    static void stop() {
        if (fb != null) {
            fb.close();
        }
    }

    private static String operator() {
        return "Authorization: " + RuntimeFixture.basic(RuntimeFixture.CONSOLE_USER, RuntimeFixture.CONSOLE_PASSWORD);
    }

    @Test
    void failedLoginsFromOneAddressAreRefusedWith429AndRetryAfter() throws Exception {
        String from = "X-Forwarded-For: 203.0.113.7";
        String wrong = "Authorization: " + RuntimeFixture.basic("ops", "guess");
        for (int i = 0; i < 3; i++) {
            assertThat(raw.send("GET", "/api/status", null, wrong, from).status()).isEqualTo(401);
        }
        RawHttp.Answer throttled = raw.send("GET", "/api/status", null, operator(), from);
        assertThat(throttled.status()).as("even the right password, once over the budget").isEqualTo(429);
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 60);
        assertThat(throttled.body()).contains("rate_limited");
        assertThat(raw.send("GET", "/hawtio/jolokia/version", null, operator(), from).status()).as("on every Basic path").isEqualTo(429);
        assertThat(raw.send("GET", "/api/status", null, operator(), "X-Forwarded-For: 198.51.100.2").status())
                .as("another address").isEqualTo(200);
        assertThat(raw.send("GET", "/metrics", null, operator()).body())
                .contains("finbridge_http_refused_total{area=\"api\",outcome=\"bad_credentials\"}")
                .contains("finbridge_http_refused_total{area=\"api\",outcome=\"rate_limited\"}");
    }

    @Test
    void theConsoleLoginFormIsThrottledTheSameWay() throws Exception {
        String from = "X-Forwarded-For: 203.0.113.8";
        for (int i = 0; i < 3; i++) {
            assertThat(raw.send("POST", "/hawtio/auth/login", "{\"username\":\"ops\",\"password\":\"guess\"}", from).status()).isIn(401, 403);
        }
        RawHttp.Answer throttled = raw.send("POST", "/hawtio/auth/login",
                "{\"username\":\"ops\",\"password\":\"" + RuntimeFixture.CONSOLE_PASSWORD + "\"}", from);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotNull();
    }

    @Test
    void theSessionCookieIsSecureWhenServedOverTls() throws Exception {
        RawHttp.Answer login = raw.send("POST", "/hawtio/auth/login",
                "{\"username\":\"ops\",\"password\":\"" + RuntimeFixture.CONSOLE_PASSWORD + "\"}", "X-Forwarded-Proto: https");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Set-Cookie")).contains("Secure").contains("HttpOnly").contains("SameSite=Strict");
    }

    @Test
    void metricsNeedTheLoginWhenNotPublic() throws Exception {
        assertThat(raw.send("GET", "/metrics", null).status()).isEqualTo(401);
        assertThat(raw.send("GET", "/metrics", null, operator()).body()).contains("jvm_memory_used_bytes");
        assertThat(raw.send("GET", "/health/ready", null).status()).as("health stays public").isEqualTo(200);
    }

    @Test
    void thePublishedDemoTokenIsRefusedOnceAnotherIsConfigured() throws Exception {
        String event = "{\"id\":\"demo-proxy-1\",\"type\":\"demo.created\"}";
        RawHttp.Answer published = raw.send("POST", "/webhooks/demo", event, "Authorization: Bearer sandbox-demo-token");
        assertThat(published.status()).isEqualTo(401);
        assertThat(raw.send("POST", "/webhooks/demo", event, "X-Finbridge-Token: sandbox-demo-token").status()).isEqualTo(401);
        RawHttp.Answer own = raw.send("POST", "/webhooks/demo", event, "Authorization: Bearer " + OWN_DEMO_TOKEN);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains("accepted");
    }

    @Test
    void slowSendersDoNotHoldTheWorkers() throws Exception {
        String warm = StripeEvents.customerCreated("evt_opsec_warm_1", "cus_warm1", "Warm Up", "warm@example.com");
        assertThat(fb.send(fb.post("/webhooks/stripe", warm, "Content-Type", "application/json",
                "Stripe-Signature", StripeEvents.signature(STRIPE_SECRET, warm, Instant.now()))).statusCode()).isEqualTo(200);
        // four times the 16 workers, each having sent the headers and a few bytes of a declared body; were they holding
        // the workers, the webhook below would wait for their body timeout (10 s)
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 64; i++) {
                Socket s = new Socket("127.0.0.1", raw.port());
                s.getOutputStream().write(("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 5000\r\n\r\n{\"id\":").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                slow.add(s);
            }
            long t0 = System.nanoTime();
            String body = StripeEvents.customerCreated("evt_opsec_slow_1", "cus_slow1", "Slow Test", "slow@example.com");
            HttpResponse<String> ack = fb.send(fb.post("/webhooks/stripe", body, "Content-Type", "application/json",
                    "Stripe-Signature", StripeEvents.signature(STRIPE_SECRET, body, Instant.now())));
            Duration ackTook = Duration.ofNanos(System.nanoTime() - t0);
            long t1 = System.nanoTime();
            HttpResponse<String> ready = fb.get("/health/ready");
            Duration readyTook = Duration.ofNanos(System.nanoTime() - t1);
            assertThat(ack.statusCode()).isEqualTo(200);
            assertThat(ack.body()).contains("accepted");
            assertThat(ackTook).as("a valid webhook beside 64 slow senders").isLessThan(Duration.ofSeconds(5));
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(readyTook).isLessThan(Duration.ofSeconds(5));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }
}
