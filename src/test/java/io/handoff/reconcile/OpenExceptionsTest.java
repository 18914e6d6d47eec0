package io.handoff.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenExceptionsTest {
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    private static final OpenExceptions.Labels BREACH_CONSULTING =
            new OpenExceptions.Labels("sla-breach", "warning", "consulting");

    private static ExceptionRecord exception(
            String id, ExceptionStatus status, String group, Double hours, Double amount) {
        return new ExceptionRecord(
                id,
                "sla-breach",
                Severity.WARNING,
                status,
                "approved-time-to-invoice",
                "flow/" + id,
                "Acme",
                "P1",
                group,
                hours,
                amount,
                T,
                status == ExceptionStatus.RESOLVED ? T : null,
                T,
                "summary",
                1);
    }

    private static ExceptionRecord about(String flowKey, String id, ExceptionStatus status) {
        return new ExceptionRecord(
                id,
                "hours-mismatch",
                Severity.WARNING,
                status,
                null,
                flowKey,
                "Acme",
                "P1",
                "consulting",
                1.0,
                1.0,
                T,
                status == ExceptionStatus.RESOLVED ? T : null,
                T,
                "summary",
                1);
    }

    @Test
    void aFlowHasOpenExceptionsUntilItsLastOneIsResolved() {
        OpenExceptions open = new OpenExceptions(10);
        open.record(about("line/1", "hours-mismatch:line/1", ExceptionStatus.OPEN));
        open.record(about("line/1", "hours-mismatch:line/1", ExceptionStatus.OPEN)); // the same one again
        open.record(about("line/1", "duplicate-invoicing:line/1", ExceptionStatus.OPEN));
        open.record(about(null, "daily-hours:2026-11-23", ExceptionStatus.OPEN));

        assertThat(open.anyOpenAbout("line/1")).isTrue();
        assertThat(open.anyOpenAbout("line/2")).isFalse();

        open.record(about("line/1", "hours-mismatch:line/1", ExceptionStatus.RESOLVED));
        assertThat(open.anyOpenAbout("line/1")).isTrue();
        open.record(about("line/1", "duplicate-invoicing:line/1", ExceptionStatus.RESOLVED));
        assertThat(open.anyOpenAbout("line/1")).isFalse();
        open.record(about("line/1", "duplicate-invoicing:line/1", ExceptionStatus.RESOLVED)); // resolved again
        assertThat(open.anyOpenAbout("line/1")).isFalse();
        assertThat(open.size()).isEqualTo(1);
    }

    @Test
    void anAcknowledgedExceptionKeepsItsFlowOpenAndOneBeyondTheTrackingLimitDoesNot() {
        OpenExceptions open = new OpenExceptions(10, 2);
        open.record(about("line/1", "hours-mismatch:line/1", ExceptionStatus.OPEN));
        open.record(about("line/1", "hours-mismatch:line/1", ExceptionStatus.ACKNOWLEDGED));
        open.record(about("line/2", "hours-mismatch:line/2", ExceptionStatus.ACKNOWLEDGED)); // never seen open
        open.record(about("line/3", "hours-mismatch:line/3", ExceptionStatus.OPEN)); // beyond the limit: not counted

        assertThat(open.anyOpenAbout("line/1")).isTrue();
        assertThat(open.anyOpenAbout("line/2")).isTrue();
        assertThat(open.anyOpenAbout("line/3")).isFalse();
        assertThat(open.isOpen("hours-mismatch:line/3")).isFalse();

        open.record(about("line/1", "hours-mismatch:line/1", ExceptionStatus.RESOLVED));
        assertThat(open.anyOpenAbout("line/1")).isFalse();
    }

    @Test
    void theSameExceptionOpenedTwiceCountsOnceAndItsHoursAndAmountOnce() {
        OpenExceptions open = new OpenExceptions(10);

        assertThat(open.record(exception("a", ExceptionStatus.OPEN, "consulting", 7.5, 900.0)))
                .isEqualTo(OpenExceptions.Change.OPENED);
        assertThat(open.record(exception("a", ExceptionStatus.OPEN, "consulting", 7.5, 900.0)))
                .isEqualTo(OpenExceptions.Change.NONE);
        assertThat(open.record(exception("b", ExceptionStatus.OPEN, "consulting", 2.0, null)))
                .isEqualTo(OpenExceptions.Change.OPENED);

        assertThat(open.totals(BREACH_CONSULTING)).isEqualTo(new OpenExceptions.Totals(2, 9.5, 900.0));
        assertThat(open.size()).isEqualTo(2);
    }

    @Test
    void resolvingTakesItsShareOffAndKeepsTheLabelSetAtZero() {
        OpenExceptions open = new OpenExceptions(10);
        open.record(exception("a", ExceptionStatus.OPEN, "consulting", 7.5, 900.0));

        assertThat(open.record(exception("a", ExceptionStatus.RESOLVED, "consulting", 7.5, 900.0)))
                .isEqualTo(OpenExceptions.Change.RESOLVED);
        assertThat(open.record(exception("a", ExceptionStatus.RESOLVED, "consulting", 7.5, 900.0)))
                .isEqualTo(OpenExceptions.Change.NONE);
        assertThat(open.record(exception("never-opened", ExceptionStatus.RESOLVED, "consulting", 1.0, 1.0)))
                .isEqualTo(OpenExceptions.Change.NONE);

        assertThat(open.totals()).containsEntry(BREACH_CONSULTING, new OpenExceptions.Totals(0, 0, 0));
    }

    @Test
    void groupsBeyondTheBoundAreCountedAsOther() {
        OpenExceptions open = new OpenExceptions(1);
        open.record(exception("a", ExceptionStatus.OPEN, "consulting", 1.0, 1.0));
        open.record(exception("b", ExceptionStatus.OPEN, "design", 1.0, 1.0));
        open.record(exception("c", ExceptionStatus.OPEN, null, 1.0, 1.0));

        assertThat(open.totals().keySet())
                .extracting(OpenExceptions.Labels::group)
                .containsExactlyInAnyOrder("consulting", "other", "unassigned");
    }

    @Test
    void beyondItsBoundNewExceptionsAreNotCountedAndRoomComesBackWhenOneResolves() {
        OpenExceptions open = new OpenExceptions(10, 2);
        open.record(exception("a", ExceptionStatus.OPEN, "consulting", 1.0, 1.0));
        open.record(exception("b", ExceptionStatus.OPEN, "consulting", 1.0, 1.0));

        assertThat(open.record(exception("c", ExceptionStatus.OPEN, "consulting", 1.0, 1.0)))
                .isEqualTo(OpenExceptions.Change.NONE);
        assertThat(open.size()).isEqualTo(2);

        open.record(exception("a", ExceptionStatus.RESOLVED, "consulting", 1.0, 1.0));
        assertThat(open.record(exception("c", ExceptionStatus.OPEN, "consulting", 1.0, 1.0)))
                .isEqualTo(OpenExceptions.Change.OPENED);
    }
}
