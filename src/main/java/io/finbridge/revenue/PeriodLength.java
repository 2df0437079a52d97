package io.finbridge.revenue;

import java.time.LocalDate;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a recognition period is: calendar months by default ({@code finbridge.revenue.period}), or calendar
 * quarters or years. A period is named by a key: {@code 2026-01}, {@code 2026-Q1}, {@code 2026}.
 */
public enum PeriodLength {
    MONTH,
    QUARTER,
    YEAR;

    private static final Pattern MONTH_KEY = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER_KEY = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern YEAR_KEY = Pattern.compile("(\\d{4})");

    /** The period {@code day} falls in. */
    public RevenuePeriod periodOf(LocalDate day) {
        return switch (this) {
            case MONTH -> month(day.getYear(), day.getMonthValue());
            case QUARTER -> quarter(day.getYear(), (day.getMonthValue() - 1) / 3 + 1);
            case YEAR -> new RevenuePeriod(String.format(Locale.ROOT, "%04d", day.getYear()),
                    LocalDate.of(day.getYear(), 1, 1), LocalDate.of(day.getYear() + 1, 1, 1));
        };
    }

    /** The period a key names; {@link IllegalArgumentException} with the expected form when it names none. */
    public RevenuePeriod parse(String key) {
        String k = key == null ? "" : key.trim();
        Matcher m = switch (this) {
            case MONTH -> MONTH_KEY.matcher(k);
            case QUARTER -> QUARTER_KEY.matcher(k);
            case YEAR -> YEAR_KEY.matcher(k);
        };
        if (!m.matches()) {
            throw new IllegalArgumentException("period '" + key + "' is not a " + name().toLowerCase(Locale.ROOT)
                    + " (expected " + example() + ")");
        }
        int year = Integer.parseInt(m.group(1));
        return switch (this) {
            case MONTH -> {
                int month = Integer.parseInt(m.group(2));
                if (month < 1 || month > 12) {
                    throw new IllegalArgumentException("period '" + key + "' has no month " + month);
                }
                yield month(year, month);
            }
            case QUARTER -> quarter(year, Integer.parseInt(m.group(2)));
            case YEAR -> periodOf(LocalDate.of(year, 1, 1));
        };
    }

    public static PeriodLength of(String setting) {
        try {
            return valueOf(setting.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("recognition period '" + setting + "' is not one of month, quarter, year");
        }
    }

    private String example() {
        return switch (this) {
            case MONTH -> "2026-01";
            case QUARTER -> "2026-Q1";
            case YEAR -> "2026";
        };
    }

    private static RevenuePeriod month(int year, int month) {
        LocalDate start = LocalDate.of(year, month, 1);
        return new RevenuePeriod(String.format(Locale.ROOT, "%04d-%02d", year, month), start, start.plusMonths(1));
    }

    private static RevenuePeriod quarter(int year, int q) {
        LocalDate start = LocalDate.of(year, (q - 1) * 3 + 1, 1);
        return new RevenuePeriod(String.format(Locale.ROOT, "%04d-Q%d", year, q), start, start.plusMonths(3));
    }
}
