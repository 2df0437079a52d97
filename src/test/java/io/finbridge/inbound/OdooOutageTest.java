package io.finbridge.inbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.finbridge.odoo.OdooReachability;
import io.finbridge.sandbox.OdooSimulator;
import io.finbridge.testing.LogCapture;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.StripeEvents;
import io.finbridge.testing.TestStores;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Odoo taken down and brought back while Stripe customer events arrive, through the shipped routes
 * (routes/flows/stripe-events-to-odoo.yaml): the simulated Odoo 17 (WireMock, answers in the recordings' shapes)
 * resets every connection while it is "down", version call included (a retryable TRANSPORT failure, as when Odoo's
 * process dies or the network path to it drops).
 *
 * <p>The long run of the issue (300 events during a 3-minute outage) is
 * {@code -Dfinbridge.outage.events=300 -Dfinbridge.outage.seconds=180} on the last test (bench/outage/run.sh).
 */
class OdooOutageTest {

    static final String SECRET = "whsec_outage_4471";
    static final String ODOO_KEY = "outage-odoo-key-4471";
    static final ObjectMapper JSON = new ObjectMapper();
    /** A customer's key in what Odoo receives: its external id (stripe_customer_cus_run_7) or its email (cus_run_7@...). */
    static final Pattern CUSTOMER = Pattern.compile("cus_[a-z0-9]+_[0-9]+");

    OdooSimulator odoo;
    StubMapping outage;

    @BeforeEach
    void odoo() {
        odoo = OdooSimulator.startRecording(ODOO_KEY);
    }

    @AfterEach
    void stopOdoo() {
        odoo.close();
    }

    /** From now on every call to Odoo has its connection reset (TRANSPORT: retryable), the version call too. */
    void odooDown() {
        outage = odoo.wireMock().stubFor(post(urlEqualTo("/jsonrpc")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    void odooBack() {
        odoo.wireMock().removeStub(outage);
    }

    Map<String, String> settings() {
        Map<String, String> s = RuntimeFixture.baseline("dev", TestStores.h2());
        s.put("finbridge.routes.location", "routes/inbound,routes/ops,routes/flows,routes/posting");
        s.put("finbridge.routes.reload", "false");
        s.put("finbridge.odoo.url", odoo.url());
        s.put("finbridge.odoo.database", OdooSimulator.DATABASE);
        s.put("finbridge.odoo.login", OdooSimulator.LOGIN);
        s.put("finbridge.odoo.api-key", ODOO_KEY);
        s.put("finbridge.odoo.protocol", "jsonrpc");
        s.put("finbridge.webhooks.stripe.secret", SECRET);
        // one customer per Odoo call, so that each call Odoo receives can be told apart by its customer
        s.put("finbridge.posting.batch-size", "1");
        return s;
    }

    static HttpResponse<String> customer(RuntimeFixture fb, String run, int n) throws Exception {
        String body = StripeEvents.customerCreated("evt_" + run + "_" + n, "cus_" + run + "_" + n, "Outage Customer " + n,
                "cus_" + run + "_" + n + "@example.com");
        return fb.send(fb.post("/webhooks/stripe", body, "Stripe-Signature", StripeEvents.signature(SECRET, body, Instant.now())));
    }

    /** Odoo was up before it went down: one event posted, so the client has logged in (as in production). */
    static void postedOneBefore(RuntimeFixture fb) throws Exception {
        assertThat(customer(fb, "before", 0).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> count(fb, "status = 'DONE'") == 1);
    }

    static int count(RuntimeFixture fb, String where) {
        return fb.runtime().store().inTransaction(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM inbox_event WHERE " + where)) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    static OdooCircuit circuit(RuntimeFixture fb) {
        return fb.runtime().camelContext().hasService(OdooCircuit.class);
    }

    static JsonNode odooCheck(RuntimeFixture fb) throws Exception {
        for (JsonNode c : JSON.readTree(fb.get("/health").body()).path("checks")) {
            if (c.path("id").asText().equals("odoo")) {
                return c;
            }
        }
        return null;
    }

    /** Calls that reached Odoo for a customer (not version probes), oldest first, with the customer's external id. */
    List<Call> customerCalls() {
        List<Call> calls = new ArrayList<>();
        for (ServeEvent e : odoo.wireMock().getAllServeEvents()) {
            String body = e.getRequest().getBodyAsString();
            Matcher m = CUSTOMER.matcher(body);
            if (body.contains("execute_kw") && m.find()) {
                boolean faulted = outage != null && e.getStubMapping() != null && outage.getId().equals(e.getStubMapping().getId());
                calls.add(new Call(e.getRequest().getLoggedDate().toInstant(), m.group(), body, faulted));
            }
        }
        calls.sort(Comparator.comparing(Call::at));
        return calls;
    }

    record Call(Instant at, String customer, String body, boolean faulted) {
        boolean isCreate(String model) {
            return !faulted && body.matches("(?s).*\"" + Pattern.quote(model) + "\",\\s*\"create\".*");
        }
    }

    /** Samples an endpoint every 100 ms on a thread of its own and keeps the status codes. */
    static final class Sampler implements AutoCloseable {
        final ConcurrentLinkedQueue<Integer> codes = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Sampler(RuntimeFixture fb, String path) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        codes.add(fb.get(path).statusCode());
                        Thread.sleep(100);
                    } catch (InterruptedException ex) {
                        return;
                    } catch (Exception ex) {
                        codes.add(-1);
                    }
                }
            }, "readiness-sampler");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }

    @Test
    void readinessStaysUpThroughoutWhileHealthShowsOdooDown() throws Exception {
        Map<String, String> s = settings();
        s.put("finbridge.odoo.check-interval", "200ms");
        s.put("finbridge.inbox.retry-base", "100ms");
        s.put("finbridge.inbox.retry-max", "500ms");
        try (RuntimeFixture fb = RuntimeFixture.start(s)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(odooCheck(fb).path("status").asText()));
            postedOneBefore(fb);
            Sampler ready = new Sampler(fb, "/health/ready");
            try {
                odooDown();
                for (int i = 0; i < 3; i++) {
                    assertThat(customer(fb, "ready", i).statusCode()).isEqualTo(200);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> "DOWN".equals(odooCheck(fb).path("status").asText()));
                HttpResponse<String> health = fb.get("/health");
                assertThat(health.statusCode()).as("/health answers with readiness's status").isEqualTo(200);
                assertThat(odooCheck(fb).path("message").asText()).startsWith("Odoo not reachable since ");
                assertThat(fb.get("/health/ready").body()).doesNotContain("\"id\":\"odoo\"");
                assertThat(fb.get("/metrics").body()).contains("finbridge_odoo_up 0.0");
                JsonNode status = JSON.readTree(fb.getAsOperator("/api/status").body()).path("odoo");
                assertThat(status.path("status").asText()).isEqualTo("DOWN");
                assertThat(status.path("reason").asText()).isNotBlank();
                // Hawtio reads JMX: the service's attributes, and Camel's health MBean (unhealthy, yet ready)
                MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
                String context = fb.runtime().camelContext().getManagementName();
                assertThat(jmx.getAttribute(new ObjectName("org.apache.camel:context=" + context
                        + ",type=services,name=OdooReachability"), "OdooStatus")).isEqualTo("DOWN");
                ObjectName health4j = jmx.queryNames(new ObjectName("org.apache.camel:context=" + context + ",type=health,*"), null)
                        .iterator().next();
                assertThat(jmx.getAttribute(health4j, "Healthy")).isEqualTo(false);
                assertThat(jmx.getAttribute(health4j, "HealthyReadiness")).isEqualTo(true);
                Thread.sleep(1_000); // readiness keeps being asked while Odoo stays down

                odooBack();
                await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(odooCheck(fb).path("status").asText()));
                await().atMost(Duration.ofSeconds(30)).until(() -> count(fb, "status = 'DONE'") == 4);
                assertThat(fb.get("/metrics").body()).contains("finbridge_odoo_up 1.0");
            } finally {
                ready.close();
            }
            assertThat(ready.codes).as("/health/ready answers while Odoo went down and came back").hasSizeGreaterThan(10)
                    .containsOnly(200);
        }
    }

    @Test
    void withTheCircuitOpenEachTrialSendsExactlyOneEvent() throws Exception {
        Map<String, String> s = settings();
        s.put("finbridge.inbox.circuit-minimum-calls", "3");
        s.put("finbridge.inbox.circuit-open", "1500ms");
        s.put("finbridge.inbox.retry-base", "100ms");
        s.put("finbridge.inbox.retry-max", "200ms");
        try (RuntimeFixture fb = RuntimeFixture.start(s)) {
            postedOneBefore(fb);
            odooDown();
            for (int i = 0; i < 8; i++) {
                assertThat(customer(fb, "trial", i).statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> circuit(fb).state() == CircuitBreaker.State.OPEN);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> circuit(fb).state() == CircuitBreaker.State.HALF_OPEN);
            Instant firstTrial = Instant.now().minusMillis(50);
            Thread.sleep(7_000); // about four trials, circuit-open apart
            List<Call> duringTrials = customerCalls().stream().filter(c -> c.at().isAfter(firstTrial)).toList();

            // a trial is one event's attempt: its call and the flow's two quick redeliveries (250 and 500 ms later);
            // trials are circuit-open (1.5 s) apart
            List<List<Call>> trials = new ArrayList<>();
            for (Call c : duringTrials) {
                if (trials.isEmpty() || Duration.between(trials.get(trials.size() - 1).get(trials.get(trials.size() - 1).size() - 1).at(),
                        c.at()).toMillis() > 1_000) {
                    trials.add(new ArrayList<>());
                }
                trials.get(trials.size() - 1).add(c);
            }
            assertThat(trials).as("trials while the circuit was open").hasSizeGreaterThanOrEqualTo(3);
            for (List<Call> trial : trials) {
                Set<String> events = new LinkedHashSet<>(trial.stream().map(Call::customer).toList());
                assertThat(events).as("events sent in one trial: " + trial.stream().map(c -> c.at() + " " + c.customer()).toList())
                        .hasSize(1);
                assertThat(trial).hasSizeLessThanOrEqualTo(3);
            }
            assertThat(count(fb, "status = 'FAILED'")).isZero();

            odooBack();
            await().atMost(Duration.ofSeconds(30)).until(() -> count(fb, "status = 'DONE'") == 9);
            assertThat(circuit(fb).state()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void postingResumesWithinTheProbeIntervalAfterOdooReturnsNotAfterCircuitOpen() throws Exception {
        Map<String, String> s = settings();
        s.put("finbridge.inbox.circuit-minimum-calls", "3");
        // circuit-open (30 s) and circuit-probe-interval (5 s) as shipped
        try (RuntimeFixture fb = RuntimeFixture.start(s)) {
            postedOneBefore(fb);
            odooDown();
            for (int i = 0; i < 5; i++) {
                assertThat(customer(fb, "resume", i).statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> circuit(fb).state() == CircuitBreaker.State.OPEN);
            Thread.sleep(1_000);
            assertThat(count(fb, "status = 'DONE'")).as("posted during the outage").isEqualTo(1);

            odooBack();
            Instant back = Instant.now();
            await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(50)).until(() -> count(fb, "status = 'DONE'") > 1);
            Duration resumed = Duration.between(back, Instant.now());
            assertThat(resumed).as("from Odoo's return to the first posting").isLessThan(Duration.ofMillis(6_000));
            assertThat(fb.get("/metrics").body()).contains("finbridge_inbox_circuit_probes_total{outcome=\"answered\"} 1.0");
            await().atMost(Duration.ofSeconds(30)).until(() -> count(fb, "status = 'DONE'") == 6);
            assertThat(circuit(fb).state()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Test
    void eventsSentDuringAnOutageArePostedExactlyOnceAfterIt() throws Exception {
        int total = Integer.getInteger("finbridge.outage.events", 60);
        Duration outageFor = Duration.ofSeconds(Long.getLong("finbridge.outage.seconds", 8));
        String run = "out" + UUID.randomUUID().toString().substring(0, 6);
        try (RuntimeFixture fb = RuntimeFixture.start(settings()); LogCapture logs = new LogCapture()) {
            Sampler ready = new Sampler(fb, "/health/ready");
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Long> ackMillis = new java.util.concurrent.CopyOnWriteArrayList<>();
            Instant back;
            Instant firstPosted;
            Instant allDone;
            try {
                postedOneBefore(fb);
                odooDown();
                Instant start = Instant.now();
                List<Future<Integer>> codes = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                    int n = i;
                    long at = outageFor.toMillis() * i / total;
                    codes.add(senders.submit(() -> {
                        long wait = at - Duration.between(start, Instant.now()).toMillis();
                        if (wait > 0) {
                            Thread.sleep(wait);
                        }
                        long t0 = System.nanoTime();
                        int code = customer(fb, run, n).statusCode();
                        ackMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                        return code;
                    }));
                }
                for (Future<Integer> f : codes) {
                    assertThat(f.get()).isEqualTo(200);
                }
                long left = outageFor.toMillis() - Duration.between(start, Instant.now()).toMillis();
                if (left > 0) {
                    Thread.sleep(left);
                }
                assertThat(count(fb, "status = 'DONE'")).as("posted during the outage").isEqualTo(1);
                assertThat(circuit(fb).state()).as("circuit at the end of the outage").isNotEqualTo(CircuitBreaker.State.CLOSED);

                odooBack();
                back = Instant.now();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> count(fb, "status = 'DONE'") > 1);
                firstPosted = Instant.now();
                await().atMost(Duration.ofSeconds(60 + total / 5)).pollInterval(Duration.ofMillis(200))
                        .until(() -> count(fb, "status = 'DONE'") == total + 1);
                allDone = Instant.now();
            } finally {
                senders.shutdownNow();
                ready.close();
            }
            assertThat(count(fb, "status <> 'DONE'")).isZero();
            assertThat(fb.getAsOperator("/api/exceptions").body()).contains("\"items\":[]");
            Map<String, Integer> partners = new HashMap<>();
            for (Call c : customerCalls().stream().filter(c -> c.customer().startsWith("cus_" + run + "_")).toList()) {
                if (c.isCreate("res.partner")) {
                    partners.merge(c.customer(), 1, Integer::sum);
                }
            }
            assertThat(partners).as("partners created per customer").hasSize(total).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
            Map<Object, Long> inOdoo = odoo.records("res.partner").stream()
                    .filter(r -> String.valueOf(r.get("ref")).startsWith("stripe:customer:cus_" + run + "_"))
                    .collect(java.util.stream.Collectors.groupingBy(r -> r.get("ref"), java.util.stream.Collectors.counting()));
            assertThat(inOdoo).as("partners in Odoo per customer").hasSize(total).allSatisfy((k, v) -> assertThat(v).isEqualTo(1L));
            assertThat(ready.codes).containsOnly(200);
            assertThat(logs.text().lines().filter(l -> l.startsWith("ERROR ")).toList()).as("errors logged").isEmpty();
            assertThat(logs.text().lines().filter(l -> l.startsWith("WARN ") && l.contains("External ID not found")).toList())
                    .as("lookups that found nothing, logged as problems").isEmpty();
            long maxAck = ackMillis.stream().mapToLong(Long::longValue).max().orElse(0);
            System.out.printf("outage: %d events during %d s of outage; webhooks all 200 (slowest %d ms); /health/ready all 200 "
                    + "(%d samples); Odoo back -> first posting %d ms, -> all posted %d ms; each posted once, no exception%n", total,
                    outageFor.toSeconds(), maxAck, ready.codes.size(), Duration.between(back, firstPosted).toMillis(),
                    Duration.between(back, allDone).toMillis());
        }
    }
}
