package io.finbridge.revenue;

import io.finbridge.canonical.Money;
import io.finbridge.mapping.reference.AccountRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recognition entries of one period, from what the stored schedules recognize in it: one per entity and
 * currency. Pure; lines with nothing to recognize are left out, and so is an entity and currency with no line.
 */
public final class RecognitionEntries {

    private RecognitionEntries() {
    }

    public static List<RecognitionEntry> forPeriod(RevenuePeriod period, List<ScheduledAmount> amounts) {
        Map<String, List<ScheduledAmount>> byBook = new TreeMap<>();
        for (ScheduledAmount a : amounts) {
            if (!a.amount().isZero()) {
                byBook.computeIfAbsent(a.entity() + "\u0000" + a.currency(), k -> new ArrayList<>()).add(a);
            }
        }
        List<RecognitionEntry> out = new ArrayList<>();
        for (List<ScheduledAmount> book : byBook.values()) {
            String entity = book.get(0).entity();
            String currency = book.get(0).currency();
            List<RecognitionEntry.Line> lines = new ArrayList<>(book.size() * 2);
            for (ScheduledAmount a : book) {
                Money amount = a.amount().abs();
                Money zero = Money.zero(currency);
                String label = "Revenue " + period.key() + " " + a.sourceLineRef()
                        + (a.description() == null || a.description().isBlank() ? "" : " " + a.description());
                boolean release = !a.amount().isNegative();
                // release: deferred revenue down (debit), revenue up (credit); a negative period reverses both
                lines.add(new RecognitionEntry.Line(AccountRole.DEFERRED_REVENUE, release ? amount : zero, release ? zero : amount,
                        a.sourceLineRef(), label));
                lines.add(new RecognitionEntry.Line(AccountRole.REVENUE, release ? zero : amount, release ? amount : zero,
                        a.sourceLineRef(), label));
            }
            String key = RecognitionEntry.keyOf(entity, currency, period.key());
            out.add(new RecognitionEntry(key, entity, currency, period.key(), period.lastDay(),
                    "Revenue recognition " + period.key() + " " + currency, lines));
        }
        return out;
    }
}
