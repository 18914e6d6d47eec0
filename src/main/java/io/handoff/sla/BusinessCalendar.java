package io.handoff.sla;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Working hours on working days in one time zone, minus holidays. Only time inside those hours
 * counts. Day boundaries are resolved in the zone, so DST changes shorten or lengthen the day as
 * the wall clock says.
 */
public record BusinessCalendar(
        String name,
        ZoneId zone,
        Set<DayOfWeek> workingDays,
        LocalTime dayStart,
        LocalTime dayEnd,
        Set<LocalDate> holidays)
        implements WorkingTime {

    /** Guards against calendars with no working time at all; about 10 years of days. */
    private static final int MAX_DAYS_SCANNED = 3660;

    public BusinessCalendar {
        if (workingDays.isEmpty()) {
            throw new IllegalArgumentException("calendar " + name + " has no working days");
        }
        if (!dayEnd.isAfter(dayStart)) {
            throw new IllegalArgumentException("calendar " + name + ": day-end must be after day-start");
        }
        workingDays = Set.copyOf(workingDays);
        holidays = Set.copyOf(holidays);
    }

    public boolean isWorkingDay(LocalDate day) {
        return workingDays.contains(day.getDayOfWeek()) && !holidays.contains(day);
    }

    @Override
    public Instant plus(Instant start, Duration amount) {
        if (amount.isNegative() || amount.isZero()) {
            return start;
        }
        Duration remaining = amount;
        LocalDate day = LocalDate.ofInstant(start, zone);
        for (int i = 0; i < MAX_DAYS_SCANNED; i++, day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            Instant open = opens(day);
            Instant close = closes(day);
            Instant from = start.isAfter(open) ? start : open;
            if (!from.isBefore(close)) {
                continue;
            }
            Duration available = Duration.between(from, close);
            if (remaining.compareTo(available) <= 0) {
                return from.plus(remaining);
            }
            remaining = remaining.minus(available);
        }
        throw new IllegalStateException(
                "calendar " + name + " has no working time within " + MAX_DAYS_SCANNED + " days");
    }

    @Override
    public Duration between(Instant start, Instant end) {
        if (!end.isAfter(start)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        LocalDate last = LocalDate.ofInstant(end, zone);
        for (LocalDate day = LocalDate.ofInstant(start, zone); !day.isAfter(last); day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            Instant from = max(start, opens(day));
            Instant to = min(end, closes(day));
            if (to.isAfter(from)) {
                total = total.plus(Duration.between(from, to));
            }
        }
        return total;
    }

    private Instant opens(LocalDate day) {
        return hours(day)[0];
    }

    private Instant closes(LocalDate day) {
        return hours(day)[1];
    }

    /** Opening and closing instants of a day; resolving them in the zone is the costly part, so they are cached. */
    private Instant[] hours(LocalDate day) {
        Instant[] hours = DAY_CACHE.get(new DayKey(zone, dayStart, dayEnd, day.toEpochDay()));
        if (hours == null) {
            hours = new Instant[] {
                ZonedDateTime.of(day, dayStart, zone).toInstant(),
                ZonedDateTime.of(day, dayEnd, zone).toInstant()
            };
            if (DAY_CACHE.size() > 100_000) {
                DAY_CACHE.clear();
            }
            DAY_CACHE.put(new DayKey(zone, dayStart, dayEnd, day.toEpochDay()), hours);
        }
        return hours;
    }

    /** What a day's hours depend on (not the whole calendar: hashing its holiday set per lookup would cost more than it saves). */
    private record DayKey(ZoneId zone, LocalTime dayStart, LocalTime dayEnd, long epochDay) {}

    private static final java.util.concurrent.ConcurrentHashMap<DayKey, Instant[]> DAY_CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public String toString() {
        return name;
    }
}
