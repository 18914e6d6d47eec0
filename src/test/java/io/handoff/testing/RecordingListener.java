package io.handoff.testing;

import io.handoff.correlate.Flow;
import io.handoff.engine.EngineListener;
import io.handoff.sla.ClockState;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaDefinition;
import java.util.ArrayList;
import java.util.List;

/** Keeps everything the engine reports, in order, as readable lines. */
public final class RecordingListener implements EngineListener {
    public final List<String> outcomes = new ArrayList<>();
    public final List<String> revisions = new ArrayList<>();
    public final List<String> stops = new ArrayList<>();
    public final List<String> moves = new ArrayList<>();

    @Override
    public void openClockMoved(SlaDefinition sla, String fromGroup, ClockState from, String toGroup, ClockState to) {
        moves.add(sla.id() + " " + from + "->" + to);
    }

    @Override
    public void outcome(SlaDefinition sla, String group, Outcome outcome, SlaClock clock, Flow flow) {
        outcomes.add(sla.id() + " " + flow.key() + " " + outcome.label());
    }

    @Override
    public void outcomeRevised(SlaDefinition sla, String group, Outcome from, Outcome to, Flow flow) {
        revisions.add(sla.id() + " " + flow.key() + " " + from.label() + "->" + to.label());
    }

    @Override
    public void stopped(SlaDefinition sla, String group, SlaClock clock, io.handoff.correlate.Flow flow) {
        stops.add(sla.id() + " " + clock.elapsed());
    }
}
