package io.handoff.sla;

import static java.time.temporal.ChronoField.EPOCH_DAY;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;
import java.util.Set;

/**
 * Working hours on working days in one time zone, minus holidays. Only time inside those hours
 * counts. Day boundaries are resolved in the zone, so DST changes shorten or lengthen the day as
 * the wall clock says.
 *
 * <p>Every open clock asks for its due and at-risk instants and every decided one for its elapsed time, so the
 * arithmetic is on the engine's hot path: each day's opening and closing instants are resolved once and kept
 * for a run of days, and the zone's offset is kept for the span between two of its transitions.
 */
public final class BusinessCalendar implements WorkingTime {
    /** Guards against calendars with no working time at all; about 10 years of days. */
    private static final int MAX_DAYS_SCANNED = 3660;
    /** Days resolved at once around a day asked for that is not held yet: one on each side, two ahead. */
    private static final int DAYS_RESOLVED_AROUND = 366;
    /** At most this many days are held (about 40 years; two instants each); beyond, a new run replaces the old. */
    private static final int MAX_DAYS_HELD = 40 * 366;

    /** Far longer than the days scanned hold: walks for it end as for any amount out of reach. */
    private static final Duration UNREACHABLE = Duration.ofHours(25L * (MAX_DAYS_SCANNED + 1));

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final String name;
    private final ZoneId zone;
    private final Set<DayOfWeek> workingDays;
    private final LocalTime dayStart;
    private final LocalTime dayEnd;
    private final Set<LocalDate> holidays;
    private final ZoneRules rules;

    /** Resolved working hours of a run of days; replaced, never changed (read by any thread). */
    private volatile Days days = Days.NONE;
    /** The zone's offset over the span around the last instant whose day was asked for; replaced, never changed. */
    private volatile OffsetSpan offsets = OffsetSpan.NONE;

    public BusinessCalendar(
            String name,
            ZoneId zone,
            Set<DayOfWeek> workingDays,
            LocalTime dayStart,
            LocalTime dayEnd,
            Set<LocalDate> holidays) {
        if (workingDays.isEmpty()) {
            throw new IllegalArgumentException("calendar " + name + " has no working days");
        }
        if (!dayEnd.isAfter(dayStart)) {
            throw new IllegalArgumentException("calendar " + name + ": day-end must be after day-start");
        }
        this.name = name;
        this.zone = Objects.requireNonNull(zone, "zone");
        this.workingDays = Set.copyOf(workingDays);
        this.dayStart = dayStart;
        this.dayEnd = dayEnd;
        this.holidays = Set.copyOf(holidays);
        this.rules = zone.getRules();
    }

    public String name() {
        return name;
    }

    @Override
    public ZoneId zone() {
        return zone;
    }

    public Set<DayOfWeek> workingDays() {
        return workingDays;
    }

    public LocalTime dayStart() {
        return dayStart;
    }

    public LocalTime dayEnd() {
        return dayEnd;
    }

    public Set<LocalDate> holidays() {
        return holidays;
    }

    public boolean isWorkingDay(LocalDate day) {
        return workingDays.contains(day.getDayOfWeek()) && !holidays.contains(day);
    }

    @Override
    public Instant plus(Instant start, Duration amount) {
        return reach(start, amount, amount).due();
    }

    /** Both instants in one walk over the days: the later amount's walk passes where the sooner one ends. */
    @Override
    public Deadlines deadlines(Instant start, Duration atRiskAfter, Duration target) {
        return atRiskAfter.compareTo(target) > 0
                ? WorkingTime.super.deadlines(start, atRiskAfter, target)
                : reach(start, atRiskAfter, target);
    }

    /**
     * The instants at which {@code sooner} (at risk) and {@code later} (due) of working time have passed since
     * {@code start}, {@code sooner} not more than {@code later}.
     */
    private Deadlines reach(Instant start, Duration sooner, Duration later) {
        if (!positive(later)) {
            return new Deadlines(start, start);
        }
        Instant soonerAt = positive(sooner) ? null : start;
        long soonerLeft = nanos(sooner);
        long laterLeft = nanos(later);
        long day = EPOCH_DAY.checkValidValue(localEpochDay(start));
        Days held = days;
        for (int i = 0; i < MAX_DAYS_SCANNED; i++, day++) {
            if (!held.holds(day)) {
                held = daysAround(day);
            }
            int at = held.index(day);
            Instant open = held.opens[at];
            if (open == null) {
                continue; // not a working day
            }
            Instant close = held.closes[at];
            Instant from = start.isAfter(open) ? start : open;
            if (!from.isBefore(close)) {
                continue;
            }
            long available = nanosBetween(from, close);
            if (soonerAt == null) {
                if (soonerLeft <= available) {
                    soonerAt = from.plusNanos(soonerLeft);
                } else {
                    soonerLeft -= available;
                }
            }
            if (laterLeft <= available) {
                return new Deadlines(soonerAt, from.plusNanos(laterLeft));
            }
            laterLeft -= available;
        }
        throw new IllegalStateException(
                "calendar " + name + " has no working time within " + MAX_DAYS_SCANNED + " days");
    }

    @Override
    public Duration between(Instant start, Instant end) {
        if (!end.isAfter(start)) {
            return Duration.ZERO;
        }
        long seconds = 0;
        long nanos = 0;
        long last = EPOCH_DAY.checkValidValue(localEpochDay(end));
        Days held = days;
        for (long day = localEpochDay(start); day <= last; day++) {
            if (!held.holds(day)) {
                held = daysAround(day);
            }
            int at = held.index(day);
            Instant open = held.opens[at];
            if (open == null) {
                continue;
            }
            Instant close = held.closes[at];
            Instant from = start.isAfter(open) ? start : open;
            Instant to = end.isBefore(close) ? end : close;
            if (to.isAfter(from)) {
                seconds += to.getEpochSecond() - from.getEpochSecond();
                nanos += to.getNano() - from.getNano();
            }
        }
        return Duration.ofSeconds(seconds, nanos);
    }

    /** {@code LocalDate.ofInstant(instant, zone).toEpochDay()}, without asking the zone's rules every time. */
    long localEpochDay(Instant instant) {
        long second = instant.getEpochSecond();
        OffsetSpan span = offsets;
        if (!span.holds(second)) {
            span = OffsetSpan.around(rules, instant);
            offsets = span;
        }
        return Math.floorDiv(second + span.offsetSeconds, 86_400L);
    }

    /** The days held, with {@code day} among them: the run held so far widened, or a new run when that is too long. */
    private Days daysAround(long day) {
        Days held = days;
        long first = day - DAYS_RESOLVED_AROUND;
        long end = day + 2 * DAYS_RESOLVED_AROUND;
        if (held != Days.NONE && Math.max(end, held.end()) - Math.min(first, held.first) <= MAX_DAYS_HELD) {
            first = Math.min(first, held.first);
            end = Math.max(end, held.end());
        }
        Days resolved = resolve(first, end);
        days = resolved;
        return resolved;
    }

    /** Opening and closing instants of the days from {@code first} (inclusive) to {@code end}; null on days off. */
    private Days resolve(long first, long end) {
        int count = (int) (end - first);
        Instant[] opens = new Instant[count];
        Instant[] closes = new Instant[count];
        for (int i = 0; i < count; i++) {
            LocalDate date = LocalDate.ofEpochDay(first + i);
            if (isWorkingDay(date)) {
                opens[i] = ZonedDateTime.of(date, dayStart, zone).toInstant();
                closes[i] = ZonedDateTime.of(date, dayEnd, zone).toInstant();
            }
        }
        return new Days(first, opens, closes);
    }

    private static boolean positive(Duration amount) {
        return !amount.isNegative() && !amount.isZero();
    }

    /** An amount in nanoseconds; one beyond reach stays beyond reach without overflowing. */
    private static long nanos(Duration amount) {
        if (!positive(amount)) {
            return 0;
        }
        return amount.compareTo(UNREACHABLE) > 0 ? UNREACHABLE.toNanos() : amount.toNanos();
    }

    private static long nanosBetween(Instant from, Instant to) {
        return (to.getEpochSecond() - from.getEpochSecond()) * NANOS_PER_SECOND + (to.getNano() - from.getNano());
    }

    /** A run of consecutive days from {@code first}, with their opening and closing instants. */
    private static final class Days {
        static final Days NONE = new Days(0, new Instant[0], new Instant[0]);

        final long first;
        final Instant[] opens;
        final Instant[] closes;

        Days(long first, Instant[] opens, Instant[] closes) {
            this.first = first;
            this.opens = opens;
            this.closes = closes;
        }

        long end() {
            return first + opens.length;
        }

        boolean holds(long day) {
            return day >= first && day < end();
        }

        int index(long day) {
            return (int) (day - first);
        }
    }

    /** Seconds from {@code from} (inclusive) to {@code until} (exclusive) over which the zone's offset stays one. */
    private record OffsetSpan(long from, long until, int offsetSeconds) {
        static final OffsetSpan NONE = new OffsetSpan(0, 0, 0);

        boolean holds(long second) {
            return second >= from && second < until;
        }

        private static boolean sameTransition(ZoneOffsetTransition a, ZoneOffsetTransition b) {
            return a == null ? b == null : b != null && a.toEpochSecond() == b.toEpochSecond();
        }

        /** The span between the zone's transitions on either side of {@code instant}. */
        static OffsetSpan around(ZoneRules rules, Instant instant) {
            long second = instant.getEpochSecond();
            int offset = rules.getOffset(instant).getTotalSeconds();
            ZoneOffsetTransition next = rules.nextTransition(instant);
            ZoneOffsetTransition previous = rules.previousTransition(instant);
            long until = next == null ? Long.MAX_VALUE : next.toEpochSecond();
            long from = previous == null ? Long.MIN_VALUE : previous.toEpochSecond();
            // An instant on a transition itself has the one before it as previous; and the zone's rules are asked
            // again that no transition lies between the two: otherwise the span starts at the instant.
            if (from > second
                    || (previous != null
                            && (previous.getOffsetAfter().getTotalSeconds() != offset
                                    || !sameTransition(rules.nextTransition(previous.getInstant()), next)))) {
                from = second;
            }
            if (until <= second) {
                until = second + 1;
            }
            return new OffsetSpan(from, until, offset);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BusinessCalendar c
                && name.equals(c.name)
                && zone.equals(c.zone)
                && workingDays.equals(c.workingDays)
                && dayStart.equals(c.dayStart)
                && dayEnd.equals(c.dayEnd)
                && holidays.equals(c.holidays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, zone, workingDays, dayStart, dayEnd, holidays);
    }

    @Override
    public String toString() {
        return name;
    }
}
