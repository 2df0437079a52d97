package io.finbridge.inbound.bench;

import io.finbridge.testing.StripeEvents;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Slow clients against a running Finbridge (bench/README.md): valid signed webhooks and {@code /health/ready} probes
 * are sent at a fixed rate, first on a quiet server, then while {@code bench.slow} slow connections are held open:
 * most send the headers and a few bytes of a declared body, then nothing (the probe's attack); the rest send their
 * headers one line a second and never finish. A slow connection the server closes is opened again at once, so the
 * count stays up for the whole window.
 *
 * <p>Usage: {@code SlowClientBenchmark <base url> <stripe secret>}; {@code -Dbench.slow=500},
 * {@code -Dbench.slowHeaders=100} (of them), {@code -Dbench.seconds=20}, {@code -Dbench.rate=10} (webhooks and probes
 * per second each).
 */
public final class SlowClientBenchmark {

    private static final int SLOW = Integer.getInteger("bench.slow", 500);
    private static final int SLOW_HEADERS = Integer.getInteger("bench.slowHeaders", 100);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int RATE = Integer.getInteger("bench.rate", 10);
    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis());

    private SlowClientBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String secret = args[1];
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        // warm the paths up so the quiet window is not the JIT's
        window(http, base, secret, 10);
        Window quiet = window(http, base, secret, SECONDS);
        URI uri = URI.create(base);
        try (SlowClients slow = new SlowClients(new InetSocketAddress(uri.getHost(), uri.getPort()), SLOW, SLOW_HEADERS)) {
            slow.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (slow.open() < SLOW && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(2000);
            int openAtStart = slow.open();
            long closedBefore = slow.closedByServer();
            Window attacked = window(http, base, secret, SECONDS);
            System.out.println();
            System.out.printf(Locale.ROOT, "Java %s (client), %d cores; %d s windows, %d webhooks/s and %d probes/s%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), SECONDS, RATE, RATE);
            System.out.printf(Locale.ROOT, "slow connections: %d open at the start of the window (%d stalled bodies, %d trickling headers), "
                    + "%d open at its end; the server closed %d during it (each reopened at once)%n",
                    openAtStart, SLOW - SLOW_HEADERS, SLOW_HEADERS, slow.open(), slow.closedByServer() - closedBefore);
            System.out.println();
            System.out.println("| window | request | sent | 2xx | other / failed | p50 ms | p99 ms | max ms |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
            System.out.println(quiet.webhooks.row("quiet", "signed webhook"));
            System.out.println(quiet.health.row("quiet", "/health/ready"));
            System.out.println(attacked.webhooks.row(SLOW + " slow connections", "signed webhook"));
            System.out.println(attacked.health.row(SLOW + " slow connections", "/health/ready"));
        }
    }

    private record Window(Series webhooks, Series health) {
    }

    /** Webhooks and probes at {@link #RATE} each for {@code seconds}; latency counted from when each was due. */
    private static Window window(HttpClient http, String base, String secret, int seconds) throws Exception {
        int n = RATE * seconds;
        Series webhooks = new Series(n);
        Series health = new Series(n);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long interval = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String body = StripeEvents.customerCreated("evt_slowbench_" + IDS.incrementAndGet(), "cus_slowbench", "Slow Bench",
                    "slow.bench@example.com");
            HttpRequest hook = HttpRequest.newBuilder(URI.create(base + "/webhooks/stripe")).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header("Stripe-Signature", StripeEvents.signature(secret, body, Instant.now()))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/health/ready")).timeout(TIMEOUT).GET().build();
            pending.add(webhooks.send(http, hook, due, i));
            pending.add(health.send(http, probe, due, i));
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(2 * TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException stuck) {
            // a request the client could not even time out by then counts as failed, with the time it has waited
            webhooks.giveUp(start, interval);
            health.giveUp(start, interval);
        }
        return new Window(webhooks, health);
    }

    /** Latencies and outcomes of one kind of request. */
    private static final class Series {
        final long[] nanos;
        final boolean[] done;
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger other = new AtomicInteger();

        Series(int n) {
            nanos = new long[n];
            done = new boolean[n];
        }

        synchronized void giveUp(long start, long interval) {
            for (int i = 0; i < nanos.length; i++) {
                if (!done[i]) {
                    done[i] = true;
                    nanos[i] = System.nanoTime() - (start + i * interval);
                    other.incrementAndGet();
                }
            }
        }

        CompletableFuture<?> send(HttpClient http, HttpRequest request, long due, int i) {
            return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
                synchronized (this) {
                    if (done[i]) {
                        return null;
                    }
                    done[i] = true;
                }
                nanos[i] = System.nanoTime() - due;
                if (failure == null && response.statusCode() / 100 == 2) {
                    ok.incrementAndGet();
                } else {
                    other.incrementAndGet();
                }
                return null;
            });
        }

        synchronized String row(String window, String what) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %.1f | %.1f | %.1f |", window, what, n, ok.get(), other.get(),
                    sorted[n / 2] / 1e6, sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6, sorted[n - 1] / 1e6);
        }
    }

    /** Keeps {@code total} slow connections open on one selector thread, reopening each one the server closes. */
    private static final class SlowClients implements AutoCloseable {
        private static final byte[] STALLED_BODY = ("POST /webhooks/stripe HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                + "Content-Length: 5000\r\n\r\n{\"id\":").getBytes(StandardCharsets.US_ASCII);
        private static final byte[] HEADERS_START = "POST /webhooks/stripe HTTP/1.1\r\nHost: bench\r\n".getBytes(StandardCharsets.US_ASCII);
        private final InetSocketAddress server;
        private final int total;
        private final int trickling;
        private final Selector selector;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicLong closedByServer = new AtomicLong();
        private final Thread thread;

        SlowClients(InetSocketAddress server, int total, int trickling) throws IOException {
            this.server = server;
            this.total = total;
            this.trickling = trickling;
            this.selector = Selector.open();
            this.thread = new Thread(this::loop, "slow-clients");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        int open() {
            return open.get();
        }

        long closedByServer() {
            return closedByServer.get();
        }

        private void loop() {
            ByteBuffer sink = ByteBuffer.allocate(4096);
            long nextTrickle = System.nanoTime();
            int wantedTrickling = trickling;
            int wantedStalled = total - trickling;
            int[] have = {0, 0}; // stalled, trickling
            while (running.get()) {
                // top up: the server may have closed some, or refused them at its connection limit
                while (have[0] < wantedStalled || have[1] < wantedTrickling) {
                    boolean trickle = have[1] < wantedTrickling && (have[0] >= wantedStalled || have[1] * wantedStalled <= have[0] * wantedTrickling);
                    if (!connect(trickle)) {
                        break;
                    }
                    have[trickle ? 1 : 0]++;
                }
                try {
                    selector.select(200);
                } catch (IOException ex) {
                    return;
                }
                for (SelectionKey key : new ArrayList<>(selector.selectedKeys())) {
                    selector.selectedKeys().remove(key);
                    SocketChannel ch = (SocketChannel) key.channel();
                    sink.clear();
                    int n;
                    try {
                        n = ch.read(sink);
                    } catch (IOException ex) {
                        n = -1;
                    }
                    if (n != 0) { // an answer (a refusal) or the end: this connection is over
                        have[Boolean.TRUE.equals(key.attachment()) ? 1 : 0]--;
                        closedByServer.incrementAndGet();
                        close(key);
                    }
                }
                if (System.nanoTime() >= nextTrickle) {
                    nextTrickle = System.nanoTime() + 1_000_000_000L;
                    for (SelectionKey key : new ArrayList<>(selector.keys())) {
                        if (Boolean.TRUE.equals(key.attachment()) && key.isValid()) {
                            try {
                                ((SocketChannel) key.channel()).write(ByteBuffer.wrap("X-Slow: y\r\n".getBytes(StandardCharsets.US_ASCII)));
                            } catch (IOException ex) {
                                have[1]--;
                                closedByServer.incrementAndGet();
                                close(key);
                            }
                        }
                    }
                }
            }
        }

        private boolean connect(boolean trickle) {
            try {
                SocketChannel ch = SocketChannel.open();
                ch.socket().connect(server, 2000);
                ch.write(ByteBuffer.wrap(trickle ? HEADERS_START : STALLED_BODY));
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, trickle);
                open.incrementAndGet();
                return true;
            } catch (IOException ex) {
                return false;
            }
        }

        private void close(SelectionKey key) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing
            }
            open.decrementAndGet();
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            thread.join(5000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }
    }
}
