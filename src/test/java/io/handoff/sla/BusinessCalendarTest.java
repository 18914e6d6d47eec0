package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessCalendarTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final BusinessCalendar calendar = new BusinessCalendar(
            "office",
            BERLIN,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            LocalTime.of(9, 0),
            LocalTime.of(17, 0),
            Set.of(LocalDate.of(2026, 12, 25)));

    private static Instant berlin(String local) {
        return java.time.LocalDateTime.parse(local).atZone(BERLIN).toInstant();
    }

    @ParameterizedTest(name = "{0} plus {1} is {2}")
    @CsvSource({
        "2026-11-20T16:00, PT2H, 2026-11-23T10:00", // Friday afternoon runs over the weekend
        "2026-11-21T12:00, PT1H, 2026-11-23T10:00", // Saturday counts from Monday 09:00
        "2026-11-23T07:00, PT30M, 2026-11-23T09:30", // before hours counts from 09:00
        "2026-11-23T18:00, PT8H, 2026-11-24T17:00", // after hours counts from the next morning
        "2026-11-23T09:00, PT40H, 2026-11-27T17:00", // five business days
        "2026-12-24T16:00, PT2H, 2026-12-28T10:00", // Christmas Day is a holiday, then the weekend
        "2026-11-23T10:00, PT0S, 2026-11-23T10:00"
    })
    void addsOnlyWorkingTime(String start, Duration amount, String expected) {
        assertThat(calendar.plus(berlin(start), amount)).isEqualTo(berlin(expected));
    }

    @ParameterizedTest(name = "from {0} to {1} counts {2}")
    @CsvSource({
        "2026-11-20T16:00, 2026-11-23T10:00, PT2H",
        "2026-11-21T08:00, 2026-11-22T20:00, PT0S", // a weekend counts nothing
        "2026-11-23T08:00, 2026-11-23T20:00, PT8H",
        "2026-12-24T09:00, 2026-12-28T09:00, PT8H", // the 25th is a holiday
        "2026-11-23T12:00, 2026-11-23T11:00, PT0S" // end before start
    })
    void countsOnlyWorkingTime(String start, String end, Duration expected) {
        assertThat(calendar.between(berlin(start), berlin(end))).isEqualTo(expected);
    }

    @Test
    void theDayAfterTheDstChangeStillHasEightWorkingHours() {
        // 2026-10-25 is the Sunday the clocks go back in Berlin; Monday 09:00 to 17:00 is still 8 hours.
        assertThat(calendar.between(berlin("2026-10-26T00:00"), berlin("2026-10-27T00:00")))
                .isEqualTo(Duration.ofHours(8));
        assertThat(calendar.plus(berlin("2026-10-23T16:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2026-10-26T10:00"));
    }

    @Test
    void betweenUndoesPlus() {
        Random random = new Random(3);
        Instant base = berlin("2026-11-01T00:00");
        for (int i = 0; i < 500; i++) {
            Instant start = base.plusSeconds(random.nextInt(90 * 24 * 3600));
            Duration amount = Duration.ofMinutes(1 + random.nextInt(100 * 60));
            assertThat(calendar.between(start, calendar.plus(start, amount)))
                    .as("from %s plus %s", start, amount)
                    .isEqualTo(amount);
        }
    }

    /**
     * The calendar keeps resolved days and the zone's offset between transitions; the answers must be those of
     * resolving every day afresh in the zone, as {@link Direct} does, in any zone, around any transition, for any
     * hours of the day (including hours a DST change skips or repeats) and from any start.
     */
    @Test
    void answersAsResolvingEveryDayAfreshInAnyZone() {
        Random random = new Random(19);
        List<String> zones = ZoneId.getAvailableZoneIds().stream().sorted().toList();
        for (int c = 0; c < 300; c++) {
            ZoneId zone = ZoneId.of(zones.get(random.nextInt(zones.size())));
            Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
            while (days.isEmpty()) {
                for (DayOfWeek d : DayOfWeek.values()) {
                    if (random.nextInt(3) > 0) {
                        days.add(d);
                    }
                }
            }
            int startMinute = random.nextInt(22 * 60);
            int endMinute = startMinute + 1 + random.nextInt(24 * 60 - 1 - startMinute);
            LocalTime dayStart = LocalTime.ofSecondOfDay(startMinute * 60L);
            LocalTime dayEnd = endMinute == 24 * 60 ? LocalTime.MAX : LocalTime.ofSecondOfDay(endMinute * 60L);
            Instant base = Instant.parse("1995-01-01T00:00:00Z").plusSeconds((long) random.nextInt(60 * 365) * 86_400);
            Set<LocalDate> holidays = new HashSet<>();
            for (int h = 0; h < 5; h++) {
                holidays.add(LocalDate.ofInstant(base, zone).plusDays(random.nextInt(400)));
            }
            BusinessCalendar calendar = new BusinessCalendar("c" + c, zone, days, dayStart, dayEnd, holidays);
            Direct direct = new Direct(calendar);
            for (int i = 0; i < 40; i++) {
                Instant start =
                        base.plusSeconds(random.nextInt(3 * 365 * 86_400)).plusNanos(random.nextInt(3) * 500);
                // Up to about 50 weeks of its working time: reachable within the days a calendar scans.
                int weekly = days.size() * (endMinute - startMinute) * 60;
                Duration target = Duration.ofSeconds(1 + random.nextInt(Math.min(30 * 86_400, 50 * weekly)));
                Duration atRisk = Duration.ofMillis((long) (target.toMillis() * random.nextDouble()));
                Instant end = start.plusSeconds(random.nextInt(60 * 86_400));
                String what = calendar.zone() + " " + dayStart + "–" + dayEnd + " " + days + " from " + start;
                assertThat(calendar.plus(start, target)).as(what).isEqualTo(direct.plus(start, target));
                assertThat(calendar.deadlines(start, atRisk, target))
                        .as(what)
                        .isEqualTo(new WorkingTime.Deadlines(direct.plus(start, atRisk), direct.plus(start, target)));
                assertThat(calendar.between(start, end)).as(what).isEqualTo(direct.between(start, end));
            }
        }
    }

    /**
     * The day of an instant comes from the zone's offset kept for the span between two transitions. Asked around
     * every transition of every zone from 1990 to 2040, in an order that leaves each answer's span in place for the
     * next question, it is always {@code LocalDate.ofInstant}'s.
     */
    @Test
    void theDayOfAnInstantIsTheZonesAroundEveryTransition() {
        int transitions = 0;
        for (String id : ZoneId.getAvailableZoneIds()) {
            ZoneId zone = ZoneId.of(id);
            BusinessCalendar everyDay = everyDayIn(zone);
            Instant end = Instant.parse("2040-01-01T00:00:00Z");
            var transition = zone.getRules().nextTransition(Instant.parse("1990-01-01T00:00:00Z"));
            for (; transition != null && transition.getInstant().isBefore(end); transitions++) {
                Instant change = transition.getInstant();
                for (Instant asked : List.of(
                        change.minusSeconds(1),
                        change,
                        change.minusNanos(1),
                        change.plusNanos(1),
                        change.minusSeconds(1),
                        change.plusSeconds(1),
                        change.minusNanos(1),
                        change)) {
                    assertThat(everyDay.localEpochDay(asked))
                            .as("%s at %s", zone, asked)
                            .isEqualTo(LocalDate.ofInstant(asked, zone).toEpochDay());
                }
                transition = zone.getRules().nextTransition(change);
            }
        }
        assertThat(transitions).isGreaterThan(10_000);
    }

    private static BusinessCalendar everyDayIn(ZoneId zone) {
        return new BusinessCalendar(
                zone.getId(), zone, EnumSet.allOf(DayOfWeek.class), LocalTime.of(9, 0), LocalTime.of(17, 0), Set.of());
    }

    /** The same backwards, as {@code between} asks (its end first, then its start): a span kept must not reach back. */
    @Test
    void theDayOfAnInstantIsTheZonesAroundEveryTransitionAskedBackwards() {
        for (String id : ZoneId.getAvailableZoneIds()) {
            ZoneId zone = ZoneId.of(id);
            BusinessCalendar everyDay = everyDayIn(zone);
            Instant start = Instant.parse("1990-01-01T00:00:00Z");
            var transition = zone.getRules().previousTransition(Instant.parse("2040-01-01T00:00:00Z"));
            while (transition != null && transition.getInstant().isAfter(start)) {
                Instant change = transition.getInstant();
                for (Instant asked : List.of(
                        change.plusSeconds(86_400), change, change.minusNanos(1), change.minusSeconds(86_400))) {
                    assertThat(everyDay.localEpochDay(asked))
                            .as("%s at %s", zone, asked)
                            .isEqualTo(LocalDate.ofInstant(asked, zone).toEpochDay());
                }
                transition = zone.getRules().previousTransition(change);
            }
        }
    }

    /**
     * Ciudad Juárez left the US rules on 2022-11-30, after their change of 2022-11-06: asked in December first, the
     * offset kept then (-07:00) must not answer for mid-November (-06:00).
     */
    @Test
    void aZoneThatLeftItsRulesKeepsEachSideOfTheChange() {
        ZoneId juarez = ZoneId.of("America/Ciudad_Juarez");
        BusinessCalendar calendar = everyDayIn(juarez);
        for (Instant asked : List.of(
                Instant.parse("2022-12-15T00:00:00Z"),
                Instant.parse("2022-11-15T06:30:00Z"),
                Instant.parse("2022-11-30T06:30:00Z"),
                Instant.parse("2022-11-06T07:30:00Z"))) {
            assertThat(calendar.localEpochDay(asked))
                    .as("at %s", asked)
                    .isEqualTo(LocalDate.ofInstant(asked, juarez).toEpochDay());
        }
    }

    @Test
    void instantsBeyondTheDatesJavaKnowsAreRefusedAsBefore() {
        Instant start = berlin("2026-11-23T09:00");
        assertThatThrownBy(() -> calendar.between(start, Instant.MAX)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> calendar.plus(Instant.MAX, Duration.ofHours(1)))
                .isInstanceOf(DateTimeException.class);
    }

    /** Every day resolved afresh through {@code java.time}, nothing kept. */
    private record Direct(BusinessCalendar calendar) {
        private Instant at(LocalDate day, LocalTime time) {
            return ZonedDateTime.of(day, time, calendar.zone()).toInstant();
        }

        Instant plus(Instant start, Duration amount) {
            if (amount.isNegative() || amount.isZero()) {
                return start;
            }
            Duration remaining = amount;
            for (LocalDate day = LocalDate.ofInstant(start, calendar.zone()); ; day = day.plusDays(1)) {
                if (!calendar.isWorkingDay(day)) {
                    continue;
                }
                Instant open = at(day, calendar.dayStart());
                Instant close = at(day, calendar.dayEnd());
                Instant from = start.isAfter(open) ? start : open;
                if (from.isBefore(close)) {
                    Duration available = Duration.between(from, close);
                    if (remaining.compareTo(available) <= 0) {
                        return from.plus(remaining);
                    }
                    remaining = remaining.minus(available);
                }
            }
        }

        Duration between(Instant start, Instant end) {
            Duration total = Duration.ZERO;
            LocalDate last = LocalDate.ofInstant(end, calendar.zone());
            for (LocalDate day = LocalDate.ofInstant(start, calendar.zone());
                    !day.isAfter(last);
                    day = day.plusDays(1)) {
                if (!calendar.isWorkingDay(day)) {
                    continue;
                }
                Instant open = at(day, calendar.dayStart());
                Instant close = at(day, calendar.dayEnd());
                Instant from = start.isAfter(open) ? start : open;
                Instant to = end.isBefore(close) ? end : close;
                if (to.isAfter(from)) {
                    total = total.plus(Duration.between(from, to));
                }
            }
            return total;
        }
    }

    /**
     * Zones that change their clocks at midnight move an instant near the change from one day to the next; asked in
     * turn on either side of and on the change itself (forward and back), each instant counts in its own day.
     */
    @ParameterizedTest
    @CsvSource({"America/Santiago", "Asia/Beirut", "America/Havana", "America/Asuncion"})
    void instantsOnEitherSideOfAMidnightChangeCountInTheirOwnDays(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        for (LocalTime dayEnd : List.of(LocalTime.of(1, 0), LocalTime.MAX)) {
            BusinessCalendar early = new BusinessCalendar(
                    "from midnight", zone, EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, dayEnd, Set.of());
            Direct direct = new Direct(early);
            Instant change = Instant.parse("2020-01-01T00:00:00Z");
            for (int transition = 0; transition < 2; transition++) {
                change = zone.getRules().nextTransition(change).getInstant();
                List<Instant> asked = List.of(
                        change,
                        change.minusNanos(1),
                        change.plusNanos(1),
                        change,
                        change.minusSeconds(1),
                        change.minusSeconds(3600),
                        change.plusSeconds(3600),
                        change);
                for (Instant start : asked) {
                    String what = zone + " until " + dayEnd + " from " + start;
                    assertThat(early.plus(start, Duration.ofMinutes(90)))
                            .as(what)
                            .isEqualTo(direct.plus(start, Duration.ofMinutes(90)));
                    assertThat(early.between(start, start.plusSeconds(7200)))
                            .as(what)
                            .isEqualTo(direct.between(start, start.plusSeconds(7200)));
                }
            }
        }
    }

    @Test
    void aCalendarWithoutWorkingDaysIsRefused() {
        assertThatThrownBy(() -> new BusinessCalendar(
                        "none", BERLIN, Set.of(), LocalTime.of(9, 0), LocalTime.of(17, 0), Set.of()))
                .hasMessageContaining("no working days");
    }

    @Test
    void businessTimeSlaBreachesAfterFiveWorkingDaysNotFiveCalendarDays() {
        SlaDefinition sla = new SlaDefinition(
                "t",
                "",
                io.handoff.event.EventType.TIMESHEET_APPROVED,
                io.handoff.event.EventType.INVOICE_POSTED,
                Join.SAME,
                null,
                Duration.ofHours(40),
                calendar,
                0.95,
                0.8);
        Instant friday = berlin("2026-11-20T12:00");
        assertThat(sla.deadlines(friday).due()).isEqualTo(berlin("2026-11-27T12:00"));
        assertThat(sla.clock(friday, null, berlin("2026-11-26T12:00")).state()).isEqualTo(ClockState.AT_RISK);
        assertThat(sla.clock(friday, null, berlin("2026-11-27T12:00")).state()).isEqualTo(ClockState.BREACHED);
        assertThat(sla.clock(friday, berlin("2026-11-23T12:00"), berlin("2026-11-30T00:00"))
                        .elapsed())
                .isEqualTo(Duration.ofHours(8));
    }
}
