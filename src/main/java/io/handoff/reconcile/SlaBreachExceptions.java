package io.handoff.reconcile;

import io.handoff.correlate.Flow;
import io.handoff.engine.ClockListener;
import io.handoff.record.VersionClock;
import io.handoff.sla.ClockState;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Opens an {@code sla-breach} exception when a clock breaches and resolves it when the condition
 * clears: the clock stops (late), or a late or voiding event shows it was met after all. One exception
 * per (SLA, flow), ever: its id is derived from both.
 */
@ApplicationScoped
public class SlaBreachExceptions implements ClockListener {
    public static final String TYPE = "sla-breach";
    /** Due times in summaries: UTC, to the minute (notices and the console show them in the reader's zone too). */
    private static final java.time.format.DateTimeFormatter DUE = java.time.format.DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm 'UTC'")
            .withZone(java.time.ZoneOffset.UTC);

    private final ExceptionLedger ledger;
    private final InstantSource clock;
    private final VersionClock versions = new VersionClock();

    public SlaBreachExceptions(ExceptionLedger ledger, InstantSource clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    public static String id(String sla, String flowKey) {
        return TYPE + ":" + sla + ":" + flowKey;
    }

    @Override
    public void outcome(SlaDefinition sla, String group, Outcome outcome, SlaClock slaClock, Flow flow) {
        if (outcome == Outcome.BREACHED) {
            save(
                    sla,
                    flow,
                    ExceptionStatus.OPEN,
                    slaClock.due(),
                    null,
                    "not done within " + sla.targetInWords() + " of "
                            + sla.startsOn().wireName() + " (due " + DUE.format(slaClock.due()) + ")");
        }
    }

    @Override
    public void outcomeRevised(SlaDefinition sla, String group, Outcome from, Outcome to, Flow flow) {
        if (from == Outcome.BREACHED && to != Outcome.BREACHED) {
            Instant now = clock.instant();
            save(
                    sla,
                    flow,
                    ExceptionStatus.RESOLVED,
                    now,
                    now,
                    "withdrawn: later events, or a maintenance window, show the SLA was not breached");
        }
    }

    @Override
    public void stopped(SlaDefinition sla, String group, SlaClock slaClock, Flow flow) {
        if (slaClock.state() == ClockState.BREACHED) {
            Duration late = Duration.between(slaClock.due(), slaClock.stop());
            save(
                    sla,
                    flow,
                    ExceptionStatus.RESOLVED,
                    slaClock.due(),
                    slaClock.stop(),
                    sla.stopsOn().wireName() + " came " + late.toMinutes() + " min after the due time "
                            + slaClock.due());
        }
    }

    private void save(
            SlaDefinition sla,
            Flow flow,
            ExceptionStatus status,
            Instant openedAt,
            Instant resolvedAt,
            String summary) {
        Instant now = clock.instant();
        ledger.save(new ExceptionRecord(
                id(sla.id(), flow.key()),
                TYPE,
                Severity.WARNING,
                status,
                sla.id(),
                flow.key(),
                flow.client(),
                flow.project(),
                flow.group(),
                flow.hours(),
                flow.amount(),
                openedAt,
                resolvedAt,
                now,
                sla.id() + " breached for " + flow.key() + ": " + summary,
                versions.next(now),
                null,
                EvidenceOf.flow(flow, null)));
    }
}
