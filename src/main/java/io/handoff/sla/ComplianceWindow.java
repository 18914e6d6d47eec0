package io.handoff.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span of time an SLA's compliance is judged over: rolling (the last 28 days, say) or a calendar period (a month, a
 * quarter, an ISO week) in the SLA's zone, whose error budget starts again at each period's start.
 */
public sealed interface ComplianceWindow {
    /** Years a period may be in: what every store can index (nanosecond dates run from 1970 to 2262). */
    int FIRST_YEAR = 1970;

    int LAST_YEAR = 2261;

    /** As configured and shown: {@code 28d}, {@code month}, {@code quarter}, {@code week}. */
    String name();

    /** The window in force at {@code at}. */
    Span at(Instant at);

    /**
     * A calendar period by its label ({@code 2026-11}, {@code 2026-Q4}, {@code 2026-W48}) of a year from {@link
     * #FIRST_YEAR} to {@link #LAST_YEAR}; empty when not one of it.
     */
    Optional<Span> period(String label);

    /**
     * One window: {@code [from, to)}.
     *
     * @param label the period ({@code 2026-11}) or, for a rolling window, its name
     */
    record Span(String label, Instant from, Instant to) {
        public boolean contains(Instant at) {
            return !at.isBefore(from) && at.isBefore(to);
        }
    }

    /** The last {@code length} up to now. */
    record Rolling(Duration length) implements ComplianceWindow {
        public Rolling {
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("a rolling window needs a positive length");
            }
        }

        @Override
        public String name() {
            return length.toDays() + "d";
        }

        @Override
        public Span at(Instant at) {
            return new Span(name(), at.minus(length), at);
        }

        @Override
        public Optional<Span> period(String label) {
            return Optional.empty();
        }
    }

    /** Calendar periods in a zone; they start at midnight there, whatever DST does to the day's length. */
    record Calendar(Unit unit, ZoneId zone) implements ComplianceWindow {
        public enum Unit {
            WEEK,
            MONTH,
            QUARTER
        }

        private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
        private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
        private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

        @Override
        public String name() {
            return unit.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public Span at(Instant at) {
            LocalDate day = LocalDate.ofInstant(at, zone);
            LocalDate first = switch (unit) {
                case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> day.withDayOfMonth(1);
                case QUARTER -> day.with(IsoFields.DAY_OF_QUARTER, 1);
            };
            return span(first);
        }

        @Override
        public Optional<Span> period(String label) {
            if (label.length() < 4
                    || !label.substring(0, 4).chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(label.substring(0, 4)) < FIRST_YEAR
                    || Integer.parseInt(label.substring(0, 4)) > LAST_YEAR) {
                return Optional.empty();
            }
            try {
                Matcher m;
                switch (unit) {
                    case MONTH -> {
                        if ((m = MONTH.matcher(label)).matches()) {
                            return Optional.of(
                                    span(YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
                                            .atDay(1)));
                        }
                    }
                    case QUARTER -> {
                        if ((m = QUARTER.matcher(label)).matches()) {
                            int quarter = Integer.parseInt(m.group(2));
                            return Optional.of(span(LocalDate.of(Integer.parseInt(m.group(1)), 3 * quarter - 2, 1)));
                        }
                    }
                    case WEEK -> {
                        if ((m = WEEK.matcher(label)).matches()) {
                            LocalDate monday = LocalDate.of(Integer.parseInt(m.group(1)), 1, 4)
                                    .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, Integer.parseInt(m.group(2)))
                                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                            if (monday.get(IsoFields.WEEK_BASED_YEAR) == Integer.parseInt(m.group(1))) {
                                return Optional.of(span(monday));
                            }
                        }
                    }
                }
            } catch (java.time.DateTimeException e) {
                return Optional.empty();
            }
            return Optional.empty();
        }

        private Span span(LocalDate first) {
            LocalDate next = switch (unit) {
                case WEEK -> first.plusWeeks(1);
                case MONTH -> first.plusMonths(1);
                case QUARTER -> first.plusMonths(3);
            };
            return new Span(
                    label(first),
                    first.atStartOfDay(zone).toInstant(),
                    next.atStartOfDay(zone).toInstant());
        }

        private String label(LocalDate first) {
            return switch (unit) {
                case WEEK ->
                    String.format(
                            Locale.ROOT,
                            "%d-W%02d",
                            first.get(IsoFields.WEEK_BASED_YEAR),
                            first.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                case MONTH -> YearMonth.from(first).toString();
                case QUARTER -> first.getYear() + "-Q" + first.get(IsoFields.QUARTER_OF_YEAR);
            };
        }
    }

    /** {@code <n>d} (rolling), {@code week}, {@code month} or {@code quarter} (calendar, in {@code zone}). */
    static ComplianceWindow parse(String text, ZoneId zone) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "week":
                return new Calendar(Calendar.Unit.WEEK, zone);
            case "month":
                return new Calendar(Calendar.Unit.MONTH, zone);
            case "quarter":
                return new Calendar(Calendar.Unit.QUARTER, zone);
            default:
                if (t.matches("[1-9]\\d{0,3}d")) {
                    return new Rolling(Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1))));
                }
                throw new IllegalArgumentException(
                        "a compliance window is <days>d (rolling, e.g. 28d), week, month or quarter, not '" + text
                                + "'");
        }
    }
}
