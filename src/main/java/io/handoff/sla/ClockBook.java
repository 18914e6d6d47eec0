package io.handoff.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates flows' clocks against the catalog and keeps the books: open clocks by state, each clock's outcome
 * counted once, later changes to an outcome counted as revisions, and when each flow next needs a look.
 *
 * <p>It knows flows only through what they tell ({@link Inputs}): a flow's start and stop instants per SLA, its
 * neighbours' stops included, are passed in by the caller, so the same books can be kept wherever the flow's state
 * lives. Not thread-safe: one owner calls every method.
 */
public final class ClockBook {
    /** When a flow's clocks start and stop; null when not (yet). */
    public interface Inputs {
        /** The start of this SLA's clock on the flow; null when it has not started or is not this flow's kind. */
        Instant start(SlaDefinition sla);

        /** The stop in force (voided stops left out), which may be an event of a linked flow. */
        Instant stop(SlaDefinition sla);

        /** The CloudEvents sources of the flow's events, for maintenance windows scoped to a source. */
        default Collection<String> sources() {
            return List.of();
        }
    }

    /** What the books conclude, told once each; called during {@link #evaluate} and {@link #release}. */
    public interface Reports {
        /** An open clock moved between (group, state) cells; a null state means "not an open clock". */
        void openClockMoved(SlaDefinition sla, String fromGroup, ClockState from, String toGroup, ClockState to);

        void outcome(SlaDefinition sla, String group, Outcome outcome, SlaClock clock);

        void outcomeRevised(SlaDefinition sla, String group, Outcome from, Outcome to);

        /** A clock stopped: its latency is observed. */
        void stopped(SlaDefinition sla, String group, SlaClock clock);

        /**
         * A stop observed earlier no longer holds (its invoice was cancelled, or an earlier stop turned up): the
         * latency observed then, under the group it was observed in, is taken back. Observed minus voided is exactly
         * the latency of every clock's stop in force, whatever the order events came in.
         */
        void stopVoided(SlaDefinition sla, String group, Duration elapsed);

        /**
         * The decision in force about a clock changed: met at its stop, breached at its due time, or withdrawn
         * ({@link Outcome#OPEN}, {@code at} null) when a voided stop reopened it. What compliance windows count: each
         * clock once, in the window its decision falls in, whatever the order events came in.
         */
        void decided(SlaDefinition sla, String group, Outcome outcome, Instant at);
    }

    private final SlaCatalog catalog;
    private final DueQueue due = new DueQueue();
    private final long[] met;
    private final long[] breached;
    private final long[] excluded;
    private final long[] revisions;
    private Maintenance maintenance = Maintenance.NONE;
    private final long[][] open;

    public ClockBook(SlaCatalog catalog) {
        this.catalog = catalog;
        this.met = new long[catalog.size()];
        this.breached = new long[catalog.size()];
        this.excluded = new long[catalog.size()];
        this.revisions = new long[catalog.size()];
        this.open = new long[catalog.size()][ClockState.values().length];
    }

    public FlowClocks newClocks() {
        return new FlowClocks();
    }

    /**
     * Puts these maintenance windows in force. Clocks already evaluated keep their instants until they are evaluated
     * again: the caller re-evaluates the flows it holds.
     */
    public void maintenance(Maintenance next) {
        this.maintenance = next;
    }

    /**
     * Re-evaluates every clock of one flow at {@code now}, reports what changed and schedules the flow's next look.
     *
     * @return whether any clock's picture (start, stop or state) changed
     */
    public boolean evaluate(String flowKey, FlowClocks clocks, Inputs inputs, String group, Instant now, Reports to) {
        boolean changed = false;
        for (int i = 0; i < catalog.size(); i++) {
            SlaDefinition sla = catalog.get(i);
            Instant start = inputs.start(sla);
            if (start == null) {
                continue;
            }
            ClockRecord record = clocks.get(i);
            if (record == null) {
                record = new ClockRecord();
                clocks.put(i, record, catalog.size());
            }
            Instant stopInForce = inputs.stop(sla);
            List<MaintenanceWindow> covering = maintenance.covering(sla, inputs::sources, start, stopInForce);
            SlaDefinition counted = Maintenance.counted(sla, covering);
            if (!record.startsAt(start) || !covering.equals(record.covering)) {
                record.start(start);
                record.covering = covering;
                WorkingTime.Deadlines deadlines = counted.deadlines(start);
                record.due(deadlines.due());
                record.atRisk(deadlines.atRisk());
                changed = true;
            }
            SlaClock clock = Maintenance.judged(
                    sla, counted.clock(start, stopInForce, now, record.due(), record.atRisk(), false), covering, now);
            report(i, sla, clock, record, group, to);
            if (clock.state() != record.state || !Objects.equals(clock.stop(), record.stop)) {
                record.state = clock.state();
                record.stop = clock.stop();
                changed = true;
            }
            Instant next = clock.nextChangeAfter(now);
            if (next != null && DueQueue.ceilMillis(next) != record.scheduledAt) {
                due.schedule(next, flowKey);
                record.scheduledAt = DueQueue.ceilMillis(next);
            }
        }
        return changed;
    }

    /** Forgets a flow's clocks (dropped, or computed elsewhere now): its open clocks leave the counts. */
    public void release(FlowClocks clocks, Reports to) {
        for (int i = 0; i < catalog.size(); i++) {
            ClockRecord record = clocks.get(i);
            if (record != null && record.openState != null) {
                moveOpen(i, catalog.get(i), record, record.group, null, to);
            }
        }
        clocks.clear();
    }

    /** The flow's clocks as plain values, for carrying the flow's state elsewhere. */
    public List<ClockMark> marks(FlowClocks clocks) {
        List<ClockMark> marks = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
            ClockRecord r = clocks.get(i);
            if (r != null) {
                marks.add(new ClockMark(
                        catalog.get(i).id(),
                        r.openState,
                        r.group,
                        r.outcome,
                        r.observedElapsed,
                        r.observedGroup,
                        r.decidedAt,
                        r.start(),
                        r.due(),
                        r.atRisk(),
                        r.stop,
                        r.state));
            }
        }
        return marks;
    }

    /**
     * Takes over clocks marked elsewhere: their open clocks join the counts (reported as moves), outcomes stay as
     * the previous holder reported them. Marks of SLAs no longer in the catalog are dropped; the next
     * {@link #evaluate} schedules the flow's next look.
     */
    public void adopt(FlowClocks clocks, List<ClockMark> marks, Reports to) {
        for (ClockMark mark : marks) {
            int index = catalog.indexOf(mark.sla());
            if (index < 0) {
                continue;
            }
            ClockRecord r = record(mark);
            clocks.put(index, r, catalog.size());
            if (mark.openState() != null) {
                moveOpen(index, catalog.get(index), r, mark.group(), mark.openState(), to);
            }
        }
    }

    /**
     * Sets a flow's clocks aside while the flow is kept out of memory: its open clocks stay in the counts (they are
     * still open) and its next look stays scheduled, so the flow is brought back when it falls due.
     */
    public void setAside(FlowClocks clocks) {
        clocks.clear();
    }

    /**
     * Clocks {@linkplain #setAside set aside} and now computed elsewhere (the flow changed hands while out of memory):
     * their open clocks leave the counts, as {@link #release} does for clocks held.
     */
    public void releaseAside(List<ClockMark> marks, Reports to) {
        for (ClockMark mark : marks) {
            int index = catalog.indexOf(mark.sla());
            if (index >= 0 && mark.openState() != null) {
                moveOpen(index, catalog.get(index), asMarked(mark), mark.group(), null, to);
            }
        }
    }

    /** Takes back clocks {@linkplain #setAside set aside} as marked then: they never left the counts. */
    public void takeBack(FlowClocks clocks, List<ClockMark> marks) {
        for (ClockMark mark : marks) {
            int index = catalog.indexOf(mark.sla());
            if (index >= 0) {
                clocks.put(index, asMarked(mark), catalog.size());
            }
        }
    }

    private static ClockRecord record(ClockMark mark) {
        ClockRecord r = new ClockRecord();
        r.group = mark.group();
        r.outcome = mark.outcome();
        r.observedElapsed = mark.observedElapsed();
        r.observedGroup = mark.observedGroup();
        r.decidedAt = mark.decidedAt();
        r.start(mark.start());
        r.due(mark.due());
        r.atRisk(mark.atRisk());
        r.stop = mark.stop();
        r.state = mark.state();
        return r;
    }

    /** A clock as marked when set aside, counted open as it was then. */
    private static ClockRecord asMarked(ClockMark mark) {
        ClockRecord r = record(mark);
        r.openState = mark.openState();
        return r;
    }

    /**
     * The flow's clocks at {@code now}, from the instants already computed (working-time arithmetic is the costly
     * part), the stop included: recomputed from the flows held in memory, the stop of a clock that a linked flow
     * stopped was lost whenever that flow was on disk (a flow document recorded the clock running after its stop).
     */
    public List<SlaClock> clocks(FlowClocks clocks, Instant now) {
        List<SlaClock> result = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
            ClockRecord record = clocks.get(i);
            if (record != null && !record.startsAt(null)) {
                SlaDefinition sla = catalog.get(i);
                List<MaintenanceWindow> covering = record.covering == null ? List.of() : record.covering;
                SlaDefinition counted = Maintenance.counted(sla, covering);
                result.add(Maintenance.judged(
                        sla,
                        counted.clock(record.start(), record.stop, now, record.due(), record.atRisk(), true),
                        covering,
                        now));
            }
        }
        return result;
    }

    /** The clocks of a flow these books do not keep, computed from scratch. */
    public List<SlaClock> clocks(Inputs inputs, Instant now) {
        List<SlaClock> result = new ArrayList<>();
        for (SlaDefinition sla : catalog.definitions()) {
            Instant start = inputs.start(sla);
            if (start != null) {
                Instant stop = inputs.stop(sla);
                List<MaintenanceWindow> covering = maintenance.covering(sla, inputs::sources, start, stop);
                result.add(Maintenance.judged(
                        sla, Maintenance.counted(sla, covering).clock(start, stop, now), covering, now));
            }
        }
        return result;
    }

    /** Keys of the flows whose next look fell due at or before {@code now}, earliest first; taken off the schedule. */
    public List<String> takeDue(Instant now) {
        return due.takeDue(now);
    }

    /** When the earliest scheduled look falls due, for a scheduler that sleeps until then. */
    public Optional<Instant> nextDue() {
        return due.next();
    }

    public int dueCount() {
        return due.size();
    }

    public List<SlaTally> tallies() {
        List<SlaTally> tallies = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
            tallies.add(SlaTally.of(catalog.get(i), met[i], breached[i], excluded[i], revisions[i], open[i]));
        }
        return tallies;
    }

    private void report(int index, SlaDefinition sla, SlaClock clock, ClockRecord record, String group, Reports to) {
        Outcome decidedBefore = record.outcome;
        ClockState openState = clock.isOpen() && clock.state() != ClockState.EXCLUDED ? clock.state() : null;
        if (openState != record.openState || (openState != null && !group.equals(record.group))) {
            moveOpen(index, sla, record, group, openState, to);
        }
        record.group = group;

        if (clock.isOpen() && record.outcome == Outcome.MET) {
            revise(index, sla, record, Outcome.OPEN, to);
        }
        boolean undecided = clock.state() == ClockState.ON_TRACK || clock.state() == ClockState.AT_RISK;
        if (undecided && record.outcome != null && record.outcome != Outcome.OPEN) {
            // decided before, undecided now: a pause moved its due time out, or the window that excluded it went
            revise(index, sla, record, Outcome.OPEN, to);
        }
        // Into or out of EXCLUDED by way of OPEN: the decision taken back, then the new one told as an outcome, so that
        // what counts a breach (the outcome counters, breach exceptions) hears of it like of any other.
        boolean excludedNow = clock.state() == ClockState.EXCLUDED;
        if (record.outcome != null
                && record.outcome != Outcome.OPEN
                && excludedNow != (record.outcome == Outcome.EXCLUDED)) {
            revise(index, sla, record, Outcome.OPEN, to);
        }
        if (excludedNow && record.outcome != Outcome.EXCLUDED) {
            record.outcome = Outcome.EXCLUDED;
            excluded[index]++;
            to.outcome(sla, group, Outcome.EXCLUDED, clock);
        }
        if (clock.state() == ClockState.BREACHED && record.outcome != Outcome.BREACHED) {
            if (record.outcome == null || record.outcome == Outcome.OPEN) {
                record.outcome = Outcome.BREACHED;
                breached[index]++;
                to.outcome(sla, group, Outcome.BREACHED, clock);
            } else {
                revise(index, sla, record, Outcome.BREACHED, to);
            }
        } else if (clock.state() == ClockState.MET && record.outcome != Outcome.MET) {
            if (record.outcome == null || record.outcome == Outcome.OPEN) {
                record.outcome = Outcome.MET;
                met[index]++;
                to.outcome(sla, group, Outcome.MET, clock);
            } else {
                revise(index, sla, record, Outcome.MET, to);
            }
        }
        // The observation follows the stop in force and the start it is measured from (an earlier approval can arrive
        // after the stop): any change takes the old observation back and makes the new one. record.stop is the stop
        // last seen (evaluate updates it after this report), so it is the one observed.
        Instant stop = clock.isOpen() ? null : clock.stop();
        Duration elapsed = stop == null ? null : clock.elapsed();
        if (!Objects.equals(stop, record.stop) || !Objects.equals(elapsed, record.observedElapsed)) {
            if (record.stop != null) {
                to.stopVoided(sla, record.observedGroup, record.observedElapsed);
            }
            record.observedElapsed = elapsed;
            record.observedGroup = stop == null ? null : group;
            if (stop != null) {
                to.stopped(sla, group, clock);
            }
        }
        Instant decidedAtNow = decidedAt(record.outcome, clock.stop(), record.due());
        if (record.outcome != decidedBefore || !Objects.equals(decidedAtNow, record.decidedAt)) {
            record.decidedAt = decidedAtNow;
            if (record.outcome != null) {
                to.decided(sla, group, record.outcome, decidedAtNow);
            }
        }
    }

    /** When the outcome in force was decided: met at the stop in force, breached when it fell due; null while open. */
    private static Instant decidedAt(Outcome outcome, Instant stop, Instant due) {
        return switch (outcome == null ? Outcome.OPEN : outcome) {
            case MET -> stop;
            case BREACHED -> due;
            case EXCLUDED -> stop != null && stop.isBefore(due) ? stop : due;
            case OPEN -> null;
        };
    }

    private void revise(int index, SlaDefinition sla, ClockRecord record, Outcome next, Reports to) {
        Outcome from = record.outcome;
        count(index, from, -1);
        count(index, next, 1);
        record.outcome = next;
        revisions[index]++;
        to.outcomeRevised(sla, record.group, from, next);
    }

    private void count(int index, Outcome outcome, int by) {
        if (outcome == Outcome.MET) {
            met[index] += by;
        } else if (outcome == Outcome.BREACHED) {
            breached[index] += by;
        } else if (outcome == Outcome.EXCLUDED) {
            excluded[index] += by;
        }
    }

    private void moveOpen(int index, SlaDefinition sla, ClockRecord record, String group, ClockState next, Reports to) {
        if (record.openState != null) {
            open[index][record.openState.ordinal()]--;
        }
        if (next != null) {
            open[index][next.ordinal()]++;
        }
        to.openClockMoved(sla, record.group, record.openState, group, next);
        record.openState = next;
    }
}
