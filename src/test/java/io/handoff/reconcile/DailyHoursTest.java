package io.handoff.reconcile;

import static io.handoff.testing.Events.RECEIVED;
import static io.handoff.testing.Events.at;
import static io.handoff.testing.Events.invoice;
import static io.handoff.testing.Events.invoiced;
import static io.handoff.testing.Events.subject;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.engine.EngineListener;
import io.handoff.engine.FlowEngine;
import io.handoff.engine.GroupLabels;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.reconcile.DailyHours.ProjectDay;
import io.handoff.testing.Slas;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Hours per project and day, three ways, and when they differ. */
class DailyHoursTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-12-10");
    private static final double TOLERANCE = 0.01;

    private static DailyHours.Line line(String day, Double tool, Double odoo, boolean invoiced) {
        return new DailyHours.Line(
                "account.analytic.line/x",
                "212",
                "acme",
                "consulting",
                LocalDate.parse(day),
                tool,
                odoo,
                invoiced,
                null);
    }

    private static ProjectDay day(String day, DailyHours.Line... lines) {
        ProjectDay sum = ProjectDay.empty("212", LocalDate.parse(day));
        for (DailyHours.Line line : lines) {
            sum = sum.plus(line);
        }
        return sum;
    }

    @Test
    void theToolAndOdooDisagreeingOnADayIsADifference() {
        ProjectDay d = day("2026-12-08", line("2026-12-08", 8.0, 8.0, false), line("2026-12-08", 4.0, 3.0, false));

        assertThat(DailyHours.difference(d, TODAY, 14, TOLERANCE)).hasValueSatisfying(diff -> {
            assertThat(diff.hours()).isEqualTo(1.0);
            assertThat(diff.summary())
                    .isEqualTo("project 212 on 2026-12-08: 12 h approved in the time tool, 11 h on Odoo timesheets, "
                            + "0 h on posted invoices (2 lines); tool and Odoo differ by 1 h");
        });
    }

    @Test
    void aLineTheToolHasAndOdooLacksCountsAgainstTheDay() {
        ProjectDay d = day("2026-12-08", line("2026-12-08", 8.0, 8.0, false), line("2026-12-08", 2.5, null, false));
        assertThat(DailyHours.difference(d, TODAY, 14, TOLERANCE))
                .hasValueSatisfying(diff -> assertThat(diff.hours()).isEqualTo(2.5));
    }

    @Test
    void moreInvoicedThanWorkedIsADifferenceAtOnce() {
        // Odoo's timesheets add up to 6 h, but 8 h of the day stand on posted invoices.
        ProjectDay d =
                new ProjectDay("212", LocalDate.parse("2026-12-09"), "acme", "consulting", 0, 6.0, 8.0, 0, 2, 0, 0);
        assertThat(DailyHours.difference(d, TODAY, 14, TOLERANCE)).hasValueSatisfying(diff -> {
            assertThat(diff.hours()).isEqualTo(2.0);
            assertThat(diff.summary()).endsWith("2 h more invoiced than worked");
        });
    }

    @Test
    void uninvoicedHoursCountOnlyOnceTheDayIsSettled() {
        DailyHours.Line open = line("2026-11-20", 7.5, 7.5, false);
        DailyHours.Line done = line("2026-11-20", 2.0, 2.0, true);
        assertThat(DailyHours.difference(day("2026-11-20", open, done), LocalDate.parse("2026-12-03"), 14, TOLERANCE))
                .isEmpty(); // 13 days old
        assertThat(DailyHours.difference(day("2026-11-20", open, done), LocalDate.parse("2026-12-04"), 14, TOLERANCE))
                .hasValueSatisfying(diff -> assertThat(diff.summary()).endsWith("7.5 h not invoiced after 14 days"));
    }

    @Test
    void agreeingTotalsRoundingAndProjectsWithoutTheToolAreNoDifference() {
        assertThat(DailyHours.difference(
                        day("2026-12-08", line("2026-12-08", 8.0, 8.0, true), line("2026-12-08", 1.0, 1.005, true)),
                        TODAY,
                        14,
                        TOLERANCE))
                .isEmpty();
        // Nobody reports this project's time from a tool: Odoo alone is no mismatch.
        assertThat(DailyHours.difference(day("2026-12-08", line("2026-12-08", null, 8.0, false)), TODAY, 14, TOLERANCE))
                .isEmpty();
    }

    @Test
    void aLineIsReadFromItsFlowAndItsInvoice() {
        FlowEngine engine = new FlowEngine(Slas.catalog(), EngineListener.NONE, new GroupLabels(10), 100);
        BusinessEvent tool = new BusinessEvent(
                "timetracker://acme",
                "t-1",
                EventType.TIMESHEET_APPROVED,
                at("2026-12-07T23:30:00Z"),
                ObjectRef.parse("account.analytic.line/1").orElseThrow(),
                null,
                new EventFacts("acme", "212", "consulting", 8.0, 960.0, null),
                "tt",
                RECEIVED);
        engine.apply(tool, at("2026-12-08T00:00:00Z"));
        engine.apply(
                subject(
                        EventType.TIMESHEET_INVOICED,
                        "account.analytic.line/1",
                        "2026-12-08T10:00:00Z",
                        new EventFacts(null, "212", null, 7.5, null, new ObjectRef("account.move", "77"))),
                at("2026-12-08T10:00:00Z"));
        engine.apply(invoice(EventType.INVOICE_POSTED, "77", "2026-12-08T11:00:00Z"), at("2026-12-08T11:00:00Z"));
        engine.apply(invoiced("2", "78", "2026-12-08T10:00:00Z"), at("2026-12-08T11:00:00Z")); // a draft: never posted

        DailyHours.Line one = DailyHours.of(
                engine.lookup().flow("account.analytic.line/1").orElseThrow(), engine.lookup(), ZoneOffset.UTC);
        assertThat(one)
                .isEqualTo(new DailyHours.Line(
                        "account.analytic.line/1",
                        "212",
                        "acme",
                        "consulting",
                        LocalDate.parse("2026-12-07"),
                        8.0,
                        7.5,
                        true,
                        120.0));
        // Approved at 23:30 UTC is the next day in Berlin.
        assertThat(DailyHours.of(
                                engine.lookup().flow("account.analytic.line/1").orElseThrow(),
                                engine.lookup(),
                                ZoneId.of("Europe/Berlin"))
                        .day())
                .isEqualTo(LocalDate.parse("2026-12-08"));
        assertThat(DailyHours.of(
                                engine.lookup().flow("account.analytic.line/2").orElseThrow(),
                                engine.lookup(),
                                ZoneOffset.UTC)
                        .invoiced())
                .isFalse();
    }
}
