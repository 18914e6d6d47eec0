package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.EventType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a notice and the console say an SLA's target: the way a delivery lead would. */
class TargetInWordsTest {
    private static SlaDefinition sla(Duration target, WorkingTime time) {
        return new SlaDefinition(
                "s",
                "",
                EventType.TIMESHEET_APPROVED,
                EventType.INVOICE_POSTED,
                new Join(Join.Kind.LINK, "invoice"),
                null,
                target,
                time,
                0.95,
                0.8);
    }

    @Test
    void businessHoursAreCalledSoAndRoundTargetsUseTheirLargestUnit() {
        var office = new BusinessCalendar(
                "office",
                ZoneId.of("Europe/Berlin"),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0),
                LocalTime.of(17, 0),
                Set.of());
        assertThat(sla(Duration.ofHours(40), office).targetInWords()).isEqualTo("40 business hours");
        assertThat(sla(Duration.ofMinutes(90), office).targetInWords()).isEqualTo("90 business minutes");
        assertThat(sla(Duration.ofDays(30), WorkingTime.CALENDAR).targetInWords())
                .isEqualTo("30 days");
        assertThat(sla(Duration.ofHours(1), WorkingTime.CALENDAR).targetInWords())
                .isEqualTo("1 hour");
        assertThat(sla(Duration.ofMinutes(2), WorkingTime.CALENDAR).targetInWords())
                .isEqualTo("2 minutes");
        assertThat(sla(Duration.ofSeconds(45), WorkingTime.CALENDAR).targetInWords())
                .isEqualTo("45 seconds");
    }
}
