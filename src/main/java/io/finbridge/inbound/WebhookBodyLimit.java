package io.finbridge.inbound;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Refuses webhook bodies over the limit with 413 before Camel sees them, whether the sender declared the length or
 * streamed it chunked; nothing of an oversized body is kept.
 */
public final class WebhookBodyLimit extends HttpFilter {

    /** The request attribute holding the body read here: the raw bytes signatures are computed over. */
    static final String RAW_BODY = "io.finbridge.webhook.body";

    private final long maxBytes;
    private final transient WebhookMetrics metrics;

    public WebhookBodyLimit(long maxBytes, WebhookMetrics metrics) {
        this.maxBytes = maxBytes;
        this.metrics = metrics;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!"POST".equals(req.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        long declared = req.getContentLengthLong();
        if (declared > maxBytes) {
            tooLarge(req, res, declared + " bytes declared");
            return;
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            if (declared >= 0) {
                // the length is known and within the limit: read it into its own array, no intermediate copy
                body = in.readNBytes((int) declared);
            } else {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(8192);
                byte[] chunk = new byte[8192];
                int n;
                while ((n = in.read(chunk)) != -1) {
                    buffer.write(chunk, 0, n);
                    if (buffer.size() > maxBytes) {
                        tooLarge(req, res, "more than " + maxBytes + " bytes sent");
                        return;
                    }
                }
                body = buffer.toByteArray();
            }
        }
        req.setAttribute(RAW_BODY, body);
        chain.doFilter(new BufferedRequest(req, body), res);
    }

    private void tooLarge(HttpServletRequest req, HttpServletResponse res, String what) throws IOException {
        String source = sourceOf(req);
        String reason = "body over the limit of " + maxBytes + " bytes (" + what + ")";
        metrics.refused(source, "too_large", 413, req.getRemoteAddr(), reason);
        res.setStatus(413);
        res.setContentType("application/json");
        res.setHeader("Connection", "close");
        res.getOutputStream().write(("{\"error\":\"payload_too_large\",\"reason\":\"" + reason + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** The body this filter read for {@code request}, or null when it did not (not a webhook, not a POST). */
    static byte[] bodyOf(HttpServletRequest request) {
        return request.getAttribute(RAW_BODY) instanceof byte[] body ? body : null;
    }

    private static String sourceOf(HttpServletRequest req) {
        String path = req.getRequestURI();
        int i = path.indexOf("/webhooks/");
        String rest = i < 0 ? "" : path.substring(i + "/webhooks/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** The request with its body already read, so that Camel and the signature check see the same bytes. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }
    }
}
