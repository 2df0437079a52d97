package io.finbridge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In the dev profile a route file saved on disk is live without a restart; readiness follows Odoo. */
class DevProfileReloadTest {

    private static final String VERSION = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {\"server_version\": \"17.0\", "
            + "\"server_version_info\": [17, 0, 0, \"final\", 0, \"\"], \"server_serie\": \"17.0\", \"protocol_version\": 1}}";

    @Test
    void aRouteFileSavedInDevIsLoadedWithoutARestart(@TempDir Path dir) throws Exception {
        WireMockServer odoo = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        odoo.start();
        odoo.stubFor(post(urlEqualTo("/jsonrpc")).withRequestBody(containing("\"version\""))
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody(VERSION)));
        Path routes = dir.resolve("routes");
        copy(Path.of("routes"), routes);
        Map<String, String> s = RuntimeFixture.baseline("dev", TestStores.h2());
        s.put("finbridge.routes.location", routes.toString());
        s.put("finbridge.odoo.url", odoo.baseUrl());
        s.put("finbridge.odoo.database", "finbridge");
        s.put("finbridge.odoo.login", "finbridge");
        s.put("finbridge.odoo.api-key", "dev-api-key-0042");
        try (RuntimeFixture fb = RuntimeFixture.start(s)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(fb.get("/health").body()).contains("\"id\":\"odoo\",\"status\":\"UP\""));
            assertThat(fb.getAsOperator("/api/status").body()).doesNotContain("saved-while-running");
            Files.writeString(routes.resolve("flows/saved-while-running.yaml"), """
                    - route:
                        id: saved-while-running
                        from:
                          uri: timer:saved?period=60000
                          steps:
                            - log: "loaded by dev reload"
                    """);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(fb.getAsOperator("/api/status").body()).contains("saved-while-running")
                            .contains("stripe-webhooks-to-inbox"));
        } finally {
            odoo.stop();
        }
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void outsideSandboxReadinessDoesNotFollowOdooWhileHealthReportsIt(@TempDir Path dir) throws Exception {
        Map<String, String> s = RuntimeFixture.baseline("dev", TestStores.h2());
        s.put("finbridge.odoo.url", "http://127.0.0.1:9"); // nothing listens on the discard port
        s.put("finbridge.odoo.database", "finbridge");
        s.put("finbridge.odoo.login", "finbridge");
        s.put("finbridge.odoo.api-key", "dev-api-key-0042");
        try (RuntimeFixture fb = RuntimeFixture.start(s)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(fb.get("/health").body()).contains("\"id\":\"odoo\",\"status\":\"DOWN\"", "Odoo not reachable"));
            var ready = fb.get("/health/ready");
            assertThat(ready.statusCode()).as("the instance still accepts and stores events").isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"UP\"").doesNotContain("\"id\":\"odoo\"");
            assertThat(fb.get("/health").statusCode()).isEqualTo(200);
            assertThat(fb.get("/health/live").statusCode()).isEqualTo(200);
        }
    }
}
