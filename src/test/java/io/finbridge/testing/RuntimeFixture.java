package io.finbridge.testing;

import io.finbridge.FinbridgeRuntime;
import io.finbridge.config.Settings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Starts a Finbridge runtime in-process the way {@code java -jar} does, on a free port, with the given settings on
 * top of a test baseline (console login ops / test-console-pw-5531, fast inbox polling), and talks to it over HTTP.
 */
public final class RuntimeFixture implements AutoCloseable {

    public static final String CONSOLE_USER = "ops";
    public static final String CONSOLE_PASSWORD = "test-console-pw-5531";

    private final FinbridgeRuntime runtime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RuntimeFixture(FinbridgeRuntime runtime) {
        this.runtime = runtime;
    }

    public static Map<String, String> baseline(String profile, String storeUrl) {
        Map<String, String> s = new HashMap<>();
        s.put("finbridge.profile", profile);
        s.put("finbridge.http.port", "0");
        s.put("finbridge.http.host", "127.0.0.1");
        s.put("finbridge.store.url", storeUrl);
        s.put("finbridge.console.username", CONSOLE_USER);
        s.put("finbridge.console.password", CONSOLE_PASSWORD);
        s.put("finbridge.inbox.poll-interval", "100ms");
        s.put("finbridge.shutdown.timeout", "10s");
        s.put("finbridge.http.shutdown-grace", "2s");
        if (storeUrl.startsWith("jdbc:postgresql:")) {
            s.put("finbridge.store.username", TestStores.PG_USER);
        }
        return s;
    }

    public static RuntimeFixture start(Map<String, String> settings) throws Exception {
        return new RuntimeFixture(new FinbridgeRuntime(Settings.load(Map.of(), new Properties(), settings)).start());
    }

    /** Started with the clock that revenue recognition and usage billing read. */
    public static RuntimeFixture start(Map<String, String> settings, java.time.Clock clock) throws Exception {
        return new RuntimeFixture(new FinbridgeRuntime(Settings.load(Map.of(), new Properties(), settings)).withClock(clock).start());
    }

    /** Started with what {@code prepare} sets on the runtime first, e.g. {@code r -> r.withSpanExporter(spans)}. */
    public static RuntimeFixture start(Map<String, String> settings, java.util.function.UnaryOperator<FinbridgeRuntime> prepare)
            throws Exception {
        return new RuntimeFixture(prepare.apply(new FinbridgeRuntime(Settings.load(Map.of(), new Properties(), settings))).start());
    }

    public FinbridgeRuntime runtime() {
        return runtime;
    }

    public String url(String path) {
        return runtime.baseUrl() + path;
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> getAsOperator(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", basic(CONSOLE_USER, CONSOLE_PASSWORD)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postAsOperator(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", basic(CONSOLE_USER, CONSOLE_PASSWORD)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder post(String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    public HttpRequest.Builder post(String path, String body, String... headers) {
        return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        runtime.close();
    }
}
