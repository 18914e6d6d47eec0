package io.handoff.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.sla.BusinessCalendar;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.function.Predicate;

/**
 * Working time the slow way, for oracles: minute by minute on the wall clock, each minute asked whether it counts. It
 * shares no code with the engine's calendar arithmetic ({@link BusinessCalendar#between} and friends), so an oracle
 * built on it is independent of what it checks. Times must be whole minutes.
 */
public final class MinuteClock {
    private MinuteClock() {}

    /** Whether the minute starting at {@code minute} is working time of {@code calendar}. */
    public static boolean working(BusinessCalendar calendar, Instant minute) {
        ZonedDateTime wall = minute.atZone(calendar.zone());
        LocalTime time = wall.toLocalTime();
        return calendar.workingDays().contains(wall.getDayOfWeek())
                && !calendar.holidays().contains(wall.toLocalDate())
                && !time.isBefore(calendar.dayStart())
                && time.isBefore(calendar.dayEnd());
    }

    /** Minutes from start to end that count. */
    public static Duration workingTime(Predicate<Instant> counts, Instant start, Instant end) {
        long minutes = 0;
        for (Instant t = wholeMinute(start); t.isBefore(end); t = t.plus(1, ChronoUnit.MINUTES)) {
            if (counts.test(t)) {
                minutes++;
            }
        }
        return Duration.ofMinutes(minutes);
    }

    /** The end of the minute in which the counted time reaches {@code amount}. */
    public static Instant reached(Predicate<Instant> counts, Instant start, Duration amount) {
        long needed = amount.toMinutes();
        assertThat(Duration.ofMinutes(needed)).isEqualTo(amount);
        Instant t = wholeMinute(start);
        for (long counted = 0; ; t = t.plus(1, ChronoUnit.MINUTES)) {
            if (counts.test(t) && ++counted == needed) {
                return t.plus(1, ChronoUnit.MINUTES);
            }
        }
    }

    private static Instant wholeMinute(Instant t) {
        assertThat(t.truncatedTo(ChronoUnit.MINUTES))
                .as("the oracle counts whole minutes")
                .isEqualTo(t);
        return t;
    }
}
