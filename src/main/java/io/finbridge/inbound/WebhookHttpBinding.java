package io.finbridge.inbound;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.servlet.ServletEndpoint;
import org.apache.camel.component.servlet.ServletRestHttpBinding;
import org.apache.camel.http.base.HttpHelper;
import org.apache.camel.http.common.HttpMessage;
import io.finbridge.http.EagerBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servlet binding of every REST route, which keeps Camel's behaviour for everything but webhooks and failures. A
 * webhook (its body already read by {@link EagerBody}) is bound lean: its raw body is the very byte array read there,
 * its HTTP headers are not copied into Camel headers (the {@link WebhookGateway} reads them from the servlet request,
 * where signatures are checked) and only the path parameters ({@code /webhooks/{source}}) become headers; its answer,
 * a byte array, is written with its length in one piece. On the acknowledgement path that saves a copy of the body,
 * the header copying and filtering, and a chunked response.
 *
 * <p>A route that fails with an exception is answered 500 {@code {"error", "reason"}} without detail, never Camel's
 * default text/plain stack trace; the exception goes to the log.
 */
public final class WebhookHttpBinding extends ServletRestHttpBinding {

    /** The bean name the REST configuration refers to ({@code httpBinding=#webhookHttpBinding}). */
    public static final String BEAN_NAME = "webhookHttpBinding";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHttpBinding.class);

    public WebhookHttpBinding() {
        // webhooks need their raw bytes for signatures, whatever content type the sender claims
        setMapHttpMessageFormUrlEncodedBody(false);
    }

    @Override
    public void readRequest(HttpServletRequest request, Message message) {
        byte[] body = webhookBody(request);
        if (body == null) {
            super.readRequest(request, message);
            return;
        }
        message.setBody(body);
        Map<String, Object> headers = message.getHeaders();
        // the standard headers Camel always sets (its REST routing reads the path)
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath() == null ? "" : request.getContextPath();
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        headers.put(Exchange.HTTP_METHOD, request.getMethod());
        headers.put(Exchange.HTTP_QUERY, request.getQueryString());
        headers.put(Exchange.HTTP_URL, request.getRequestURL().toString());
        headers.put(Exchange.HTTP_URI, uri);
        headers.put(Exchange.HTTP_PATH, uri.substring(contextPath.length() + servletPath.length()));
        headers.put(Exchange.CONTENT_TYPE, request.getContentType());
        Endpoint from = message.getExchange().getFromEndpoint();
        String path = request.getPathInfo();
        if (path != null && from instanceof ServletEndpoint endpoint && endpoint.getPath().indexOf('{') >= 0) {
            HttpHelper.evalPlaceholders(headers, path, endpoint.getPath());
        }
    }

    @Override
    protected void doWriteDirectResponse(Message message, HttpServletResponse response, Exchange exchange) throws IOException {
        if (!(message.getBody() instanceof byte[] bytes) || !(exchange.getIn() instanceof HttpMessage http)
                || webhookBody(http.getRequest()) == null) {
            super.doWriteDirectResponse(message, response, exchange);
            return;
        }
        response.setContentLength(bytes.length);
        ServletOutputStream out = response.getOutputStream();
        out.write(bytes);
        out.close();
    }

    /** The raw body of a webhook, or null for any other request (bound the way Camel binds it). */
    private static byte[] webhookBody(HttpServletRequest request) {
        return request != null && request.getRequestURI().startsWith("/webhooks/") ? EagerBody.bodyOf(request) : null;
    }

    @Override
    public void doWriteExceptionResponse(Throwable exception, HttpServletResponse response) throws IOException {
        LOG.error("route failed while answering an HTTP request", exception);
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        byte[] bytes = "{\"error\":\"internal_error\",\"reason\":\"internal error (logged)\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        response.setStatus(500);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
