package io.finbridge.odoo.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.finbridge.odoo.OdooComponent;
import io.finbridge.odoo.OdooConfiguration;
import io.finbridge.odoo.OdooConstants;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Calls per second and overhead per call of the {@code odoo:} component against a WireMock Odoo (its own process,
 * {@link OdooBenchmarkServer}) that answers search_read after a fixed delay, at 1, 4 and 16 concurrent exchanges,
 * per protocol.
 *
 * <p>Each row compares, in the same run, the component with a baseline: a bare Jetty client posting the very bytes
 * the component sends and reading the answer without parsing it. Two overheads per call: latency (odoo: mean minus
 * baseline mean) and CPU (this process's CPU time per call, odoo: minus baseline), which does not depend on how busy
 * the machine is. Baseline and component windows alternate for {@code bench.rounds} rounds; medians are reported.
 * Run with {@code bench/odoo/run.sh}; see bench/README.md.
 */
public final class OdooBenchmark {

    private static final String KEY = "bench-api-key";
    private static final String URI = "odoo:res.partner?operation=searchRead&fields=name,email,company_id,country_id&limit=3&order=name desc";
    private static final Map<String, Object> HEADERS = Map.of(OdooConstants.DOMAIN, List.of(List.of("email", "ilike", "seed")));
    private static final int POOL = 16;

    private final long warmupMillis = Long.getLong("bench.warmupMillis", 3000);
    private final long windowMillis = Long.getLong("bench.windowMillis", 2000);
    private final int rounds = Integer.getInteger("bench.rounds", 3);
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        Configurator.setRootLevel(Level.WARN);
        int delay = Integer.getInteger("bench.delayMillis", 5);
        List<String> protocols = args.length > 0 ? Arrays.asList(args) : List.of("jsonrpc", "xmlrpc", "json2");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), OdooBenchmarkServer.class.getName(), String.valueOf(delay))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("PORT ")) {
                throw new IllegalStateException("the benchmark's Odoo did not start: " + line);
            }
            String url = "http://127.0.0.1:" + line.substring(5).strip();
            OdooBenchmark bench = new OdooBenchmark();
            System.out.printf(Locale.ROOT, "odoo: benchmark: WireMock Odoo (own process) answering after a fixed %d ms, pool size %d,"
                    + " %d rounds of %d ms per row (after %d ms warm-up), medians; %d cores, Java %s%n%n", delay, POOL, bench.rounds,
                    bench.windowMillis, bench.warmupMillis, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println("| protocol | concurrent | baseline calls/s | odoo: calls/s | odoo:/baseline | odoo: scaling vs 1 "
                    + "| baseline mean ms | odoo: mean ms | odoo: p99 ms | latency overhead ms/call | CPU overhead ms/call |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (String protocol : protocols) {
                bench.run(url, protocol, new int[] {1, 4, 16});
            }
        } finally {
            server.getOutputStream().close();
            server.waitFor(10, TimeUnit.SECONDS);
            server.destroy();
        }
    }

    private void run(String url, String protocol, int[] levels) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addComponent("odoo", new OdooComponent(configuration(url, protocol)));
        camel.start();
        ProducerTemplate template = camel.createProducerTemplate();
        Endpoint endpoint = camel.getEndpoint(URI); // resolved once, as a route's to does
        Sent sent = capture(protocol);

        HttpClient raw = new HttpClient();
        raw.setMaxConnectionsPerDestination(POOL);
        raw.start();
        Call baseline = () -> {
            Request request = raw.newRequest(url + sent.path).method(HttpMethod.POST)
                    .body(new BytesRequestContent(sent.contentType, sent.body)).timeout(60, TimeUnit.SECONDS);
            if (sent.authorization != null) {
                request.headers(h -> h.put("Authorization", sent.authorization).put("X-Odoo-Database", "finbridge"));
            }
            ContentResponse r = request.send();
            if (r.getStatus() != 200 || r.getContent().length == 0) {
                throw new IllegalStateException("baseline got HTTP " + r.getStatus());
            }
        };
        Call component = () -> {
            Object result = template.requestBodyAndHeaders(endpoint, null, HEADERS);
            if (!(result instanceof List<?> l) || l.size() != 3) {
                throw new IllegalStateException("odoo: got " + result);
            }
        };

        double firstRate = 0;
        for (int level : levels) {
            window(baseline, level, warmupMillis);
            window(component, level, warmupMillis);
            List<Window> base = new ArrayList<>();
            List<Window> ours = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                base.add(window(baseline, level, windowMillis));
                ours.add(window(component, level, windowMillis));
            }
            double baseRate = median(base, Window::callsPerSecond);
            double rate = median(ours, Window::callsPerSecond);
            if (firstRate == 0) {
                firstRate = rate;
            }
            double baseMean = median(base, Window::meanMillis);
            double mean = median(ours, Window::meanMillis);
            double cpu = median(ours, Window::cpuMillisPerCall) - median(base, Window::cpuMillisPerCall);
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f |%n", protocol, level,
                    baseRate, rate, rate / baseRate, rate / firstRate, baseMean, mean, median(ours, Window::p99Millis), mean - baseMean, cpu);
        }
        raw.stop();
        camel.stop();
    }

    private static OdooConfiguration configuration(String url, String protocol) {
        OdooConfiguration c = new OdooConfiguration();
        c.setUrl(url);
        c.setDatabase("finbridge");
        c.setLogin("finbridge");
        c.setApiKey(KEY);
        c.setProtocol(protocol);
        c.setPoolSize(POOL);
        return c;
    }

    private record Sent(String path, String contentType, byte[] body, String authorization) {
    }

    /** The request the component sends for one call, caught by a local WireMock, for the baseline to send as is. */
    private static Sent capture(String protocol) throws Exception {
        WireMockServer capture = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        capture.start();
        try {
            capture.stubFor(post(urlPathMatching("/.*")).willReturn(aResponse().withHeader("Content-Type", protocol.equals("xmlrpc")
                    ? "text/xml" : "application/json").withBody(protocol.equals("xmlrpc")
                    ? OdooBenchmarkServer.recorded("xmlrpc/002-authenticate-ok.xml.json")
                    : protocol.equals("json2") ? "[]" : "{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": 6}")));
            CamelContext camel = new DefaultCamelContext();
            camel.addComponent("odoo", new OdooComponent(configuration("http://127.0.0.1:" + capture.port(), protocol)));
            camel.start();
            try {
                camel.createProducerTemplate().requestBodyAndHeaders(URI, null, HEADERS);
            } finally {
                camel.stop();
            }
            ServeEvent call = capture.getAllServeEvents().get(0); // newest first: the search_read
            return new Sent(call.getRequest().getUrl(), call.getRequest().getHeader("Content-Type"), call.getRequest().getBody(),
                    call.getRequest().containsHeader("Authorization") ? call.getRequest().getHeader("Authorization") : null);
        } finally {
            capture.stop();
        }
    }

    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    private record Window(long calls, long nanos, long cpuNanos, double meanMillis, double p99Millis) {
        double callsPerSecond() {
            return calls * 1e9 / nanos;
        }

        double cpuMillisPerCall() {
            return cpuNanos / 1e6 / calls;
        }
    }

    private static double median(List<Window> windows, java.util.function.ToDoubleFunction<Window> f) {
        double[] v = windows.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** {@code concurrency} threads calling back to back for {@code millis}. */
    private Window window(Call call, int concurrency, long millis) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long[][] latencies = new long[concurrency][100_000];
        long[] counts = new long[concurrency];
        CountDownLatch ready = new CountDownLatch(concurrency);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < concurrency; t++) {
            int index = t;
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    long[] own = latencies[index];
                    int n = 0;
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        call.run();
                        if (n < own.length) {
                            own[n] = System.nanoTime() - start;
                        }
                        n++;
                    }
                    counts[index] = n;
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "bench-" + t);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        go.countDown();
        Thread.sleep(millis);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        long nanos = System.nanoTime() - start;
        long cpuNanos = os.getProcessCpuTime() - cpu;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("calls failed", failures.get(0));
        }
        long total = 0;
        List<Long> all = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            total += counts[t];
            for (int i = 0; i < Math.min(counts[t], latencies[t].length); i++) {
                all.add(latencies[t][i]);
            }
        }
        Collections.sort(all);
        double mean = all.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        double p99 = all.isEmpty() ? 0 : all.get((int) Math.min(all.size() - 1, Math.ceil(all.size() * 0.99) - 1)) / 1e6;
        return new Window(total, nanos, cpuNanos, mean, p99);
    }
}
