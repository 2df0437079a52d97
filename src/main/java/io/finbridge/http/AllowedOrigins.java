package io.finbridge.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may call the protected paths. A request without {@code Origin} (curl, scripts, a same-origin
 * GET) is not a cross-origin call and passes; one with it passes when the origin is this server as the browser
 * addressed it (its host and port equal the request's {@code Host}), or one configured in
 * {@code finbridge.console.allowed-origins} (for a proxy that rewrites {@code Host}). Anything else, {@code null}
 * included, is refused, so another site cannot use an operator's browser session or cached Basic login.
 */
final class AllowedOrigins {

    private final Set<String> configured;

    AllowedOrigins(Collection<String> configured) {
        this.configured = configured.stream().map(AllowedOrigins::normalize).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    Set<String> configured() {
        return configured;
    }

    boolean allows(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String o = normalize(origin);
        if (configured.contains(o)) {
            return true;
        }
        int scheme = o.indexOf("://");
        String host = req.getHeader("Host");
        return scheme > 0 && host != null && o.substring(scheme + 3).equals(host.trim().toLowerCase(Locale.ROOT));
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
