package io.finbridge.revenue.bench;

import io.finbridge.audit.AuditTrail;
import io.finbridge.canonical.Money;
import io.finbridge.canonical.Origin;
import io.finbridge.canonical.RevenueEntry;
import io.finbridge.canonical.RevenueSchedule;
import io.finbridge.revenue.DeferredLine;
import io.finbridge.revenue.PeriodLength;
import io.finbridge.revenue.RecognitionEntries;
import io.finbridge.revenue.RecognitionEntry;
import io.finbridge.revenue.RevenueSchedules;
import io.finbridge.revenue.ScheduleAdjustment;
import io.finbridge.revenue.ScheduleRule;
import io.finbridge.store.Store;
import io.finbridge.usage.MeterPrice;
import io.finbridge.usage.PricingPlans;
import io.finbridge.usage.UsageEvent;
import io.finbridge.usage.UsageTotals;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * bench/revenue/run.sh: revenue schedules for 100,000 subscriptions (computed, and recorded in an H2 file store),
 * the recognition entries of a period from them, and the rating of 1,000,000 usage events (running totals per
 * customer, meter and period, then tier pricing). Prints one table row per step with time, rate and heap.
 */
public final class RevenueBenchmark {

    static final Origin ORIGIN = new Origin("stripe", "in_bench", "us", Instant.parse("2026-01-01T00:00:00Z"), "stripe-invoice", 2);

    public static void main(String[] args) throws Exception {
        int subscriptions = Integer.getInteger("bench.subscriptions", 100_000);
        int stored = Integer.getInteger("bench.stored", 100_000);
        int usage = Integer.getInteger("bench.usageEvents", 1_000_000);
        Random random = new Random(42);
        String[] currencies = {"USD", "USD", "USD", "EUR", "JPY", "KWD"};
        List<DeferredLine> lines = new ArrayList<>(subscriptions);
        for (int i = 0; i < subscriptions; i++) {
            String cur = currencies[random.nextInt(currencies.length)];
            LocalDate start = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(365));
            int months = random.nextInt(10) < 6 ? 1 : random.nextInt(2) == 0 ? 3 : 12;
            lines.add(new DeferredLine(ORIGIN, "stripe:il_" + i, null, "cus_" + (i % 5000), "sub_" + i, null, "price_1", "Plan",
                    Money.ofMinor(1_000 + random.nextInt(500_000), cur), start, start.plusMonths(months), false, null));
        }
        System.out.println("| step | items | seconds | per second | heap after (MB) |");
        System.out.println("|---|---:|---:|---:|---:|");

        // warm-up, then the measured pass
        for (int i = 0; i < Math.min(20_000, subscriptions); i++) {
            ScheduleRule.compute(lines.get(i), List.of(), PeriodLength.MONTH);
        }
        long t = System.nanoTime();
        long entries = 0;
        List<RevenueSchedule> schedules = new ArrayList<>(subscriptions);
        for (DeferredLine l : lines) {
            RevenueSchedule s = ScheduleRule.compute(l, List.of(ScheduleAdjustment.credit(ScheduleAdjustment.Kind.CREDIT_NOTE, "cn",
                    Money.ofMinor(500, l.currency()), l.amount(), l.serviceStart().plusDays(10))), PeriodLength.MONTH);
            entries += s.entries().size();
            schedules.add(s);
        }
        row("schedules computed (each with a credit note)", subscriptions, t);
        System.out.println("|  entries | " + entries + " | | | |");

        t = System.nanoTime();
        List<io.finbridge.revenue.ScheduledAmount> june = new ArrayList<>();
        for (int i = 0; i < schedules.size(); i++) {
            for (RevenueEntry e : schedules.get(i).entries()) {
                if (e.start().getMonthValue() == 6 && e.start().getYear() == 2026) {
                    june.add(new io.finbridge.revenue.ScheduledAmount("us", lines.get(i).sourceLineRef(), "in_bench", "Plan", e.amount()));
                }
            }
        }
        List<RecognitionEntry> runs = RecognitionEntries.forPeriod(PeriodLength.MONTH.parse("2026-06"), june);
        row("recognition entries of 2026-06 (" + runs.size() + " entries, " + june.size() + " source lines)", june.size(), t);
        schedules = null;

        Path dir = Files.createTempDirectory("finbridge-bench-");
        try (Store store = Store.open("jdbc:h2:file:" + dir.resolve("store"), "", "", 4)) {
            RevenueSchedules recorded = new RevenueSchedules(store, new AuditTrail(), PeriodLength.MONTH, ZoneOffset.UTC, Clock.systemUTC());
            t = System.nanoTime();
            for (int i = 0; i < stored; i++) {
                recorded.record(lines.get(i));
            }
            row("schedules recorded in the H2 file store (one transaction each, audited)", stored, t);
            t = System.nanoTime();
            int amounts = recorded.amountsFor(PeriodLength.MONTH.parse("2026-06")).size();
            row("period 2026-06 read back for a run", amounts, t);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        lines = null;

        PricingPlans plans = PricingPlans.load(Path.of("mappings"));
        String[] meters = {"api_calls", "seats", "storage_gb"};
        List<UsageEvent> events = new ArrayList<>(usage);
        for (int i = 0; i < usage; i++) {
            events.add(new UsageEvent("u" + i, "cus_" + random.nextInt(2000), meters[random.nextInt(3)],
                    BigDecimal.valueOf(1 + random.nextInt(500)), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(random.nextInt(59 * 86400))));
        }
        t = System.nanoTime();
        Map<String, UsageTotals> groups = new HashMap<>();
        for (UsageEvent e : events) {
            String period = LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC).toString().substring(0, 7);
            UsageTotals one = UsageTotals.of(e, period, period);
            groups.merge(one.group(), one, UsageTotals::merge);
        }
        BigDecimal billed = BigDecimal.ZERO;
        for (UsageTotals g : groups.values()) {
            MeterPrice p = plans.priceOf(g.customer(), g.meter());
            billed = billed.add(p.rate(g.quantity(p.aggregate()), "USD").amount());
        }
        row("usage events aggregated and rated (" + groups.size() + " groups, " + billed.toPlainString() + " USD)", usage, t);
        System.out.println();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("peak heap %d MB, max heap %d MB, %d processors%n", peak >> 20, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
    }

    private static void row(String step, long items, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.gc();
        long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
        System.out.printf("| %s | %,d | %.2f | %,.0f | %d |%n", step, items, s, items / s, heap);
    }
}
