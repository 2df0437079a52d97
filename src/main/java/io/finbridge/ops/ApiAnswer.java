package io.finbridge.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.http.common.HttpMessage;

/** How the operator API answers: JSON bodies, explicit status codes, errors as {error, reason}. */
final class ApiAnswer {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private ApiAnswer() {
    }

    static void ok(Exchange exchange, Object body) {
        respond(exchange, 200, body);
    }

    static void error(Exchange exchange, int status, String code, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("reason", reason);
        respond(exchange, status, body);
    }

    static void respond(Exchange exchange, int status, Object body) {
        exchange.getMessage().getHeaders().keySet().removeIf(k -> !k.startsWith("Camel"));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            exchange.getMessage().setBody(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The logged-in operator, for the audit trail: the user name the HTTP layer authenticated. There is no default
     * name: an action nobody logged in for is refused, never recorded under a made-up actor.
     */
    static String actor(Exchange exchange) {
        if (exchange.getMessage() instanceof HttpMessage hm) {
            HttpServletRequest req = hm.getRequest();
            if (req != null && req.getRemoteUser() != null && !req.getRemoteUser().isBlank()) {
                return req.getRemoteUser();
            }
        }
        throw new NotAuthenticated();
    }

    /** An operator action reached without a login (cannot happen behind the HTTP layer's gate; refused if it does). */
    static final class NotAuthenticated extends RuntimeException {
        NotAuthenticated() {
            super("the operator login is required", null, false, false);
        }
    }

    static String param(Exchange exchange, String name) {
        String v = exchange.getMessage().getHeader(name, String.class);
        return v == null || v.isBlank() ? null : v.trim();
    }

    static int intParam(Exchange exchange, String name, int fallback, int max) {
        String v = param(exchange, name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new IllegalArgumentException(name + " must not be negative");
            }
            return Math.min(n, max);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(name + " must be a number, got '" + v + "'");
        }
    }
}
