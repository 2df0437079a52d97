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
 * Webhook acknowledgement (signature check + durable inbox insert + 200; the receipt's audit row follows off the
 * answer's path) under increasing load, on each store given (H2 file, PostgreSQL) side by side with a bare Jetty
 * endpoint answering 200 as the ceiling, all in one run. See bench/README.md.
 *
 * <p>Open loop: requests are sent at a fixed rate whatever the server does, and latency is counted from when each
 * request was due, so a slow server cannot hide its queueing (no coordinated omission). Then closed loop: the most
 * each server acknowledges with 64 requests in flight. The resident memory (RSS) of each Finbridge is read at rest
 * after start, after its first 30,000 events, and at the end.
 */
public final class WebhookAckBenchmark {

    private static final String SECRET = "whsec_bench_0001";
    private static final int[] RATES = parse(System.getProperty("bench.rates", "250,500,1000,1500,2000"));
    private static final int SECONDS = Integer.getInteger("bench.seconds", 8);
    private static final int RSS_EVENTS = Integer.getInteger("bench.rssEvents", 30_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final AtomicLong IDS = new AtomicLong();

    private WebhookAckBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> stores = args.length > 0 ? List.of(args) : List.of("h2", "postgresql");
        Path data = Files.createTempDirectory("finbridge-bench");
        List<String> names = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        for (String store : stores) {
            if (store.equals("h2")) {
                names.add("H2");
                urls.add("jdbc:h2:file:" + data.resolve("finbridge"));
            } else {
                names.add("PostgreSQL");
                // "postgresql": a fresh schema in the machine's PostgreSQL (io.finbridge.testing.TestStores)
                urls.add(store.equals("postgresql") ? io.finbridge.testing.TestStores.postgresSchema() : store);
            }
        }
        // -Dbench.baseline=<a checkout of another commit, test-compiled with target/bench-classpath.txt (run.sh does
        // both)> adds that build on H2, with its own routes and mappings: a before/after in one run
        String baseline = System.getProperty("bench.baseline", "");
        Path here = Path.of("").toAbsolutePath();
        List<String> classpaths = new ArrayList<>(java.util.Collections.nCopies(urls.size(), System.getProperty("java.class.path")));
        List<Path> dirs = new ArrayList<>(java.util.Collections.nCopies(urls.size(), here));
        if (!baseline.isBlank()) {
            Path b = Path.of(baseline).toAbsolutePath();
            String cp = b.resolve("target/test-classes") + ":" + b.resolve("target/classes") + ":"
                    + Files.readString(b.resolve("target/bench-classpath.txt")).strip();
            // on H2 and on a fresh PostgreSQL schema (a store given as a URL has no second empty schema to use)
            for (String store : stores.stream().filter(x -> x.equals("h2") || x.equals("postgresql")).toList()) {
                boolean h2 = store.equals("h2");
                names.add((h2 ? "H2" : "PostgreSQL") + ", baseline build");
                urls.add(h2 ? "jdbc:h2:file:" + data.resolve("baseline") : io.finbridge.testing.TestStores.postgresSchema());
                classpaths.add(cp);
                dirs.add(b);
            }
        }
        HttpClient client = new HttpClient();
        client.setMaxConnectionsPerDestination(256);
        client.setMaxRequestsQueuedPerDestination(100_000);
        client.start();
        List<String> rows = new ArrayList<>();
        List<String> rss = new ArrayList<>();
        List<List<Double>> closed = new ArrayList<>();
        // every server up at once and measured in adjacent windows, so that all see the same machine: on a shared
        // VM the capacity drifts within minutes
        List<Child> children = new ArrayList<>();
        try {
            children.add(Child.start("bare", "bare", urls.get(0), System.getProperty("java.class.path"), here));
            for (int i = 0; i < urls.size(); i++) {
                children.add(Child.start("finbridge", "finbridge-" + names.get(i).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"),
                        urls.get(i), classpaths.get(i), dirs.get(i)));
            }
            Thread.sleep(5_000);
            long[] atRest = children.stream().mapToLong(Child::rssKb).toArray();
            openLoop(client, children.get(0).url(), 1000, 5);
            for (int i = 1; i < children.size(); i++) {
                // the warm-up is the RSS figure's 30,000 events: long enough at a real rate for the JIT, too
                openLoop(client, children.get(i).url(), 2000, RSS_EVENTS / 2000);
            }
            Thread.sleep(2_000);
            long[] after = children.stream().mapToLong(Child::rssKb).toArray();
            List<String> labels = new ArrayList<>(List.of("bare Jetty 200"));
            names.forEach(n -> labels.add("Finbridge ack, " + n));
            for (int rate : RATES) {
                for (int i = 0; i < children.size(); i++) {
                    rows.add(row(labels.get(i), rate, openLoop(client, children.get(i).url(), rate)));
                }
            }
            for (int i = 0; i < children.size(); i++) {
                closed.add(new ArrayList<>());
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < children.size(); i++) {
                    closed.get(i).add(closedLoop(client, children.get(i).url(), 64));
                }
            }
            Thread.sleep(2_000);
            for (int i = 1; i < children.size(); i++) {
                rss.add(String.format(Locale.ROOT, "| %s | %d | %d | %d |", labels.get(i), atRest[i] >> 10, after[i] >> 10,
                        children.get(i).rssKb() >> 10));
            }
            client.stop();
            System.out.println();
            System.out.println("stores: " + String.join(", ", names) + "; " + SECONDS + " s per rate, Java "
                    + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cores, servers: "
                    + String.join(" ", Child.jvmArgs()));
            System.out.println();
            System.out.println("| endpoint | offered req/s | achieved req/s | p50 ms | p99 ms | max ms | non-2xx |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            rows.forEach(System.out::println);
            System.out.println();
            System.out.println("closed loop, 64 in flight, " + ROUNDS + " alternating rounds of " + SECONDS + " s (median req/s, and "
                    + "the median of the per-round ratios to bare):");
            for (int i = 0; i < children.size(); i++) {
                List<Double> ratios = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    ratios.add(closed.get(i).get(r) / closed.get(0).get(r));
                }
                System.out.printf(Locale.ROOT, "  %s: %.0f req/s, /bare %.2f (rounds %s)%n", labels.get(i), median(closed.get(i)),
                        median(ratios), ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
            }
            System.out.println();
            System.out.println("| server | RSS at rest MB | after " + RSS_EVENTS + " events MB | at the end MB |");
            System.out.println("|---|---:|---:|---:|");
            rss.forEach(System.out::println);
        } finally {
            for (Child c : children) {
                c.close();
            }
            for (String url : urls) {
                io.finbridge.testing.TestStores.dropPostgresSchema(url);
            }
        }
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

        /** The flags README and the image start Finbridge with (docs/deployment.md, "Memory"). */
        static List<String> jvmArgs() {
            return List.of(System.getProperty("bench.serverJvm", "-Xmx512m -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=128m "
                    + "-XX:+ExitOnOutOfMemoryError").trim().split("\\s+"));
        }

        /** The server's resident memory, from /proc (Linux). */
        long rssKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (java.io.IOException ex) {
                return -1;
            }
            return -1;
        }

        static Child start(String mode, String name, String storeUrl, String classpath, Path dir) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(jvmArgs());
            String extra = System.getProperty("bench.serverJvmArgs", "").replace("{mode}", name);
            if (!extra.isBlank()) {
                cmd.addAll(List.of(extra.trim().split("\\s+")));
            }
            cmd.addAll(List.of("-cp", classpath,
                    WebhookAckServer.class.getName(), mode, Integer.toString(port), storeUrl, SECRET));
            Path log = Path.of("target", "bench-" + name + ".log").toAbsolutePath();
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
