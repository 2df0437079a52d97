package io.finbridge.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The one shape of every error the HTTP layer answers, the shape the operator API and the webhook gateway use too:
 * {@code {"error": "<code>", "reason": "<why>"}}, {@code application/json}, never cached, never a stack trace.
 */
final class ErrorAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 300;

    private ErrorAnswer() {
    }

    static byte[] body(String error, String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("reason", reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "..." : reason);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Answers on the Jetty core API (handlers that run before any servlet). */
    static void write(Response response, Callback callback, int status, String error, String reason, boolean closeConnection) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (closeConnection) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(body(error, reason)), callback);
    }

    /** Answers on the servlet API (filters). */
    static void write(HttpServletResponse response, int status, String error, String reason) throws IOException {
        byte[] bytes = body(error, reason);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
