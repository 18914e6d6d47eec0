package io.handoff.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.handoff.reconcile.ExceptionRecord.Activity;
import io.handoff.store.memory.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What people do about an exception, through the ledger: every action kept in its history, none undone by a detector. */
class ExceptionWorkflowTest {
    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final InstantSource clock = () -> now.get();
    private final MemoryStore store = new MemoryStore(100);
    private final List<String> woke = new ArrayList<>();
    private final ExceptionLedger ledger = new ExceptionLedger(
            store,
            10,
            List.of(new ExceptionObserver() {
                public void opened(ExceptionRecord exception) {}

                public void resolved(ExceptionRecord exception) {}

                public void woke(ExceptionRecord exception) {
                    woke.add(exception.id());
                }

                public void totalsChanged(OpenExceptions open) {}
            }),
            clock);

    private static ExceptionRecord decided(ExceptionStatus status, Instant at, long version, String summary) {
        return new ExceptionRecord(
                "sla-breach:approved-to-invoice:line/1",
                "sla-breach",
                Severity.CRITICAL,
                status,
                "approved-to-invoice",
                "line/1",
                "client-1",
                "project-1",
                "consulting",
                7.5,
                900.0,
                T0,
                status == ExceptionStatus.RESOLVED ? at : null,
                at,
                summary,
                version);
    }

    private static final String ID = "sla-breach:approved-to-invoice:line/1";

    private ExceptionRecord stored() {
        return store.exception(ID).orElseThrow();
    }

    private List<String> actions() {
        return stored().activity().stream()
                .map(a -> a.action() + " by " + a.by())
                .toList();
    }

    @Test
    void everyActionIsKeptWithWhoAndWhenAndADetectorKeepsThemWhenItDecidesAgain() {
        ledger.save(decided(ExceptionStatus.OPEN, T0, 1, "not done within 40 business hours"));
        now.set(T0.plusSeconds(60));
        ledger.assign(ID, "ops", "maria", "her client");
        ledger.assign(ID, "ops", "maria", "her client"); // a retry changes nothing
        now.set(T0.plusSeconds(120));
        ledger.comment(ID, "maria", "invoice run is tonight");
        ledger.comment(ID, "maria", "invoice run is tonight"); // a retried post is kept once
        ledger.acknowledge(ID, "maria", null);

        // The detector re-decides the same open exception (say, a new summary): nothing people did is lost.
        now.set(T0.plusSeconds(180));
        ledger.save(decided(ExceptionStatus.OPEN, now.get(), 50, "still not invoiced"));
        assertThat(stored().assignee()).isEqualTo("maria");
        assertThat(stored().acknowledgement().by()).isEqualTo("maria");
        assertThat(actions())
                .containsExactly("opened by handoff", "assigned by ops", "commented by maria", "acknowledged by maria");
        assertThat(stored().activity().get(1).detail()).isEqualTo("maria: her client");
        assertThat(stored().activity().get(2).at()).isEqualTo(T0.plusSeconds(120));

        // The condition clears: resolved by Handoff, the history says so, the assignment stays on record.
        now.set(T0.plusSeconds(240));
        ledger.save(decided(ExceptionStatus.RESOLVED, now.get(), 60, "resolved: the condition no longer holds"));
        assertThat(actions()).endsWith("resolved by handoff");
        assertThat(stored().assignee()).isEqualTo("maria");

        // It comes back: a new episode, the old history kept, nobody assigned or acknowledged yet.
        now.set(T0.plusSeconds(300));
        ledger.save(decided(ExceptionStatus.OPEN, now.get(), 70, "not done within 40 business hours"));
        assertThat(actions()).endsWith("resolved by handoff", "reopened by handoff");
        assertThat(stored().assignee()).isNull();
        assertThat(stored().acknowledgement()).isNull();
        assertThat(stored().status()).isEqualTo(ExceptionStatus.OPEN);

        ledger.resolve(ID, "ops", "credited on INV/2026/0042");
        Activity last = stored().activity().get(stored().activity().size() - 1);
        assertThat(last).isEqualTo(new Activity("resolved", "ops", now.get(), "credited on INV/2026/0042"));
        assertThatThrownBy(() -> ledger.assign(ID, "ops", "maria", null)).isInstanceOf(IllegalStateException.class);
        assertThat(ledger.comment(ID, "ops", "note for the audit")).isPresent();
        assertThat(ledger.assign("no-such", "ops", "maria", null)).isEmpty();
    }

    @Test
    void aSnoozedExceptionWakesOnceWhenItsTimeComesAndOnlyIfStillOpen() {
        ledger.save(decided(ExceptionStatus.OPEN, T0, 1, "late"));
        Instant until = T0.plus(Duration.ofHours(2));
        ledger.snooze(ID, "ops", until, "waiting for the client");
        assertThat(stored().snoozedUntil()).isEqualTo(until);
        assertThatThrownBy(() -> ledger.snooze(ID, "ops", T0, null)).isInstanceOf(IllegalArgumentException.class);

        now.set(until.minusSeconds(1));
        ledger.wakeSnoozed();
        assertThat(woke).isEmpty();

        now.set(until);
        ledger.wakeSnoozed();
        ledger.wakeSnoozed();
        assertThat(woke).containsExactly(ID);
        assertThat(stored().snoozedUntil()).isNull();
        assertThat(actions()).endsWith("snoozed by ops", "woke by handoff");

        // Snoozed again, then resolved before it ends: it never wakes.
        ledger.snooze(ID, "ops", until.plus(Duration.ofHours(1)), null);
        ledger.save(decided(ExceptionStatus.RESOLVED, now.get(), 99, "resolved: the condition no longer holds"));
        assertThat(stored().snoozedUntil()).isNull();
        now.set(until.plus(Duration.ofHours(2)));
        ledger.wakeSnoozed();
        assertThat(woke).containsExactly(ID);
        assertThat(ledger.snoozed()).isEmpty();
    }

    @Test
    void snoozesSurviveARestartOfTheLedger() {
        ledger.save(decided(ExceptionStatus.OPEN, T0, 1, "late"));
        ledger.snooze(ID, "ops", T0.plusSeconds(3600), null);

        ExceptionLedger restarted = new ExceptionLedger(store, 10, List.of(), clock);
        assertThat(restarted.snoozed()).containsEntry(ID, T0.plusSeconds(3600));
    }

    /**
     * An acknowledged exception is still open: it counts in the open totals, and the detector that finds its
     * condition gone resolves it. After a restart too (the ledger used to read back only those still open, so an
     * acknowledged one was no longer counted, never resolved by its detector, and its snooze never woke).
     */
    @Test
    void anAcknowledgedExceptionIsStillOpenAfterARestart() {
        ledger.save(decided(ExceptionStatus.OPEN, T0, 1, "late"));
        ledger.acknowledge(ID, "lead", "on it");
        ledger.snooze(ID, "lead", T0.plusSeconds(3600), null);
        assertThat(ledger.open().isOpen(ID)).isTrue();

        ExceptionLedger restarted = new ExceptionLedger(store, 10, List.of(), clock);

        assertThat(restarted.open().isOpen(ID)).isTrue();
        assertThat(restarted.open().size()).isEqualTo(1);
        assertThat(restarted.snoozed()).containsEntry(ID, T0.plusSeconds(3600));
    }

    @Test
    void theHistoryKeepsHowItOpenedAndTheNewestEntriesWhenItGrowsLong() {
        ledger.save(decided(ExceptionStatus.OPEN, T0, 1, "late"));
        for (int i = 0; i < ExceptionRecord.MAX_ACTIVITY + 20; i++) {
            ledger.comment(ID, "ops", "note " + i);
        }
        List<Activity> activity = stored().activity();
        assertThat(activity).hasSize(ExceptionRecord.MAX_ACTIVITY);
        assertThat(activity.get(0).action()).isEqualTo("opened");
        assertThat(activity.get(activity.size() - 1).detail()).isEqualTo("note " + (ExceptionRecord.MAX_ACTIVITY + 19));
    }
}
