package io.finbridge.inbound.bench;

import io.finbridge.testing.StripeEvents;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Webhook acknowledgement (signature check + durable inbox insert with its audit row + 200) under increasing load,
 * with a bare Jetty endpoint answering 200 measured in the same run as the ceiling. See bench/README.md.
 *
 * <p>Open loop: requests are sent at a fixed rate whatever the server does, and latency is counted from when each
 * request was due, so a slow server cannot hide its queueing (no coordinated omission). Then closed loop: the most
 * each server acknowledges with 64 requests in flight.
 */
public final class WebhookAckBenchmark {

    private static final String SECRET = "whsec_bench_0001";
    private static final int[] RATES = parse(System.getProperty("bench.rates", "250,500,1000,1500,2000"));
    private static final int SECONDS = Integer.getInteger("bench.seconds", 8);
    private static final int WARMUP = Integer.getInteger("bench.warmupSeconds", 15);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final AtomicLong IDS = new AtomicLong();

    private WebhookAckBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "h2";
        Path data = Files.createTempDirectory("finbridge-bench");
        String storeUrl = store.equals("h2") ? "jdbc:h2:file:" + data.resolve("finbridge") : store;
        HttpClient client = new HttpClient();
        client.setMaxConnectionsPerDestination(256);
        client.setMaxRequestsQueuedPerDestination(100_000);
        client.start();
        List<String> rows = new ArrayList<>();
        List<Double> bareMax = new ArrayList<>();
        List<Double> finbridgeMax = new ArrayList<>();
        // both servers up at once and measured in adjacent windows, so that both see the same machine: on a shared
        // VM the capacity drifts within minutes
        try (Child bare = Child.start("bare", storeUrl); Child fb = Child.start("finbridge", storeUrl)) {
            warmUp(client, bare.url());
            warmUp(client, fb.url());
            for (int rate : RATES) {
                rows.add(row("bare Jetty 200", rate, openLoop(client, bare.url(), rate)));
                rows.add(row("Finbridge ack", rate, openLoop(client, fb.url(), rate)));
            }
            for (int round = 0; round < ROUNDS; round++) {
                bareMax.add(closedLoop(client, bare.url(), 64));
                finbridgeMax.add(closedLoop(client, fb.url(), 64));
            }
        }
        client.stop();
        System.out.println();
        System.out.println("store: " + (store.equals("h2") ? "H2 file" : store) + ", " + SECONDS + " s per rate after "
                + WARMUP + " s warm-up, Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println();
        System.out.println("| endpoint | offered req/s | achieved req/s | p50 ms | p99 ms | max ms | non-2xx |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.println();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            ratios.add(finbridgeMax.get(i) / bareMax.get(i));
        }
        System.out.printf(Locale.ROOT, "closed loop, 64 in flight, %d alternating rounds of %d s (median): bare %.0f req/s, "
                + "Finbridge %.0f req/s, Finbridge/bare %.2f (rounds: %s)%n", ROUNDS, SECONDS, median(bareMax),
                median(finbridgeMax), median(ratios), ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private record Result(double achieved, double p50, double p99, double max, int errors) {
    }

    private static String row(String what, int rate, Result r) {
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %.2f | %.2f | %.1f | %d |", what, rate, r.achieved(), r.p50(), r.p99(),
                r.max(), r.errors());
    }

    private static void warmUp(HttpClient client, String url) throws Exception {
        // long enough at a real rate for the JIT to compile the hot paths: a server runs for days
        openLoop(client, url, 1000, WARMUP);
    }

    private static Result openLoop(HttpClient client, String url, int rate) throws Exception {
        return openLoop(client, url, rate, SECONDS);
    }

    private static Result openLoop(HttpClient client, String url, int rate, int seconds) throws Exception {
        int n = rate * seconds;
        byte[][] bodies = new byte[n][];
        String[] signatures = new String[n];
        for (int i = 0; i < n; i++) {
            String body = StripeEvents.customerCreated("evt_bench_" + IDS.incrementAndGet(), "cus_bench", "Bench", "bench@example.com");
            bodies[i] = body.getBytes(StandardCharsets.UTF_8);
            signatures[i] = StripeEvents.signature(SECRET, body, Instant.now());
        }
        long[] latencies = new long[n];
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int k = i;
            client.newRequest(url).method(HttpMethod.POST).timeout(30, TimeUnit.SECONDS)
                    .headers(h -> h.put("Stripe-Signature", signatures[k]))
                    .body(new BytesRequestContent("application/json", bodies[k]))
                    .send(result -> {
                        latencies[k] = System.nanoTime() - due;
                        if (result.isFailed() || result.getResponse().getStatus() != 200) {
                            errors.incrementAndGet();
                        }
                        done.countDown();
                    });
        }
        done.await(120, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Result(n / elapsed, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, sorted[n - 1] / 1e6, errors.get());
    }

    private static double closedLoop(HttpClient client, String url, int inFlight) throws Exception {
        long end = System.nanoTime() + SECONDS * 1_000_000_000L;
        AtomicLong completed = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(inFlight);
        long start = System.nanoTime();
        for (int i = 0; i < inFlight; i++) {
            sendNext(client, url, end, completed, finished);
        }
        finished.await(120, TimeUnit.SECONDS);
        return completed.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void sendNext(HttpClient client, String url, long end, AtomicLong completed, CountDownLatch finished) {
        if (System.nanoTime() > end) {
            finished.countDown();
            return;
        }
        String body = StripeEvents.customerCreated("evt_bench_" + IDS.incrementAndGet(), "cus_bench", "Bench", "bench@example.com");
        client.newRequest(url).method(HttpMethod.POST).timeout(30, TimeUnit.SECONDS)
                .headers(h -> h.put("Stripe-Signature", StripeEvents.signature(SECRET, body, Instant.now())))
                .body(new BytesRequestContent("application/json", body.getBytes(StandardCharsets.UTF_8)))
                .send(result -> {
                    if (!result.isFailed() && result.getResponse().getStatus() == 200) {
                        completed.incrementAndGet();
                    }
                    sendNext(client, url, end, completed, finished);
                });
    }

    private static int[] parse(String s) {
        return Arrays.stream(s.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
    }

    /** A server JVM: started with this JVM's class path, stopped with SIGTERM. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final int port;

        private Child(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Child start(String mode, String storeUrl) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms512m", "-Xmx512m"));
            String extra = System.getProperty("bench.serverJvmArgs", "").replace("{mode}", mode);
            if (!extra.isBlank()) {
                cmd.addAll(List.of(extra.trim().split("\\s+")));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
                    WebhookAckServer.class.getName(), mode, Integer.toString(port), storeUrl, SECRET));
            Path log = Path.of("target", "bench-" + mode + ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.readString(log).contains("READY")) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(mode + " server did not start; see " + log);
                }
                Thread.sleep(100);
            }
            return new Child(p, port);
        }

        String url() {
            return "http://127.0.0.1:" + port + "/webhooks/stripe";
        }

        /** Stops the server and waits for it, so that the next measurement has the machine to itself. */
        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
