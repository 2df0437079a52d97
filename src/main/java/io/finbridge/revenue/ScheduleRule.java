package io.finbridge.revenue;

import io.finbridge.canonical.Money;
import io.finbridge.canonical.RevenueEntry;
import io.finbridge.canonical.RevenueSchedule;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a deferred line is recognized, period by period. Pure: the same line and adjustments always give the same
 * schedule, and the schedule always adds up to the line plus its credits, to the minor unit.
 *
 * <ol>
 *   <li>The line is split straight-line by day over its service period ({@link StraightLine}).</li>
 *   <li>A credit note or refund reduces what remains: its amount is split by day over the service days from its
 *       effective date to the end of the service period, and added to those periods. One dated before the service
 *       starts is spread over the whole period (an upfront discount); one dated after it ends, or after a
 *       cancellation, falls whole in the period of its date.</li>
 *   <li>A cancellation stops the schedule: the periods after the one it falls in get nothing, and what they would
 *       have recognized (less the credits that reduced them) is recognized in the cancellation's period, because
 *       nothing more is to be delivered. A cancellation on or after the service end changes nothing.</li>
 *   <li>When the line arrived after some of its periods were recognized ({@link DeferredLine#recognizeFrom()}),
 *       what falls in them is recognized in the first open period instead.</li>
 * </ol>
 * Adjustments apply in the order of their effective dates (credits before a cancellation on the same day).
 */
public final class ScheduleRule {

    private static final Comparator<ScheduleAdjustment> ORDER = Comparator.comparing(ScheduleAdjustment::effective)
            .thenComparing(ScheduleAdjustment::isCancellation).thenComparing(ScheduleAdjustment::sourceRef);

    private ScheduleRule() {
    }

    public static RevenueSchedule compute(DeferredLine line, List<ScheduleAdjustment> adjustments, PeriodLength length) {
        TreeMap<LocalDate, Slot> slots = new TreeMap<>();
        add(slots, StraightLine.split(line.amount(), line.serviceStart(), line.serviceEnd(), length), length);
        Money total = line.amount();
        LocalDate cancelled = null;
        List<ScheduleAdjustment> ordered = new ArrayList<>(adjustments);
        ordered.sort(ORDER);
        for (ScheduleAdjustment a : ordered) {
            if (a.isCancellation()) {
                if (cancelled == null && a.effective().isBefore(line.serviceEnd())) {
                    cancelled = a.effective();
                    foldInto(slots, length.periodOf(cancelled), true);
                }
                continue;
            }
            if (!a.change().currency().equals(line.currency())) {
                throw new IllegalArgumentException(a.sourceRef() + " is in " + a.change().currency() + ", the line "
                        + line.sourceLineRef() + " in " + line.currency());
            }
            total = total.plus(a.change());
            LocalDate from = a.effective().isBefore(line.serviceStart()) ? line.serviceStart() : a.effective();
            if (cancelled == null && from.isBefore(line.serviceEnd())) {
                add(slots, StraightLine.split(a.change(), from, line.serviceEnd(), length), length);
            } else {
                add(slots, List.of(new RevenueEntry(from, from.plusDays(1), a.change())), length);
            }
        }
        if (line.recognizeFrom() != null) {
            foldInto(slots, length.periodOf(line.recognizeFrom()), false);
        }
        List<RevenueEntry> entries = slots.values().stream().map(Slot::entry).toList();
        return new RevenueSchedule(line.origin(), line.sourceLineRef(), total, entries);
    }

    private static void add(Map<LocalDate, Slot> slots, List<RevenueEntry> parts, PeriodLength length) {
        for (RevenueEntry part : parts) {
            RevenuePeriod period = length.periodOf(part.start());
            slots.merge(period.start(), new Slot(part.start(), part.end(), part.amount()), Slot::merge);
        }
    }

    /** Moves every slot after {@code period} (later) or before it (earlier) into it. */
    private static void foldInto(TreeMap<LocalDate, Slot> slots, RevenuePeriod period, boolean later) {
        Map<LocalDate, Slot> moved = later ? slots.tailMap(period.start(), false) : slots.headMap(period.start(), false);
        if (moved.isEmpty()) {
            return;
        }
        Slot into = slots.get(period.start());
        for (Slot s : moved.values()) {
            // the entry keeps the days of its own period: what moves in is an amount, not days
            into = into == null ? new Slot(period.start(), period.end(), s.amount) : into.plus(s.amount);
        }
        moved.clear();
        slots.put(period.start(), into);
    }

    /** What one period recognizes, and the days it covers. */
    private record Slot(LocalDate from, LocalDate until, Money amount) {
        Slot merge(Slot other) {
            return new Slot(from.isBefore(other.from) ? from : other.from, until.isAfter(other.until) ? until : other.until,
                    amount.plus(other.amount));
        }

        Slot plus(Money more) {
            return new Slot(from, until, amount.plus(more));
        }

        RevenueEntry entry() {
            return new RevenueEntry(from, until, amount);
        }
    }
}
