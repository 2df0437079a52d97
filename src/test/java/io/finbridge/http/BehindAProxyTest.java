package io.finbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.testing.RawHttp;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sandbox behind a TLS-terminating proxy ({@code finbridge.http.forwarded=true}, so the client's address and scheme
 * come from {@code X-Forwarded-*}), with {@code /metrics} behind the login, a small failed-login budget and its own
 * demo token beside the published one.
 */
class BehindAProxyTest {

    private static final String OWN_DEMO_TOKEN = "own-demo-token-7731-not-published";
    private static RuntimeFixture fb;
    private static RawHttp raw;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.http.forwarded", "true");
        s.put("finbridge.metrics.public", "false");
        s.put("finbridge.console.max-failed-logins", "3");
        s.put("finbridge.webhooks.demo.previous-token", OWN_DEMO_TOKEN);
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
}
