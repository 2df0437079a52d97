package io.finbridge.http;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's error answers as JSON without internals, whatever the client accepts: {@code {"error", "reason"}} like
 * every other error here. A 4xx keeps its reason unless the reason names Java classes, SQL or a stack frame; a 5xx
 * never shows its reason or cause (both go to the log). The server's instance also answers what Jetty refuses before
 * any context sees it (a request line or header it cannot parse, an ambiguous URI, headers too large) and counts
 * those refusals; {@link Servlets} does the same for the servlet contexts ({@code sendError}, an exception a servlet
 * threw).
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|Error:|\\tat |\\bat [a-z]+\\.|\\b(java|javax|jakarta|org|com|io|sun)\\.[a-z]+\\.|SELECT |INSERT |UPDATE |DELETE |[\\r\\n]");
    private final Refusals refusals;

    JsonErrorHandler(Refusals refusals) {
        this.refusals = refusals;
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                 List<Charset> charsets, int code, String message, Throwable cause) throws java.io.IOException {
        String reason = reason(request, code, message, cause);
        if (refusals != null && code >= 400 && code < 500) {
            refusals.refused(request.getHttpURI() == null ? null : request.getHttpURI().getPath(), Request.getRemoteAddr(request),
                    code, outcome(code), reason);
        }
        return super.generateAcceptableResponse(request, response, callback, "application/json", List.of(StandardCharsets.UTF_8),
                code, reason, null);
    }

    @Override
    protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
        writer.write(new String(ErrorAnswer.body(outcome(code), message), StandardCharsets.UTF_8));
    }

    /** The same for the servlet contexts (the root context and the console). */
    static final class Servlets extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                     List<Charset> charsets, int code, String message, Throwable cause) throws java.io.IOException {
            return super.generateAcceptableResponse(request, response, callback, "application/json", List.of(StandardCharsets.UTF_8),
                    code, reason(request, code, message, cause), null);
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writer.write(new String(ErrorAnswer.body(outcome(code), message), StandardCharsets.UTF_8));
        }
    }

    static String reason(Request request, int code, String message, Throwable cause) {
        if (code >= 500) {
            String path = request.getHttpURI() == null ? "?" : request.getHttpURI().getPath();
            if (cause != null) {
                LOG.warn("{} answered to {} {}: {}", code, request.getMethod(), path, message, cause);
            } else {
                LOG.warn("{} answered to {} {}: {}", code, request.getMethod(), path, message);
            }
            return "internal error (logged)";
        }
        if (message == null || message.isBlank() || INTERNALS.matcher(message).find()) {
            return HttpStatus.getMessage(code);
        }
        return message;
    }

    /** A fixed error code per status, for the body and the metrics label. */
    static String outcome(int code) {
        return switch (code) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "timeout";
            case 411 -> "length_required";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 501 -> "not_implemented";
            case 503 -> "unavailable";
            case 505 -> "http_version_not_supported";
            default -> code >= 500 ? "server_error" : "client_error";
        };
    }
}
