package io.finbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.finbridge.testing.RawHttp;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator API, the review page and the console as an attacker meets them from outside, over raw HTTP: every
 * spelling of every operator path without a login, malformed credentials, bodies shorter than declared, malformed
 * requests, a foreign origin on Jolokia, slow senders. The findings of the outside-in probe, each as a request.
 */
class OperatorSecurityTest {

    private static final String STRIPE_SECRET = "whsec_opsec_test_4471";
    /** What an answer must never show: Java exceptions, stack frames, SQL. */
    private static final Pattern INTERNALS = Pattern.compile("Exception|\\bat [a-z]+\\.[a-z]+\\.|org\\.h2|org\\.eclipse|SELECT |INSERT ");
    private static RuntimeFixture fb;
    private static RawHttp raw;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.webhooks.stripe.secret", STRIPE_SECRET);
        // short body and header timeouts, so the tests of slow senders are quick
        s.put("finbridge.http.body-timeout", "1s");
        s.put("finbridge.http.header-timeout", "1s");
        // the malformed-credential tests fail many logins from 127.0.0.1; the throttle is tested in BehindAProxyTest
        s.put("finbridge.console.max-failed-logins", "100000");
        fb = RuntimeFixture.start(s);
        raw = RawHttp.to(fb);
    }

    @AfterAll
    static void stop() {
        if (fb != null) {
            fb.close();
        }
    }

    /** Every operator endpoint the routes declare ({@code routes/ops/*.yaml}), ids filled in, plus the review page. */
    static List<String[]> operatorEndpoints() throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<String[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes/ops"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode item : yaml.readTree(file.toFile())) {
                    JsonNode rest = item.get("rest");
                    if (rest == null) {
                        continue;
                    }
                    for (String verb : List.of("get", "post", "put", "delete")) {
                        for (JsonNode op : rest.path(verb)) {
                            String path = rest.path("path").asText() + op.path("path").asText("");
                            out.add(new String[] {verb.toUpperCase(), path.replaceAll("\\{[^}]+}", "1")});
                        }
                    }
                }
            }
        }
        out.add(new String[] {"GET", "/review/"});
        assertThat(out).as("endpoints read from routes/ops").hasSizeGreaterThanOrEqualTo(10);
        return out;
    }

    /** The ways to spell {@code path} that an authorization layer and a router could read differently. */
    static Set<String> variants(String path) {
        int second = path.indexOf('/', 1);
        String first = second < 0 ? path.substring(1) : path.substring(1, second);
        String rest = second < 0 ? "" : path.substring(second);
        String tail = rest.isEmpty() ? "" : rest.substring(1);
        Set<String> v = new LinkedHashSet<>();
        v.add("/" + first.toUpperCase() + rest);
        v.add("/" + Character.toUpperCase(first.charAt(0)) + first.substring(1) + rest);
        v.add(path.toUpperCase());
        v.add("/" + first + rest.toUpperCase());
        v.add("/%" + Integer.toHexString(first.charAt(0)) + first.substring(1) + rest);
        v.add("/%" + Integer.toHexString(Character.toUpperCase(first.charAt(0))) + first.substring(1).toUpperCase() + rest);
        v.add("/" + first + ";x=1" + rest);
        v.add(path + ";");
        v.add(path + ";jsessionid=1");
        v.add("/" + first + "/" + rest);
        v.add("/" + path);
        v.add("/." + path);
        v.add("/" + first + "/." + rest);
        v.add("/webhooks/.." + path);
        v.add("/health/.." + path);
        v.add("/hawtio/.." + path);
        v.add("/" + first + "\\" + tail);
        v.add("/" + first + "%2f" + tail);
        v.add("/" + first + "%2F" + tail);
        v.add("/" + first + "/%2e" + rest);
        v.add("/" + first + "%5c" + tail);
        v.add(path + "/");
        return v;
    }

    /** The variants the shared outside-in check sends, verbatim. */
    static final List<String> CHECK_VARIANTS = List.of("/API/status", "/Api/exceptions", "/API/events", "/api/STATUS",
            "/API/audit/verify", "/%61pi/status", "/%41PI/status", "/api;x=1/status", "/api//status", "/./api/status",
            "/api/./status", "/webhooks/../api/status", "/api/status;", "/API/mappings", "/Api/exceptions/1/discard",
            "/API/events/8?body=true");

    private static void assertRefusedWithoutLogin(String method, String path, RawHttp.Answer a) {
        assertThat(a.status()).as(method + " " + path + " without a login").isIn(400, 401);
        assertThat(a.header("Content-Type")).as(method + " " + path).startsWith("application/json");
        assertThat(a.body()).as(method + " " + path).contains("\"error\"").contains("\"reason\"");
        assertThat(INTERNALS.matcher(a.body()).find()).as(method + " " + path + " shows internals: " + a.body()).isFalse();
    }

    @Test
    void everyOperatorEndpointRefusesEverySpellingOfItsPathWithoutALogin() throws Exception {
        int sent = 0;
        for (String[] e : operatorEndpoints()) {
            Set<String> paths = new LinkedHashSet<>(variants(e[1]));
            paths.add(e[1]);
            for (String path : paths) {
                String body = e[0].equals("POST") ? "{\"reason\":\"x\",\"payload\":{\"id\":\"evt_edited\"}}" : null;
                assertRefusedWithoutLogin(e[0], path, raw.send(e[0], path, body));
                sent++;
            }
        }
        for (String path : CHECK_VARIANTS) {
            assertRefusedWithoutLogin("GET", path, raw.send("GET", path, null));
            assertRefusedWithoutLogin("POST", path, raw.send("POST", path, "{\"reason\":\"x\"}"));
            sent += 2;
        }
        assertThat(sent).isGreaterThan(200);
    }

    /** A body each operator POST takes as valid, so that the answer shows the endpoint was reached. */
    static String validBody(String path) {
        return switch (path) {
            case "/api/events/redrive" -> "{\"source\":\"stripe\",\"type\":\"none.such\"}";
            case "/api/revenue/runs" -> "{\"period\":\"2026-01\",\"dryRun\":true}";
            case "/api/usage" -> "{\"idempotencyKey\":\"opsec-1\",\"customer\":\"cus_opsec\",\"meter\":\"api_calls\",\"quantity\":1,\"timestamp\":\"2026-01-15T10:00:00Z\"}";
            default -> "{\"reason\":\"checked\"}";
        };
    }

    @Test
    void theOperatorPathsWorkWithTheLoginAndTheirVariantsStillDoNot() throws Exception {
        for (String[] e : operatorEndpoints()) {
            String body = e[0].equals("POST") ? validBody(e[1]) : null;
            RawHttp.Answer a = raw.send(e[0], e[1], body, "Authorization: " + operator());
            assertThat(a.status()).as(e[0] + " " + e[1] + " with the login").isNotIn(400, 401, 403).isLessThan(500);
            if (!e[1].contains("/1")) {
                assertThat(a.status()).as(e[0] + " " + e[1]).isIn(200, 202);
            }
            RawHttp.Answer variant = raw.send(e[0], "/" + e[1].substring(1, 2).toUpperCase() + e[1].substring(2), body,
                    "Authorization: " + operator());
            assertThat(variant.status()).as("a case variant is refused even with the login").isEqualTo(400);
        }
    }

    @Test
    void theConsoleAndJolokiaRefuseEverySpellingWithoutALogin() throws Exception {
        List<String> protectedPaths = List.of("/hawtio/jolokia/version", "/hawtio/jolokia/read/org.apache.camel:type=context,*/State",
                "/hawtio/user", "/hawtio/refresh", "/hawtio/camel/routes");
        for (String path : protectedPaths) {
            Set<String> paths = new LinkedHashSet<>(variants(path));
            paths.add(path);
            paths.add(path.replace("/jolokia", "/JOLOKIA"));
            paths.add(path.replace("/hawtio/", "/hawtio/static/../"));
            paths.add(path.replace("/hawtio/", "/hawtio//"));
            paths.add(path.replace("/hawtio/", "/hawtio/%6a"));
            for (String p : paths) {
                assertRefusedWithoutLogin("GET", p, raw.send("GET", p, null));
                assertRefusedWithoutLogin("POST", p, raw.send("POST", p, "{\"type\":\"version\"}"));
            }
        }
        assertThat(raw.send("GET", "/hawtio/jolokia/version", null, "Authorization: " + operator()).body()).contains("\"agent\"");
    }

    @Test
    void malformedAuthorizationHeadersGet4xxNever500() throws Exception {
        List<String> malformed = List.of("Basic !!!", "Basic", "Basic ", "Basic Zm9v", "Basic //79", "Basic " + "A".repeat(5000),
                "Bearer abc", "Digest username=\"ops\"", "basic", "NTLM TlRMTVNTUAABAAAAB4IIog==", "Basic =", "Basic Og==");
        for (String path : List.of("/api/status", "/review/", "/hawtio/jolokia/version")) {
            for (String header : malformed) {
                RawHttp.Answer a = raw.send("GET", path, null, "Authorization: " + header);
                assertThat(a.status()).as(path + " with Authorization: " + header.substring(0, Math.min(20, header.length())))
                        .isIn(400, 401);
                assertThat(a.body()).contains("\"error\"");
                assertThat(INTERNALS.matcher(a.body()).find()).as(a.body()).isFalse();
            }
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthGets400Promptly() throws Exception {
        for (String[] target : List.of(new String[] {"/webhooks/stripe", ""},
                new String[] {"/api/exceptions/1/discard", "Authorization: " + operator() + "\r\n"})) {
            byte[] request = ("POST " + target[0] + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + target[1] + "Content-Length: 100\r\n\r\n{\"id\":\"evt_short\"").getBytes(StandardCharsets.UTF_8);
            RawHttp.Answer ended = raw.exchange(request, true, Duration.ofSeconds(10));
            assertThat(ended.status()).as(target[0] + ", connection ended early").isEqualTo(400);
            assertThat(ended.body()).contains("incomplete_body").contains("17 of 100 bytes");
            assertThat(ended.took()).isLessThan(Duration.ofSeconds(2));

            RawHttp.Answer stalled = raw.exchange(request, false, Duration.ofSeconds(10));
            assertThat(stalled.status()).as(target[0] + ", sender stalls").isEqualTo(400);
            assertThat(stalled.body()).contains("incomplete_body").contains("within 1 s");
            assertThat(stalled.took()).as("the body timeout (1 s), not the idle timeout").isLessThan(Duration.ofSeconds(4));
        }
        assertThat(fb.get("/metrics").body())
                .contains("finbridge_webhooks_received_total{outcome=\"incomplete_body\",source=\"stripe\"}")
                .contains("finbridge_webhooks_received_total{outcome=\"slow_body\",source=\"stripe\"}");
    }

    @Test
    void malformedRequestsAnywhereGetJsonWithoutInternals() throws Exception {
        List<String> requests = List.of(
                "GARBAGE\r\n\r\n",
                "GET /api/status HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /api/status HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
                "GET /api/status HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
                "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/st\u0001tus HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcde",
                "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n",
                "GET /webhooks//stripe HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/status HTTP/1.1\r\n\r\n");
        for (String r : requests) {
            RawHttp.Answer a = raw.exchange(r.getBytes(StandardCharsets.ISO_8859_1), false, Duration.ofSeconds(10));
            String what = r.substring(0, Math.min(40, r.indexOf('\r') < 0 ? r.length() : r.indexOf('\r')));
            if (r.contains("HTTP/9.9")) {
                assertThat(a.status()).as(what + ": the one 5xx a request can earn, HTTP's own for an unknown version").isEqualTo(505);
            } else {
                assertThat(a.status()).as(what).isBetween(400, 499);
            }
            if (!a.body().isEmpty()) {
                assertThat(a.header("Content-Type")).as(what).startsWith("application/json");
                assertThat(INTERNALS.matcher(a.body()).find()).as(what + ": " + a.body()).isFalse();
            }
            assertThat(a.header("Server")).as("no server version").isNull();
        }
        assertThat(fb.get("/metrics").body()).contains("finbridge_http_refused_total{area=\"api\",outcome=\"bad_request\"}")
                .contains("finbridge_webhooks_received_total{outcome=\"too_large\",source=\"stripe\"}");
    }

    @Test
    void theConsoleLogoutNeverAnswers500() throws Exception {
        RawHttp.Answer anonymous = raw.send("GET", "/hawtio/auth/logout", null);
        assertThat(anonymous.status()).isEqualTo(302);
        HttpClient browser = browser();
        login(browser);
        HttpResponse<String> out = browser.send(HttpRequest.newBuilder(URI.create(fb.url("/hawtio/auth/logout"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location").orElse("")).endsWith("/hawtio/login");
        HttpResponse<String> after = browser.send(HttpRequest.newBuilder(URI.create(fb.url("/hawtio/jolokia/version"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("the session is gone").isEqualTo(401);
    }

    @Test
    void jolokiaGrantsNoForeignOriginEvenWithCredentials() throws Exception {
        RawHttp.Answer evil = raw.send("GET", "/hawtio/jolokia/version", null, "Authorization: " + operator(), "Origin: http://evil.example");
        assertThat(evil.status()).isEqualTo(403);
        assertThat(evil.header("Access-Control-Allow-Origin")).isNull();
        assertThat(evil.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(evil.body()).contains("forbidden_origin").doesNotContain("\"agent\"");
        RawHttp.Answer preflight = raw.send("OPTIONS", "/hawtio/jolokia/version", null, "Origin: http://evil.example",
                "Access-Control-Request-Method: POST");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        RawHttp.Answer api = raw.send("POST", "/api/exceptions/1/discard", "{\"reason\":\"csrf\"}", "Authorization: " + operator(),
                "Origin: http://evil.example");
        assertThat(api.status()).as("the operator API from another site").isEqualTo(403);
        assertThat(raw.send("POST", "/hawtio/auth/login", "{\"username\":\"ops\",\"password\":\"" + RuntimeFixture.CONSOLE_PASSWORD + "\"}",
                "Origin: http://evil.example").status()).as("a login from another site").isEqualTo(403);

        String own = "http://127.0.0.1:" + raw.port();
        RawHttp.Answer same = raw.send("GET", "/hawtio/jolokia/version", null, "Authorization: " + operator(), "Origin: " + own);
        assertThat(same.status()).isEqualTo(200);
        assertThat(same.body()).contains("\"agent\"");
        assertThat(same.header("Access-Control-Allow-Origin")).as("the console's own origin").isEqualTo(own);

        // Jolokia's own policy (jolokia-access.xml) reflects only the listed origins: a same-origin request under another
        // host name passes the gate and is answered, without a CORS grant it does not need
        RawHttp.Answer otherName = raw.exchange(("GET /hawtio/jolokia/version HTTP/1.1\r\nHost: console.internal:" + raw.port()
                + "\r\nOrigin: http://console.internal:" + raw.port() + "\r\nAuthorization: " + operator()
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), false, Duration.ofSeconds(10));
        assertThat(otherName.status()).isEqualTo(200);
        assertThat(otherName.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theConsoleSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        RawHttp.Answer login = raw.send("POST", "/hawtio/auth/login",
                "{\"username\":\"ops\",\"password\":\"" + RuntimeFixture.CONSOLE_PASSWORD + "\"}");
        assertThat(login.status()).isEqualTo(200);
        String cookie = login.header("Set-Cookie");
        assertThat(cookie).contains("JSESSIONID=").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/hawtio");
        assertThat(cookie).as("plain HTTP here; Secure is set on TLS (BehindAProxyTest)").doesNotContain("Secure");
    }

    @Test
    void aSenderTricklingItsHeadersLosesTheConnectionAtTheHeaderTimeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", raw.port())) {
            s.setSoTimeout(300);
            java.io.OutputStream out = s.getOutputStream();
            out.write("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            boolean closed = false;
            // a header line every 300 ms: never idle, never done
            while (!closed && System.nanoTime() - t0 < 5_000_000_000L) {
                try {
                    out.write("X-Slow: y\r\n".getBytes(StandardCharsets.US_ASCII));
                    closed = s.getInputStream().read() == -1;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing yet
                } catch (IOException reset) {
                    closed = true;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(closed).as("closed by the server").isTrue();
            assertThat(took).as("at the header timeout (1 s), not the idle timeout").isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
        }
        assertThat(fb.get("/metrics").body()).contains("finbridge_http_refused_total{area=\"other\",outcome=\"slow_headers\"}");
    }

    @Test
    void failedLoginsAndBadPathsAreCountedByOutcome() throws Exception {
        raw.send("GET", "/api/status", null, "Authorization: " + RuntimeFixture.basic("ops", "wrong-guess"));
        raw.send("GET", "/API/status", null);
        raw.send("GET", "/WEBHOOKS/stripe", null);
        String metrics = fb.get("/metrics").body();
        assertThat(metrics).contains("finbridge_http_refused_total{area=\"api\",outcome=\"bad_credentials\"}")
                .contains("finbridge_http_refused_total{area=\"other\",outcome=\"bad_path\"}")
                .doesNotContain("area=\"API\"").doesNotContain("area=\"WEBHOOKS\"");
    }

    static String operator() {
        return RuntimeFixture.basic(RuntimeFixture.CONSOLE_USER, RuntimeFixture.CONSOLE_PASSWORD);
    }

    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
    }

    static void login(HttpClient browser) throws Exception {
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(fb.url("/hawtio/auth/login")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ops\",\"password\":\"" + RuntimeFixture.CONSOLE_PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
    }
}
