package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
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
        assertThat(sla.dueAt(friday)).isEqualTo(berlin("2026-11-27T12:00"));
        assertThat(sla.clock(friday, null, berlin("2026-11-26T12:00")).state()).isEqualTo(ClockState.AT_RISK);
        assertThat(sla.clock(friday, null, berlin("2026-11-27T12:00")).state()).isEqualTo(ClockState.BREACHED);
        assertThat(sla.clock(friday, berlin("2026-11-23T12:00"), berlin("2026-11-30T00:00"))
                        .elapsed())
                .isEqualTo(Duration.ofHours(8));
    }
}
