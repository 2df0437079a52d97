package io.finbridge.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which paths of one context anyone may call; every other path needs the operator login (deny by default). Paths are
 * matched exactly as written, case included, against the path in the context after {@link CanonicalPath} has
 * refused every spelling that could be read two ways.
 */
final class AccessPolicy {

    private final Set<String> exact;
    private final List<String> prefixes;

    private AccessPolicy(Set<String> exact, List<String> prefixes) {
        this.exact = Set.copyOf(exact);
        this.prefixes = List.copyOf(prefixes);
    }

    /**
     * The root context: signed webhooks, health probes, and {@code /metrics} when configured public. The operator
     * API ({@code /api}), the review page ({@code /review/}) and anything not listed need the login.
     */
    static AccessPolicy root(boolean metricsPublic) {
        List<String> exact = new ArrayList<>(List.of("/health"));
        if (metricsPublic) {
            exact.add("/metrics");
        }
        return new AccessPolicy(Set.copyOf(exact), List.of("/webhooks/", "/health/"));
    }

    /**
     * The Hawtio console's context ({@code /hawtio}): its page and static files, and the few endpoints its login page
     * calls before anyone is logged in (login, logout, which login methods exist, the plugin list). Jolokia,
     * {@code /user}, {@code /refresh}, the proxy and every client route need the login (or Hawtio's logged-in session).
     */
    static AccessPolicy console() {
        return new AccessPolicy(Set.of("/", "/index.html", "/login", "/favicon.ico", "/robots.txt", "/hawtconfig.json",
                "/editor.worker.js", "/html.worker.js", "/json.worker.js",
                "/auth/login", "/auth/logout", "/auth/config", "/auth/config/session-timeout",
                "/keycloak/enabled", "/keycloak/client-config", "/proxy/enabled", "/plugin"),
                List.of("/static/", "/img/"));
    }

    boolean isPublic(String pathInContext) {
        if (exact.contains(pathInContext)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (pathInContext.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
