package io.finbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which raw request paths are in the one form authorization and routing read alike. */
class CanonicalPathTest {

    private final CanonicalPath canonical = new CanonicalPath(HttpServer.TOP_LEVEL);

    @ParameterizedTest
    @ValueSource(strings = {"/API/status", "/Api/exceptions", "/aPI/events/8", "/HAWTIO/jolokia/version", "/Webhooks/stripe",
        "/%61pi/status", "/%41PI/status", "/api/st%61tus", "/api;x=1/status", "/api/status;", "/api;/status", "/api//status",
        "//api/status", "/./api/status", "/api/./status", "/api/../api/status", "/webhooks/../api/status", "/api/status/..",
        "/api\\status", "/api%2fstatus", "/api%2Fstatus", "/api/%2e/status", "/api/%2E%2E/status", "/api%5cstatus",
        "/api%3bx/status", "/api/%25%32%65/status", "/api/status%00", "/api/%0d%0aX: y", "/api/%zz", "/api/%4", "api/status", ""})
    void aPathThatCouldBeReadTwoWaysIsRefused(String raw) {
        assertThat(canonical.problem(raw)).as(raw).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/status", "/api/events/8", "/api/exceptions/12/replay", "/review/", "/hawtio/",
        "/hawtio/jolokia/read/org.apache.camel:type=context,*/State", "/hawtio/static/js/main.8fd02e46.js",
        "/webhooks/stripe", "/health/ready", "/metrics", "/api/events/evt%20with%20space", "/api/events/%C3%A9v%C3%A9nement",
        "/nothing-here", "/Other/Case/Is/Not/Ours", "/api/events/ABC_def-1.2~3"})
    void aCanonicalPathPasses(String raw) {
        assertThat(canonical.problem(raw)).as(raw).isEmpty();
    }
}
