package io.finbridge.posting.bench;

import io.finbridge.sandbox.OdooSimulator;
import io.finbridge.testing.RuntimeFixture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Batching on versus off, end to end: signed Shopify orders (the invoice flow: partner, products, one invoice each,
 * posted and read back) and Stripe customers (partners) sent to a Finbridge runtime, which posts them to Odoo one by
 * one ({@code batch-size=1}) and in batches, in the same run. Reported per mode: records per second, Odoo calls per
 * record, and webhook-to-posted latency (median, p99) from the inbox's own timestamps.
 *
 * <p>Odoo is, by default, the sandbox simulator answering each call after the time a real Odoo 17 took for it on 2
 * cores with {@code --workers=0} (one call at a time): a fixed part plus a part per record, fitted to the recorded
 * timings (create of 1 invoice 162 ms, of 50 in one call 1889 ms; action_post 79 ms and 1299 ms; partner create 17 ms,
 * 100 in one call 148 ms). Given {@code FINBRIDGE_BENCH_ODOO_URL} (and _DATABASE, _LOGIN, _API_KEY, optionally
 * _PROTOCOL), the same run goes to that real Odoo instead; its mappings/reference must name that database's
 * companies, journals, accounts and taxes (see bench/README.md).
 */
public final class PostingBenchmark {

    private static final String SHOPIFY_SECRET = "shpss_bench_posting_0001";
    private static final String STRIPE_SECRET = "whsec_bench_posting_0001";

    public static void main(String[] args) throws Exception {
        Configurator.setRootLevel(Level.WARN);
        int orders = Integer.getInteger("bench.orders", 200);
        int customers = Integer.getInteger("bench.customers", 300);
        int batch = Integer.getInteger("bench.batchSize", 50);
        List<String> scenarios = args.length == 0 ? List.of("invoices", "partners") : List.of(args);
        String realUrl = System.getenv("FINBRIDGE_BENCH_ODOO_URL");
        System.out.printf(Locale.ROOT, "posting benchmark: %s, batch size %d, %s%n", scenarios, batch,
                realUrl == null ? "Odoo simulated with recorded latencies, one call at a time" : "real Odoo at " + realUrl);
        List<String> rows = new ArrayList<>();
        for (String scenario : scenarios) {
            Map<Integer, Result> results = new LinkedHashMap<>();
            for (int size : List.of(1, batch)) {
                int n = scenario.equals("invoices") ? orders : customers;
                if (size == 1) {
                    // one by one costs about 234 ms an invoice: 10,000 would take 40 minutes for the same ratio
                    n = Math.min(n, Integer.getInteger("bench.offLimit", n));
                }
                // an arrival rate (records/s) per mode, for latencies at a load the mode sustains; 0 sends all at once
                double rate = Double.parseDouble(System.getProperty(size == 1 ? "bench.rateOff" : "bench.rateOn", "0"));
                results.put(size, run(scenario, size, n, rate, realUrl));
            }
            Result off = results.get(1);
            Result on = results.get(batch);
            rows.add(off.row(scenario, "off (1)", off));
            rows.add(on.row(scenario, "on (" + batch + ")", off));
        }
        System.out.println();
        System.out.println("| records | batching | records | seconds | records/s | vs off | Odoo calls/record | latency median ms | p99 ms |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    record Result(int records, double seconds, double callsPerRecord, long medianMs, long p99Ms) {
        double rate() {
            return records / seconds;
        }

        String row(String scenario, String mode, Result off) {
            return String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.2f | %.2fx | %.3f | %d | %d |", scenario, mode, records, seconds,
                    rate(), rate() / off.rate(), callsPerRecord, medianMs, p99Ms);
        }
    }

    static Result run(String scenario, int batchSize, int n, double rate, String realUrl) throws Exception {
        OdooSimulator simulator = null;
        Map<String, String> s = RuntimeFixture.baseline("prod", "jdbc:h2:mem:bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        if (realUrl == null) {
            simulator = OdooSimulator.startWithLatency("bench-odoo-key", PostingBenchmark::odoo17Millis, 1);
            s.put("finbridge.odoo.url", simulator.url());
            s.put("finbridge.odoo.database", OdooSimulator.DATABASE);
            s.put("finbridge.odoo.login", OdooSimulator.LOGIN);
            s.put("finbridge.odoo.api-key", "bench-odoo-key");
            s.put("finbridge.odoo.protocol", "jsonrpc");
        } else {
            s.put("finbridge.odoo.url", realUrl);
            s.put("finbridge.odoo.database", System.getenv("FINBRIDGE_BENCH_ODOO_DATABASE"));
            s.put("finbridge.odoo.login", System.getenv("FINBRIDGE_BENCH_ODOO_LOGIN"));
            s.put("finbridge.odoo.api-key", System.getenv("FINBRIDGE_BENCH_ODOO_API_KEY"));
            s.put("finbridge.odoo.protocol", System.getenv().getOrDefault("FINBRIDGE_BENCH_ODOO_PROTOCOL", "auto"));
        }
        s.put("finbridge.webhooks.shopify.secret", SHOPIFY_SECRET);
        s.put("finbridge.webhooks.stripe.secret", STRIPE_SECRET);
        s.put("finbridge.console.enabled", "false");
        s.put("finbridge.posting.batch-size", Integer.toString(batchSize));
        s.put("finbridge.posting.batch-timeout", "200ms");
        s.put("finbridge.inbox.workers", Integer.toString(Math.max(64, batchSize * 2)));
        s.put("finbridge.inbox.circuit-minimum-calls", "1000");
        String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L);
        try (RuntimeFixture fb = RuntimeFixture.start(s)) {
            awaitReferences(fb);
            // warm: the customer and the products are known before the measured orders (the hot path)
            send(fb, scenario, run, -1);
            awaitDone(fb, 1, Duration.ofMinutes(2));
            double callsBefore = odooCalls(fb);
            Instant start = Instant.now();
            ExecutorService senders = Executors.newFixedThreadPool(16);
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                if (rate > 0) {
                    long due = start.toEpochMilli() + Math.round(i * 1000 / rate);
                    Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
                }
                sent.add(senders.submit(() -> send(fb, scenario, run, k)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            senders.shutdown();
            awaitDone(fb, n + 1, Duration.ofMinutes(30));
            double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            double calls = odooCalls(fb) - callsBefore;
            List<Long> latencies = latencies(fb);
            Collections.sort(latencies);
            return new Result(n, seconds, calls / n, latencies.get(latencies.size() / 2),
                    latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1)));
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    /** A real Odoo 17's time for a call on 2 cores, workers=0 (FACTS "Timings" and "Batch writes"). */
    static long odoo17Millis(String model, String method, int records) {
        return switch (model + " " + method) {
            case "account.move create" -> 125 + 35L * records;
            case "account.move action_post" -> 53 + 25L * records;
            case "res.partner create" -> 16 + Math.round(1.3 * records);
            case "account.move read", "res.partner search_read", "product.product search_read" -> 6 + records / 5;
            case "res.partner write" -> 15;
            default -> 6;
        };
    }

    static void send(RuntimeFixture fb, String scenario, String run, int i) {
        try {
            String id = run + String.format(Locale.ROOT, "%06d", i + 1);
            HttpResponse<String> r;
            if (scenario.equals("invoices")) {
                String body = ORDER.replace("5829460189463", "58" + id).replace("\"#1001\"", "\"#B" + id + "\"");
                r = fb.send(fb.post("/webhooks/shopify", body, "Content-Type", "application/json", "X-Shopify-Hmac-Sha256", hmac(body),
                        "X-Shopify-Topic", "orders/create", "X-Shopify-Shop-Domain", "finbridge-us.myshopify.com",
                        "X-Shopify-Webhook-Id", "whk-bench-" + id, "X-Shopify-API-Version", "2024-07"));
            } else {
                String body = io.finbridge.testing.StripeEvents.customerCreated("evt_bench_" + id, "cus_bench_" + id, "Bench Customer " + id,
                        "bench" + id + "@example.com");
                r = fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature",
                        io.finbridge.testing.StripeEvents.signature(STRIPE_SECRET, body, Instant.now()), "Content-Type", "application/json"));
            }
            if (r.statusCode() != 200) {
                throw new IllegalStateException("webhook answered " + r.statusCode() + ": " + r.body());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String ORDER = read("src/test/resources/fixtures/shopify/order-us-paid.json");

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SHOPIFY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static void awaitReferences(RuntimeFixture fb) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (fb.getAsOperator("/api/mappings/reference-data").body().contains("\"refreshedAt\":\"")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("reference data not resolved");
    }

    static void awaitDone(RuntimeFixture fb, int n, Duration max) throws Exception {
        Instant until = Instant.now().plus(max);
        while (Instant.now().isBefore(until)) {
            Map<String, Integer> byStatus = statuses(fb);
            int finished = byStatus.getOrDefault("DONE", 0);
            if (byStatus.getOrDefault("FAILED", 0) > 0) {
                throw new IllegalStateException("events failed: " + byStatus);
            }
            if (finished >= n) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not all posted within " + max + ": " + statuses(fb));
    }

    static Map<String, Integer> statuses(RuntimeFixture fb) {
        return fb.runtime().store().inTransaction(c -> {
            Map<String, Integer> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM inbox_event GROUP BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
            return out;
        });
    }

    static List<Long> latencies(RuntimeFixture fb) {
        return fb.runtime().store().inTransaction(c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT received_at, finished_at FROM inbox_event WHERE status = 'DONE' ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                boolean first = true;
                while (rs.next()) {
                    if (first) {
                        first = false; // the warm-up event
                        continue;
                    }
                    out.add(Duration.between(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()).toMillis());
                }
            }
            return out;
        });
    }

    static double odooCalls(RuntimeFixture fb) {
        MeterRegistry registry = fb.runtime().camelContext().getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return registry.find("finbridge.odoo.calls").counters().stream().filter(c -> !"common".equals(c.getId().getTag("model")))
                .mapToDouble(Counter::count).sum();
    }
}
