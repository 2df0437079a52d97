package io.finbridge.http;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads the whole body of every request that has one before any servlet sees it, without holding a thread while the
 * sender is slow: bytes are copied as they arrive and a thread is used only once the body is complete. So slow or
 * stalled senders cost a connection, never a worker, on any path. A body must arrive in full within the body
 * timeout; one over its path's limit gets 413 (declared or streamed), one that ends early or stalls gets 400 with what
 * was received, each with {@code Connection: close}, counted by {@link Refusals}.
 *
 * <p>The body is then given to the servlets as an ordinary request body, and its bytes as the request attribute
 * {@link #RAW_BODY}: the very array webhook signatures are computed over.
 */
public final class EagerBody extends Handler.Wrapper {

    /** The request attribute holding the body read here (a {@code byte[]}). */
    public static final String RAW_BODY = "io.finbridge.http.body";

    private final List<Rule> rules = new ArrayList<>();
    private final Duration timeout;
    private final long defaultMaxBytes;
    private final Refusals refusals;

    EagerBody(Duration timeout, long defaultMaxBytes, Refusals refusals) {
        this.timeout = timeout;
        this.defaultMaxBytes = defaultMaxBytes;
        this.refusals = refusals;
    }

    /** Another limit for the bodies of requests whose path starts with {@code prefix}. */
    EagerBody limit(String prefix, long maxBytes) {
        rules.add(new Rule(prefix, maxBytes));
        return this;
    }

    /** The body read for {@code request}, or null when it was not read here. */
    public static byte[] bodyOf(HttpServletRequest request) {
        return request != null && request.getAttribute(RAW_BODY) instanceof byte[] body ? body : null;
    }

    /** Bodies up to this many times the limit are read (and dropped) before the 413, so that the sender sees it. */
    private static final long DRAIN_FACTOR = 4;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        long declared = request.getLength();
        if (declared <= 0 && !chunked) {
            return super.handle(request, response, callback);
        }
        long maxBytes = maxBytesFor(Request.getPathInContext(request));
        if (declared > maxBytes) {
            if (declared <= maxBytes * DRAIN_FACTOR) {
                // read and drop a body not far over the limit before answering: a client still sending when the
                // connection closes would not see the 413 at all
                new Reading(request, response, callback, maxBytes, declared, true).start();
            } else {
                refuse(request, response, callback, 413, "too_large", "payload_too_large",
                        "body over the limit of " + maxBytes + " bytes (" + declared + " bytes declared)");
            }
            return true;
        }
        new Reading(request, response, callback, maxBytes, declared, false).start();
        return true;
    }

    private long maxBytesFor(String path) {
        for (Rule r : rules) {
            if (path.startsWith(r.prefix)) {
                return r.maxBytes;
            }
        }
        return defaultMaxBytes;
    }

    private void refuse(Request request, Response response, Callback callback, int status, String outcome, String error, String reason) {
        refusals.refused(Request.getPathInContext(request), Request.getRemoteAddr(request), status, outcome, reason);
        ErrorAnswer.write(response, callback, status, error, reason, true);
    }

    private record Rule(String prefix, long maxBytes) {
    }

    /** One body being read; {@link #run} is the demand callback, run again each time more bytes can be read. */
    private final class Reading implements Runnable {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long maxBytes;
        private final long declared;
        private final boolean drop;
        private long dropped;
        private final AtomicBoolean finished = new AtomicBoolean();
        private byte[] buffer;
        private int size;
        private volatile Scheduler.Task deadline;

        /** @param drop read the declared body only to answer 413 once it is in (kept nowhere) */
        Reading(Request request, Response response, Callback callback, long maxBytes, long declared, boolean drop) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.maxBytes = maxBytes;
            this.declared = declared;
            this.drop = drop;
            // grown as bytes arrive: a declared length alone does not make this allocate it
            this.buffer = drop ? new byte[0] : new byte[(int) Math.min(declared > 0 ? declared : 8192, Math.min(65536, maxBytes))];
        }

        void start() {
            Scheduler scheduler = request.getComponents().getScheduler();
            deadline = scheduler.schedule(this::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
            run();
        }

        @Override
        public void run() {
            while (!finished.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    failed(chunk.getFailure());
                    return;
                }
                boolean last = chunk.isLast();
                if (drop) {
                    dropped += chunk.getByteBuffer().remaining();
                    chunk.release();
                    if (last || dropped >= declared) {
                        finish(413, "too_large", "payload_too_large", "body over the limit of " + maxBytes + " bytes (" + declared
                                + " bytes declared)");
                        return;
                    }
                    continue;
                }
                boolean fits = append(chunk.getByteBuffer());
                chunk.release();
                if (!fits) {
                    finish(413, "too_large", "payload_too_large", "body over the limit of " + maxBytes + " bytes (more than " + maxBytes + " bytes sent)");
                    return;
                }
                if (last) {
                    complete();
                    return;
                }
            }
        }

        private boolean append(ByteBuffer bytes) {
            int n = bytes.remaining();
            if ((long) size + n > maxBytes) {
                return false;
            }
            if (size + n > buffer.length) {
                byte[] bigger = new byte[(int) Math.min(maxBytes, Math.max((long) buffer.length * 2, (long) size + n))];
                System.arraycopy(buffer, 0, bigger, 0, size);
                buffer = bigger;
            }
            bytes.get(buffer, size, n);
            size += n;
            return true;
        }

        private void complete() {
            if (declared >= 0 && size < declared) {
                finish(400, "incomplete_body", "incomplete_body", "the body ended after " + size + " of the " + declared + " bytes its Content-Length declares");
                return;
            }
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            if (deadline != null) {
                deadline.cancel();
            }
            byte[] body = size == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, size);
            request.setAttribute(RAW_BODY, body);
            Request replay = new Replayed(request, body);
            try {
                if (!getHandler().handle(replay, response, callback)) {
                    Response.writeError(request, response, callback, 404);
                }
            } catch (Throwable t) {
                Response.writeError(request, response, callback, t);
            }
        }

        private void failed(Throwable failure) {
            if (failure instanceof TimeoutException) {
                finish(400, "slow_body", "incomplete_body", "no more of the body arrived before the idle timeout (" + received() + ")");
            } else if (failure instanceof EofException || failure instanceof java.io.EOFException) {
                finish(400, "incomplete_body", "incomplete_body", "the connection ended before the whole body arrived (" + received() + ")");
            } else {
                finish(400, "incomplete_body", "incomplete_body", "the body could not be read (" + received() + ")");
            }
        }

        private void expire() {
            if (drop) {
                finish(413, "too_large", "payload_too_large", "body over the limit of " + maxBytes + " bytes (" + declared + " bytes declared)");
                return;
            }
            finish(400, "slow_body", "incomplete_body", "the whole body did not arrive within " + timeout.toSeconds() + " s (" + received() + ")");
        }

        private String received() {
            return size + (declared >= 0 ? " of " + declared : "") + " bytes received";
        }

        private void finish(int status, String outcome, String error, String reason) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            if (deadline != null) {
                deadline.cancel();
            }
            refuse(request, response, callback, status, outcome, error, reason);
        }
    }

    /** The request as the next handlers see it: the body read here, served again from memory. */
    private static final class Replayed extends Request.Wrapper {
        private Content.Chunk body;

        Replayed(Request request, byte[] bytes) {
            super(request);
            this.body = Content.Chunk.from(ByteBuffer.wrap(bytes), true);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk c = body;
            if (c == null) {
                return Content.Chunk.EOF;
            }
            body = null;
            return c;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }
    }
}
