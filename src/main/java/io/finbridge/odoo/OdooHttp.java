package io.finbridge.odoo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one Jetty {@link HttpClient} a component talks to Odoo through: keep-alive connections, at most
 * {@code poolSize} of them, connect and request timeouts. Transport failures come out as retryable
 * {@link OdooException}s; what Odoo answered is returned as is, for the protocol client to read.
 */
final class OdooHttp implements AutoCloseable {

    /** Larger answers must be paged (limit/offset); a read of this size is a mistake, not a use. */
    static final int MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

    private final HttpClient client;
    private final String baseUrl;
    private final long requestTimeoutMillis;

    record Answer(int status, String mediaType, byte[] body, String location) {

        /**
         * The first characters of the body on one line, for an error message; an HTML page (a proxy's, or Odoo's
         * "No database is selected") as its text, without the markup.
         */
        String excerpt() {
            String s = new String(body, 0, Math.min(body.length, isHtml() ? 2000 : 300), StandardCharsets.UTF_8);
            if (isHtml()) {
                s = s.replaceAll("(?s)<!--.*?-->|<[^>]*>", " ").replace("&lt;", "<").replace("&gt;", ">")
                        .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
            }
            s = s.replaceAll("\\s+", " ").strip();
            s = s.length() > 300 ? s.substring(0, 300) + "..." : s;
            return s.isEmpty() ? "(empty body)" : s;
        }

        /** Whether the body holds this text: tells Odoo's HTML pages apart without parsing them. */
        boolean bodyContains(String text) {
            return new String(body, StandardCharsets.UTF_8).contains(text);
        }

        boolean isJson() {
            return mediaType != null && mediaType.toLowerCase(java.util.Locale.ROOT).contains("json");
        }

        boolean isHtml() {
            return mediaType != null && mediaType.toLowerCase(java.util.Locale.ROOT).contains("html");
        }
    }

    OdooHttp(String baseUrl, Duration connectTimeout, Duration requestTimeout, int poolSize) {
        this.baseUrl = baseUrl;
        this.requestTimeoutMillis = requestTimeout.toMillis();
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, poolSize * 2), 2);
        threads.setName("odoo-http");
        threads.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setConnectTimeout(connectTimeout);
        connector.setIdleTimeout(Duration.ofSeconds(30));
        connector.setExecutor(threads);
        client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(threads);
        client.setMaxConnectionsPerDestination(Math.max(1, poolSize));
        client.setMaxRequestsQueuedPerDestination(4096);
        client.setFollowRedirects(false);
        // the API is stateless (a key on every call); GET /web/version hands out an anonymous session cookie, which
        // must not ride along on later calls
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Finbridge (Apache Camel odoo component)"));
        try {
            client.start();
        } catch (Exception ex) {
            throw new IllegalStateException("Cannot start the HTTP client for Odoo: " + ex.getMessage(), ex);
        }
        // (installed by start) Odoo's JSON-2 answers a refused key with 401 and a bare "WWW-Authenticate: Bearer "
        // challenge; Jetty's handlers would act on the challenge instead of handing the answer, and Odoo's error, back
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
    }

    Answer post(String path, String contentType, byte[] body, Map<String, String> headers, String model, String method) {
        Request request = client.newRequest(baseUrl + path).method(HttpMethod.POST)
                .body(new BytesRequestContent(contentType, body));
        return send(request, headers, model, method);
    }

    Answer get(String path, Map<String, String> headers, String model, String method) {
        return send(client.newRequest(baseUrl + path).method(HttpMethod.GET), headers, model, method);
    }

    private Answer send(Request request, Map<String, String> headers, String model, String method) {
        request.timeout(requestTimeoutMillis, TimeUnit.MILLISECONDS);
        if (!headers.isEmpty()) {
            request.headers(h -> headers.forEach(h::put));
        }
        try {
            ContentResponse r = new CompletableResponseListener(request, MAX_RESPONSE_BYTES).send().get();
            return new Answer(r.getStatus(), r.getMediaType(), r.getContent(), r.getHeaders().get(HttpHeader.LOCATION));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            request.abort(ex);
            throw OdooException.of(OdooErrorClass.TRANSPORT, model, method, null,
                    request.getMethod() + " " + request.getURI() + " interrupted", ex);
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause() == null ? ex : ex.getCause();
            OdooErrorClass kind = isTimeout(cause) ? OdooErrorClass.TIMEOUT : OdooErrorClass.TRANSPORT;
            throw OdooException.of(kind, model, method, null,
                    request.getMethod() + " " + request.getURI() + ": " + describe(cause), cause);
        }
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception ex) {
            // stopping releases sockets and threads; nothing is left to do when it fails
        }
    }
}
