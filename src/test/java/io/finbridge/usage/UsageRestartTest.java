package io.finbridge.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.finbridge.canonical.Invoice;
import io.finbridge.canonical.InvoiceLine;
import io.finbridge.testing.MutableClock;
import io.finbridge.testing.RuntimeFixture;
import io.finbridge.testing.TestStores;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;

/**
 * 100,000 usage events with 5 % duplicates and late arrivals, the runtime restarted while the period's groups are
 * open: what is invoiced per customer, meter and period equals the price of that usage computed here, independently
 * of the runtime (its own reading of the plan in mappings/pricing/standard.yaml).
 */
class UsageRestartTest {

    static final int EVENTS = 100_000;
    static final String[] METERS = {"api_calls", "seats", "storage_gb"};
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-10T00:00:00Z"));
    private final List<Invoice> sent = new CopyOnWriteArrayList<>();

    record Ev(String key, String customer, String meter, long quantity, Instant at) {
        String json() {
            return "{\"idempotencyKey\":\"" + key + "\",\"customer\":\"" + customer + "\",\"meter\":\"" + meter + "\",\"quantity\":"
                    + quantity + ",\"timestamp\":\"" + at + "\"}";
        }

        String period() {
            return LocalDate.ofInstant(at, ZoneOffset.UTC).toString().substring(0, 7);
        }
    }

    @Test
    void ratedTotalsEqualAnIndependentCalculationAcrossARestart() throws Exception {
        Random random = new Random(20260101);
        List<Ev> january = new ArrayList<>();
        List<Ev> lateJanuary = new ArrayList<>();
        List<Ev> february = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String customer = "cus_" + random.nextInt(40);
            String meter = METERS[random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(2)];
            long q = meter.equals("api_calls") ? 1 + random.nextInt(400) : 1 + random.nextInt(60);
            boolean jan = random.nextInt(100) < 55;
            // distinct instants so that "last" has one answer
            Instant at = Instant.parse(jan ? "2026-01-01T00:00:00Z" : "2026-02-01T00:00:00Z").plusMillis(i * 20L + random.nextInt(20));
            Ev e = new Ev("u" + i, customer, meter, q, at);
            if (jan && random.nextInt(100) < 4) {
                lateJanuary.add(e); // sent after January closed
            } else if (jan) {
                january.add(e);
            } else {
                february.add(e);
            }
        }
        Map<String, String> settings = RuntimeFixture.baseline("sandbox", TestStores.h2());
        settings.put("finbridge.console.enabled", "false");
        settings.put("finbridge.usage.grace", "2d");

        RuntimeFixture fb = start(settings);
        int half = january.size() / 2;
        clock.set(Instant.parse("2026-01-20T00:00:00Z"));
        send(fb, january.subList(0, half), random);
        fb.close(); // the groups of January are open: their totals are in the aggregation repository only
        fb = start(settings);
        try {
            clock.set(Instant.parse("2026-02-02T12:00:00Z")); // after January, inside its grace window
            send(fb, january.subList(half, january.size()), random);
            send(fb, redelivered(january.subList(0, half), random), random); // duplicates of events sent before the restart
            clock.set(Instant.parse("2026-02-03T01:00:00Z"));
            close(fb);
            clock.set(Instant.parse("2026-02-20T00:00:00Z"));
            send(fb, lateJanuary, random);
            send(fb, february.subList(0, february.size() / 2), random);
            clock.set(Instant.parse("2026-02-28T23:00:00Z"));
            send(fb, february.subList(february.size() / 2, february.size()), random);
            clock.set(Instant.parse("2026-03-03T01:00:00Z"));
            close(fb);

            Map<String, BigDecimal> expected = expected(january, lateJanuary, february);
            Map<String, BigDecimal> invoiced = new TreeMap<>();
            for (Invoice inv : sent) {
                InvoiceLine line = inv.lines().get(0);
                String[] ref = line.sourceLineId().split(":"); // usage:customer:meter:period:n
                invoiced.merge(ref[1] + "|" + ref[2] + "|" + ref[3], line.amount().amount(), BigDecimal::add);
            }
            assertThat(invoiced).isEqualTo(expected);
            assertThat(sent.stream().filter(i -> "usage_adjustment".equals(i.billingReason())).count()).isPositive();
            assertThat(count(fb, "SELECT COUNT(*) FROM usage_event")).isEqualTo(EVENTS);
            assertThat(count(fb, "SELECT COUNT(*) FROM usage_event WHERE batch_ref IS NULL")).isZero();
        } finally {
            fb.close();
        }
    }

    private RuntimeFixture start(Map<String, String> settings) throws Exception {
        RuntimeFixture fb = RuntimeFixture.start(settings, clock);
        AdviceWith.adviceWith(fb.runtime().camelContext(), "usage-invoice-to-odoo", a -> {
                a.weaveById("usage-invoice-sent").remove();
                a.weaveById("usage-invoice-posting")
                .replace().process(ex -> sent.add(ex.getMessage().getBody(Invoice.class)));
            });
        return fb;
    }

    /** About 5 % of the events again, in other requests. */
    private static List<Ev> redelivered(List<Ev> events, Random random) {
        List<Ev> out = new ArrayList<>();
        for (Ev e : events) {
            if (random.nextInt(100) < 9) {
                out.add(e);
            }
        }
        return out;
    }

    /** In requests of up to 2,000, each also repeating a few of its own events (a sender's retry within a batch). */
    private static void send(RuntimeFixture fb, List<Ev> events, Random random) throws Exception {
        for (int from = 0; from < events.size(); from += 2000) {
            List<Ev> chunk = events.subList(from, Math.min(events.size(), from + 2000));
            StringBuilder body = new StringBuilder("[");
            for (Ev e : chunk) {
                body.append(body.length() > 1 ? "," : "").append(e.json());
                if (random.nextInt(100) < 2) {
                    body.append(',').append(e.json());
                }
            }
            HttpResponse<String> r = fb.postAsOperator("/api/usage", body.append(']').toString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
    }

    private static void close(RuntimeFixture fb) throws Exception {
        fb.runtime().camelContext().createProducerTemplate().sendBody("direct:close-usage-periods", null);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(fb, "SELECT COUNT(*) FROM usage_aggregation_completed") == 0
                && count(fb, "SELECT COUNT(*) FROM usage_batch WHERE status <> 'SENT'") == 0);
    }

    private static long count(RuntimeFixture fb, String sql) throws Exception {
        try (Connection c = fb.runtime().store().dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Each customer's meter per period priced from scratch: the plan's tiers read here, not from the runtime's code. */
    private static Map<String, BigDecimal> expected(List<Ev>... lists) {
        Map<String, List<Ev>> byKey = new HashMap<>();
        for (List<Ev> l : lists) {
            for (Ev e : l) {
                byKey.computeIfAbsent(e.customer() + "|" + e.meter() + "|" + e.period(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, BigDecimal> out = new TreeMap<>();
        byKey.forEach((key, evs) -> {
            String meter = key.split("\\|")[1];
            BigDecimal amount = switch (meter) {
                case "api_calls" -> {
                    long q = evs.stream().mapToLong(Ev::quantity).sum();
                    // 0-1,000 at 0.10, 1,001-10,000 at 0.05, above at 0.01
                    long t1 = Math.min(q, 1000);
                    long t2 = Math.max(0, Math.min(q, 10000) - 1000);
                    long t3 = Math.max(0, q - 10000);
                    yield new BigDecimal("0.10").multiply(BigDecimal.valueOf(t1)).add(new BigDecimal("0.05").multiply(BigDecimal.valueOf(t2)))
                            .add(new BigDecimal("0.01").multiply(BigDecimal.valueOf(t3)));
                }
                case "seats" -> {
                    long billable = Math.max(0, evs.stream().mapToLong(Ev::quantity).max().orElseThrow() - 3);
                    BigDecimal unit = billable <= 10 ? new BigDecimal("8.00") : billable <= 50 ? new BigDecimal("6.00") : new BigDecimal("4.00");
                    yield unit.multiply(BigDecimal.valueOf(billable));
                }
                default -> {
                    long last = evs.stream().max(java.util.Comparator.comparing(Ev::at)).orElseThrow().quantity();
                    yield new BigDecimal("5.00").add(new BigDecimal("0.023").multiply(BigDecimal.valueOf(Math.max(0, last - 10))));
                }
            };
            out.put(key, amount.setScale(2, RoundingMode.HALF_UP));
        });
        return out;
    }
}
