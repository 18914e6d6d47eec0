package io.handoff.slo;

import io.handoff.correlate.Flow;
import io.handoff.engine.ClockListener;
import io.handoff.record.VersionClock;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/** Keeps every decision the engine tells, with what is at stake on its flow, for the compliance windows. */
@ApplicationScoped
public class DecisionJournal implements ClockListener {
    private final DecisionStore store;
    private final InstantSource clock;
    /** Called on the engine thread only. */
    private final VersionClock versions = new VersionClock();

    public DecisionJournal(DecisionStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void decided(SlaDefinition sla, String group, Outcome outcome, Instant at, Flow flow) {
        store.saveDecisions(List.of(new ClockDecision(
                sla.id(),
                flow.key(),
                outcome,
                at,
                group,
                flow.client(),
                flow.project(),
                flow.hours(),
                flow.amount(),
                versions.next(clock.instant()))));
    }
}
