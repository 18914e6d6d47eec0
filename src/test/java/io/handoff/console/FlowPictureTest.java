package io.handoff.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.sla.BusinessCalendar;
import io.handoff.store.FlowRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowPictureTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static FlowRecord.Step step(String time, String type, String source) {
        return new FlowRecord.Step(
                Instant.parse(time), Instant.parse(time), type, source, "e-" + time, null, null, null, null);
    }

    @Test
    void eventsLieOnTheLaneOfTheirSystemAndClocksRunFromStartToStopAgainstTheirDueTime() {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        FlowRecord flow = new FlowRecord(
                "account.analytic.line/1",
                "account.analytic.line/1",
                "c",
                "p",
                "g",
                8.0,
                null,
                Map.of(),
                List.of(),
                List.of(),
                3,
                Instant.parse("2026-11-23T09:00:00Z"),
                Instant.parse("2026-11-27T09:00:00Z"),
                List.of(
                        step("2026-11-23T09:00:00Z", "timesheet.submitted", "timetracker/acme"),
                        step("2026-11-24T09:00:00Z", "timesheet.approved", "odoo/odoo-prod/x"),
                        step("2026-11-27T09:00:00Z", "invoice.posted", "odoo/odoo-prod")),
                List.of(
                        new FlowRecord.Clock(
                                "approved-to-invoice",
                                "met",
                                Instant.parse("2026-11-24T09:00:00Z"),
                                Instant.parse("2026-11-29T09:00:00Z"),
                                Instant.parse("2026-12-01T09:00:00Z"),
                                Instant.parse("2026-11-27T09:00:00Z"),
                                0),
                        new FlowRecord.Clock(
                                "invoice-to-payment",
                                "on_track",
                                Instant.parse("2026-11-27T09:00:00Z"),
                                null,
                                Instant.parse("2026-12-27T09:00:00Z"),
                                null,
                                0)),
                true,
                now,
                1);

        FlowPicture.Picture p = FlowPicture.of(flow, null, now, BERLIN);

        assertThat(p.lanes()).extracting(FlowPicture.Lane::name).containsExactly("timetracker/acme", "odoo/odoo-prod");
        assertThat(p.marks()).hasSize(3);
        assertThat(p.marks().get(1).y()).isEqualTo(p.marks().get(2).y());
        assertThat(p.marks().get(0).x()).isLessThan(p.marks().get(1).x());
        FlowPicture.Bar met = p.bars().get(0);
        assertThat(met.x()).isEqualTo(p.marks().get(1).x());
        assertThat(met.x() + met.width()).isCloseTo(p.marks().get(2).x(), org.assertj.core.data.Offset.offset(0.2));
        assertThat(met.dueX()).isGreaterThan(met.x() + met.width());
        assertThat(met.running()).isFalse();
        FlowPicture.Bar running = p.bars().get(1);
        assertThat(running.running()).isTrue();
        assertThat(running.dueX()).isLessThanOrEqualTo(FlowPicture.WIDTH - FlowPicture.RIGHT);
        assertThat(running.label()).contains("running", "due 2026-12-27 10:00");
        assertThat(p.ticks()).hasSize(6);
        assertThat(p.businessHours()).isEmpty();
    }

    @Test
    void businessHoursAreShadedOneRunPerWorkingDay() {
        var calendar = new BusinessCalendar(
                "office",
                BERLIN,
                java.util.EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY),
                java.time.LocalTime.of(9, 0),
                java.time.LocalTime.of(17, 0),
                java.util.Set.of());
        // Friday 27 to Tuesday 1 December, Berlin: Friday, Monday and Tuesday are working days, the weekend is not.
        FlowPicture.Axis axis =
                new FlowPicture.Axis(Instant.parse("2026-11-27T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"));

        List<FlowPicture.Shade> shades = FlowPicture.shades(calendar, axis);

        assertThat(shades).hasSize(3);
        double perHour = (FlowPicture.WIDTH - FlowPicture.LEFT - FlowPicture.RIGHT) / (5 * 24.0);
        for (FlowPicture.Shade s : shades) {
            assertThat(s.width()).isCloseTo(8 * perHour, org.assertj.core.data.Offset.offset(perHour / 2));
        }
        // Friday 09:00 Berlin is 08:00 UTC.
        assertThat(shades.get(0).x())
                .isCloseTo(
                        axis.x(Instant.parse("2026-11-27T08:00:00Z")),
                        org.assertj.core.data.Offset.offset(perHour / 2));
    }
}
