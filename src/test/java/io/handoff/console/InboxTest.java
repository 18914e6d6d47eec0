package io.handoff.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.reconcile.ExceptionRecord;
import io.handoff.reconcile.ExceptionStatus;
import io.handoff.reconcile.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboxTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static ExceptionRecord exception(
            String id,
            Severity severity,
            ExceptionStatus status,
            String client,
            Double hours,
            Double amount,
            Duration age) {
        return new ExceptionRecord(
                id,
                "sla-breach",
                severity,
                status,
                "approved-to-invoice",
                "line/" + id,
                client,
                "p",
                "consulting",
                hours,
                amount,
                NOW.minus(age),
                status == ExceptionStatus.RESOLVED ? NOW : null,
                NOW,
                "late",
                1);
    }

    @Test
    void criticalFirstThenMoneyTimesAgeThenHoursAtANominalRate() {
        var smallOld = exception("a", Severity.WARNING, ExceptionStatus.OPEN, "c1", null, 100.0, Duration.ofDays(10));
        var bigNew = exception("b", Severity.WARNING, ExceptionStatus.OPEN, "c1", null, 5000.0, Duration.ofDays(1));
        var hoursOnly =
                exception("c", Severity.WARNING, ExceptionStatus.ACKNOWLEDGED, "c2", 8.0, null, Duration.ofDays(2));
        var critical = exception("d", Severity.CRITICAL, ExceptionStatus.OPEN, "c2", null, 10.0, Duration.ofHours(1));
        var resolved = exception("e", Severity.CRITICAL, ExceptionStatus.RESOLVED, "c2", null, 1e9, Duration.ofDays(9));

        Inbox.View view = Inbox.of(List.of(smallOld, bigNew, hoursOnly, critical, resolved), Inbox.Filter.ALL, NOW, 10);

        // 5000 x 1 d > 8 h x 100 x 2 d = 1600 > 100 x 10 d = 1000; the critical one first whatever its stake.
        assertThat(view.rows()).extracting(r -> r.exception().id()).containsExactly("d", "b", "c", "a");
        assertThat(view.shown()).isEqualTo(4);
        assertThat(view.counts().get("client")).containsExactly(new Inbox.Count("c1", 2), new Inbox.Count("c2", 2));
        assertThat(view.counts().get("status"))
                .containsExactly(new Inbox.Count("open", 3), new Inbox.Count("acknowledged", 1));
        assertThat(view.rows().get(1).sentence())
                .isEqualTo("c1: approved-to-invoice is breached (5,000.00 at stake)."
                        + " Get the approved time onto an invoice, or record why it waits.");
    }

    @Test
    void filtersNarrowTheRowsButNotTheCountsAndSnoozedOnesWaitAside() {
        var a = exception("a", Severity.WARNING, ExceptionStatus.OPEN, "c1", 1.0, null, Duration.ofDays(1));
        var b = exception("b", Severity.WARNING, ExceptionStatus.OPEN, "c2", 1.0, null, Duration.ofDays(1));
        var snoozed = new ExceptionRecord(
                "s",
                "sla-breach",
                Severity.WARNING,
                ExceptionStatus.OPEN,
                null,
                "line/s",
                "c1",
                "p",
                "consulting",
                1.0,
                null,
                NOW.minus(Duration.ofDays(3)),
                null,
                NOW,
                "late",
                2,
                null,
                List.of(),
                "maria",
                NOW.plusSeconds(3600),
                List.of());

        Inbox.View c1 =
                Inbox.of(List.of(a, b, snoozed), new Inbox.Filter(null, "c1", null, null, null, null, false), NOW, 10);
        assertThat(c1.rows()).extracting(r -> r.exception().id()).containsExactly("a");
        assertThat(c1.counts().get("client")).extracting(Inbox.Count::value).containsExactly("c1", "c2");
        assertThat(c1.snoozed()).isEqualTo(1);

        Inbox.View asleep =
                Inbox.of(List.of(a, b, snoozed), new Inbox.Filter(null, null, null, null, null, null, true), NOW, 10);
        assertThat(asleep.rows()).extracting(r -> r.exception().id()).containsExactly("s");

        Inbox.View nobody = Inbox.of(
                List.of(a, b, snoozed), new Inbox.Filter(null, null, null, null, null, Inbox.NOBODY, false), NOW, 10);
        assertThat(nobody.rows()).extracting(r -> r.exception().id()).containsExactlyInAnyOrder("a", "b");

        // Once its snooze has passed it is back among the rows to act on.
        Inbox.View later = Inbox.of(List.of(a, b, snoozed), Inbox.Filter.ALL, NOW.plusSeconds(7200), 10);
        assertThat(later.rows()).extracting(r -> r.exception().id()).contains("s");
        assertThat(Inbox.of(List.of(a, b, snoozed), Inbox.Filter.ALL, NOW, 1).rows())
                .hasSize(1);
    }
}
