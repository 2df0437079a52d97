package io.finbridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.finbridge.testing.LogCapture;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime as an operator meets it: started from the YAML routes on disk, over real HTTP. */
class RuntimeFoundationTest {

    private static final String STRIPE_SECRET = "whsec_foundation_test_8813";
    private static LogCapture logs;
    private static RuntimeFixture fb;

    @BeforeAll
    static void start() throws Exception {
        logs = new LogCapture();
        Map<String, String> s = RuntimeFixture.baseline("sandbox", TestStores.h2());
        s.put("finbridge.webhooks.stripe.secret", STRIPE_SECRET);
        fb = RuntimeFixture.start(s);
    }

    @AfterAll
    static void stop() {
        if (fb != null) {
            fb.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    void readyMeansTheStoreAndEveryRouteAreUp() throws Exception {
        HttpResponse<String> r = fb.get("/health/ready");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"UP\"").contains("\"id\":\"store\"").contains("route:runtime-heartbeat-to-store");
        assertThat(fb.get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void theYamlRoutesFolderIsLoaded() throws Exception {
        HttpResponse<String> r = fb.getAsOperator("/api/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"profile\":\"sandbox\"")
                .contains("\"id\":\"runtime-heartbeat-to-store\"").contains("runtime-heartbeat.yaml")
                .contains("\"id\":\"stripe-webhooks-to-inbox\"");
    }

    @Test
    void theRuntimesOwnThreadsAreCamelThreadPoolsThatTheConsoleLists() throws Exception {
        // Hawtio's Camel tab shows the context's thread pools from JMX: the inbox's and Odoo's threads are among them
        Set<String> pools = new TreeSet<>();
        for (ObjectName name : ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("org.apache.camel:type=threadpools,*"), null)) {
            pools.add(String.valueOf(ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Id")));
        }
        assertThat(pools).anyMatch(p -> p.contains("finbridge-inbox-worker")).anyMatch(p -> p.contains("finbridge-inbox-writer"))
                .anyMatch(p -> p.contains("finbridge-inbox-dispatcher")).anyMatch(p -> p.contains("finbridge-odoo-check"))
                .anyMatch(p -> p.contains("finbridge-odoo-circuit-probe"));
    }

    @Test
    void metricsArePrometheusTextWithCamelAndJvmSeries() throws Exception {
        HttpResponse<String> r = fb.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).containsPattern("(?m)^camel_routes_running_routes|^camel_exchanges_total")
                .containsPattern("(?m)^jvm_memory_used_bytes");
    }

    @Test
    void theApiAsksForALoginAndRefusesAWrongPassword() throws Exception {
        assertThat(fb.get("/api/status").statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = fb.send(HttpRequest.newBuilder(URI.create(fb.url("/api/exceptions")))
                .header("Authorization", RuntimeFixture.basic(RuntimeFixture.CONSOLE_USER, "not-the-password")).GET());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate").orElse("")).contains("Basic").contains("Finbridge");
    }

    @Test
    void theConsoleAsksForALoginAndShowsTheCamelRoutesOnceLoggedIn() throws Exception {
        // the page itself is public; everything that reads the runtime (Jolokia) asks for the operator login
        assertThat(fb.get("/hawtio/jolokia/version").statusCode()).isEqualTo(401);
        assertThat(fb.get("/hawtio/jolokia/search/org.apache.camel:type=routes,*").body()).doesNotContain("runtime-heartbeat");
        HttpResponse<String> wrong = fb.send(HttpRequest.newBuilder(URI.create(fb.url("/hawtio/jolokia/version")))
                .header("Authorization", RuntimeFixture.basic(RuntimeFixture.CONSOLE_USER, "not-the-password")).GET());
        assertThat(wrong.statusCode()).isIn(401, 403);

        // a person logs in on Hawtio's page (JAAS realm "finbridge"), then the console reads the routes with the session
        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager()).followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(fb.url("/hawtio/"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("hawtio");
        HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(URI.create(fb.url("/hawtio/auth/login")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ops\",\"password\":\"guess\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isIn(401, 403);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(fb.url("/hawtio/auth/login")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ops\",\"password\":\""
                        + RuntimeFixture.CONSOLE_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(fb.url("/hawtio/user"))).build(),
                HttpResponse.BodyHandlers.ofString()).body().strip()).isEqualTo("\"ops\"");
        HttpResponse<String> routes = browser.send(HttpRequest.newBuilder(
                URI.create(fb.url("/hawtio/jolokia/search/org.apache.camel:type=routes,*"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(routes.body()).contains("runtime-heartbeat-to-store").contains("stripe-webhooks-to-inbox");

        // scripts use HTTP Basic on Jolokia
        HttpResponse<String> state = fb.getAsOperator("/hawtio/jolokia/read/org.apache.camel:type=context,*/State");
        assertThat(state.body()).contains("Started");
    }

    @Test
    void secretsNeverAppearInTheLogs() throws Exception {
        // exercise the paths that log: a refused login, a refused webhook, an accepted one
        fb.send(HttpRequest.newBuilder(URI.create(fb.url("/api/status")))
                .header("Authorization", RuntimeFixture.basic("ops", "guess")).GET());
        fb.send(fb.post("/webhooks/stripe", "{\"id\":\"evt_log_1\"}", "Stripe-Signature", "t=1,v1=00"));
        String out = logs.text();
        assertThat(out).contains("webhook refused");
        for (String secret : fb.runtime().settings().secretValues()) {
            assertThat(out).as("log output").doesNotContain(secret);
        }
        assertThat(out).doesNotContain(RuntimeFixture.CONSOLE_PASSWORD).doesNotContain(STRIPE_SECRET);
    }

    @Test
    void unknownPathsAskForTheLoginAndAnswer404WithIt() throws Exception {
        // deny by default: without the login nothing says whether a path exists
        assertThat(fb.get("/nothing-here").statusCode()).isEqualTo(401);
        HttpResponse<String> withLogin = fb.getAsOperator("/nothing-here");
        assertThat(withLogin.statusCode()).isEqualTo(404);
        assertThat(withLogin.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }
}
