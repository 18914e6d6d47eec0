package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Working time with maintenance windows taken out, against minute-by-minute counting written here: random,
 * overlapping and touching windows, around the clock and on office hours across the end of summer time.
 */
class PausedTimeTest {
    private static final Instant FROM = Instant.parse("2026-10-20T00:00:00Z");
    private static final BusinessCalendar OFFICE = new BusinessCalendar(
            "office",
            ZoneId.of("Europe/Berlin"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            LocalTime.of(9, 0),
            LocalTime.of(17, 0),
            Set.of(LocalDate.parse("2026-10-30")));

    @Test
    void countsAndReachesWhatMinuteCountingSays() {
        Random random = new Random(2026_10_25);
        for (WorkingTime base : List.of(WorkingTime.CALENDAR, OFFICE)) {
            for (int round = 0; round < 150; round++) {
                List<MaintenanceWindow> windows = new ArrayList<>();
                for (int w = random.nextInt(5); w > 0; w--) {
                    Instant start = FROM.plus(random.nextInt(14 * 24 * 60), ChronoUnit.MINUTES);
                    Instant end = start.plus(1 + random.nextInt(3 * 24 * 60), ChronoUnit.MINUTES);
                    windows.add(new MaintenanceWindow("w" + w, start, end, Set.of(), null, "", "test", start));
                }
                PausedTime paused = new PausedTime(base, windows);
                Instant start = FROM.plus(random.nextInt(10 * 24 * 60), ChronoUnit.MINUTES);
                Instant end = start.plus(random.nextInt(8 * 24 * 60), ChronoUnit.MINUTES);
                String context = base + " " + windows + " from " + start;

                assertThat(paused.between(start, end)).as(context).isEqualTo(minutes(base, windows, start, end));
                Duration amount = Duration.ofMinutes(1 + random.nextInt(3 * 8 * 60));
                Instant reached = paused.plus(start, amount);
                assertThat(minutes(base, windows, start, reached)).as(context).isEqualTo(amount);
                // reached as soon as possible: the minute before does not yet count the whole amount
                assertThat(minutes(base, windows, start, reached.minus(1, ChronoUnit.MINUTES)))
                        .as(context)
                        .isLessThan(amount);
                assertThat(paused.paused(start, end))
                        .isEqualTo(minutes(base, List.of(), start, end).minus(paused.between(start, end)));
            }
        }
    }

    @Test
    void withoutWindowsItIsTheBase() {
        PausedTime paused = new PausedTime(OFFICE, List.of());
        Instant start = Instant.parse("2026-10-23T14:00:00Z");
        assertThat(paused.plus(start, Duration.ofHours(16))).isEqualTo(OFFICE.plus(start, Duration.ofHours(16)));
        assertThat(paused.zone()).isEqualTo(OFFICE.zone());
    }

    private static Duration minutes(WorkingTime base, List<MaintenanceWindow> windows, Instant start, Instant end) {
        long minutes = 0;
        for (Instant t = start; t.isBefore(end); t = t.plus(1, ChronoUnit.MINUTES)) {
            Instant minute = t;
            boolean counts = base == WorkingTime.CALENDAR || office(minute);
            if (counts && windows.stream().noneMatch(w -> !minute.isBefore(w.start()) && minute.isBefore(w.end()))) {
                minutes++;
            }
        }
        return Duration.ofMinutes(minutes);
    }

    private static boolean office(Instant minute) {
        ZonedDateTime wall = minute.atZone(ZoneId.of("Europe/Berlin"));
        LocalTime time = wall.toLocalTime();
        return wall.getDayOfWeek().getValue() <= 5
                && !wall.toLocalDate().equals(LocalDate.parse("2026-10-30"))
                && !time.isBefore(LocalTime.of(9, 0))
                && time.isBefore(LocalTime.of(17, 0));
    }
}
