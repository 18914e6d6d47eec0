package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import io.handoff.sla.ClockState;
import io.handoff.sla.DueQueue;
import io.handoff.sla.Join;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Correlates events into flows and keeps every SLA clock of every flow up to date.
 *
 * <p>Contract: single-threaded (one owner calls every method); events may come late, twice and in
 * any order, and the flows and clocks they produce do not depend on that order. Time only enters
 * through the {@code now} arguments. Each clock's outcome is reported once; when late or voiding
 * events change it, the change is reported as a revision. Memory is bounded by {@code maxFlows}:
 * beyond it the least recently changed flow is dropped, preferring flows without open clocks.
 */
public final class FlowEngine {
    /** How far the eviction scan looks for a flow without open clocks before dropping the eldest. */
    private static final int EVICTION_SCAN = 32;

    public enum Applied {
        ACCEPTED,
        DUPLICATE
    }

    private final SlaCatalog catalog;
    private final EngineListener live;
    /** The live listener, or during {@link #restore} one that only hears open-clock moves. */
    private EngineListener listener;

    private final GroupLabels groups;
    private final int maxFlows;
    private Ownership ownership = Ownership.ALL;
    private FlowBounds bounds = FlowBounds.NONE;

    /** Insertion order is refreshed on every change, so the eldest entry is the least recently changed. */
    private final LinkedHashMap<String, TrackedFlow> flows = new LinkedHashMap<>();
    /** Target flow key to the keys of flows whose links point at it. */
    private final Map<String, Set<String>> linkedFrom = new HashMap<>();
    /** Correlation id to the key of the subject flow that carries it. */
    private final Map<String, String> aliases = new HashMap<>();

    private final DueQueue due = new DueQueue();
    /** Flows changed since the last {@link #drainChanged}, in order of first change. */
    private final Set<String> changed = new LinkedHashSet<>();

    private final long[] met;
    private final long[] breached;
    private final long[] revisions;
    private final long[][] open;

    /** Marks flows and link targets at their bound, for the edge to refuse more (set once, before the first event). */
    public FlowEngine bounded(FlowBounds bounds) {
        this.bounds = bounds;
        return this;
    }

    public FlowEngine(SlaCatalog catalog, EngineListener listener, GroupLabels groups, int maxFlows) {
        this.catalog = catalog;
        this.live = listener;
        this.listener = listener;
        this.groups = groups;
        this.maxFlows = maxFlows;
        this.met = new long[catalog.size()];
        this.breached = new long[catalog.size()];
        this.revisions = new long[catalog.size()];
        this.open = new long[catalog.size()][ClockState.values().length];
    }

    public Applied apply(BusinessEvent event, Instant now) {
        String key = event.flowKey();
        TrackedFlow tracked = flows.remove(key);
        if (tracked == null) {
            makeRoom();
            tracked = new TrackedFlow(new Flow(key, event.type().anchor()), catalog.size());
            tracked.owned = ownership.owns(key);
        }
        flows.put(key, tracked);
        Flow flow = tracked.flow;

        String linkName = event.type().linkName();
        ObjectRef linkBefore = linkName == null ? null : flow.link(linkName);
        if (!flow.add(event)) {
            return Applied.DUPLICATE;
        }
        bounds.flowSize(key, flow.size());
        if (event.correlationId() != null && event.type().anchor() == EventType.Anchor.SUBJECT) {
            aliases.put(event.correlationId(), key);
        }

        Set<String> affected = new LinkedHashSet<>();
        affected.add(key);
        if (tracked.owned) {
            changed.add(key);
        }
        String newTarget = null;
        if (linkName != null) {
            ObjectRef linkAfter = flow.link(linkName);
            if (linkBefore != null && !linkBefore.equals(linkAfter)) {
                unlink(linkBefore.key(), key);
                affected.add(linkBefore.key());
                markChanged(linkBefore.key());
            }
            if (linkAfter != null
                    && linkedFrom
                            .computeIfAbsent(linkAfter.key(), k -> new HashSet<>(4))
                            .add(key)) {
                bounds.linkers(linkAfter.key(), linkedFrom.get(linkAfter.key()).size());
                markChanged(linkAfter.key());
                newTarget = linkAfter.key();
            }
        }
        addNeighbours(flow, affected);
        for (String affectedKey : affected) {
            TrackedFlow other = flows.get(affectedKey);
            if (other != null) {
                evaluate(other, now);
            }
        }
        if (ownership != Ownership.ALL) {
            shareContext(tracked, event, affected, newTarget);
        }
        if (tracked.owned) {
            listener.applied(event, flow, lookup, now);
        }
        return Applied.ACCEPTED;
    }

    /**
     * Sends what other owners need: an owned flow's event goes to the owners of its neighbours (all its
     * events to a neighbour it just linked to); a flow held as context that just linked to an owned flow
     * is sent back every event of that flow, so both sides can compute joins in either direction.
     */
    private void shareContext(TrackedFlow tracked, BusinessEvent event, Set<String> neighbours, String newTarget) {
        String key = tracked.flow.key();
        if (tracked.owned) {
            for (String neighbour : neighbours) {
                if (!neighbour.equals(key) && !ownership.owns(neighbour)) {
                    listener.contextNeeded(
                            neighbour, neighbour.equals(newTarget) ? eventsOf(tracked.flow) : List.of(event));
                }
            }
        } else if (newTarget != null && ownership.owns(newTarget)) {
            TrackedFlow target = flows.get(newTarget);
            if (target != null) {
                listener.contextNeeded(key, eventsOf(target.flow));
            }
        }
    }

    /** Adds the keys of the flows this flow links to and of those that link to it. */
    private void addNeighbours(Flow flow, Set<String> keys) {
        keys.addAll(linkedFrom.getOrDefault(flow.key(), Set.of()));
        flow.forEachLinkTarget(target -> keys.add(target.key()));
    }

    /** The events a flow holds, rebuilt from its entries (without payload or origin, which a flow does not keep). */
    static List<BusinessEvent> eventsOf(Flow flow) {
        ObjectRef subject = flow.anchor() == EventType.Anchor.SUBJECT
                ? ObjectRef.parse(flow.key()).orElse(null)
                : null;
        List<BusinessEvent> events = new ArrayList<>(flow.size());
        for (var entry : flow.entries()) {
            events.add(new BusinessEvent(
                    entry.source(),
                    entry.id(),
                    entry.type(),
                    entry.time(),
                    entry.type().anchor() == EventType.Anchor.SUBJECT ? subject : null,
                    entry.correlationId(),
                    entry.facts(),
                    CONTEXT_ORIGIN,
                    entry.receivedAt(),
                    entry.traceparent()));
        }
        return events;
    }

    /** The origin of events rebuilt from a flow: they were counted where they were first accepted. */
    public static final String CONTEXT_ORIGIN = "context";

    /**
     * Changes which flows this engine owns. Flows no longer owned keep their events as context but lose
     * their clocks (open-clock gauges move out); newly owned flows get theirs, with outcomes already decided
     * taken as reported by the previous owner, and their neighbours' owners are sent their events again
     * (which also repairs context lost in a crash). The caller stores the pictures of flows it gives up first.
     */
    public void own(Ownership next, Instant now) {
        ownership = next;
        listener = new OpenClocksOnly(live);
        try {
            for (TrackedFlow tracked : new ArrayList<>(flows.values())) {
                boolean owns = next.owns(tracked.flow.key());
                if (owns == tracked.owned) {
                    continue;
                }
                tracked.owned = owns;
                if (owns) {
                    evaluate(tracked, now);
                    changed.add(tracked.flow.key());
                    Set<String> neighbours = new LinkedHashSet<>();
                    addNeighbours(tracked.flow, neighbours);
                    for (String neighbour : neighbours) {
                        if (!next.owns(neighbour)) {
                            live.contextNeeded(neighbour, eventsOf(tracked.flow));
                        }
                    }
                } else {
                    release(tracked);
                }
            }
        } finally {
            listener = live;
        }
    }

    public Ownership ownership() {
        return ownership;
    }

    /** Forgets a flow's clocks (it is owned elsewhere now); its events stay as context. */
    private void release(TrackedFlow tracked) {
        for (int i = 0; i < tracked.clocks.length; i++) {
            ClockRecord record = tracked.clocks[i];
            if (record != null && record.openState != null) {
                moveOpen(i, catalog.get(i), record, record.group, null);
            }
            tracked.clocks[i] = null;
        }
        changed.remove(tracked.flow.key());
    }

    /** Lets time pass: re-evaluates only the flows whose clocks fell due. */
    public void advance(Instant now) {
        for (String key : due.takeDue(now)) {
            TrackedFlow tracked = flows.get(key);
            if (tracked != null) {
                evaluate(tracked, now);
            }
        }
        listener.tick(lookup, now);
    }

    private final FlowLookup lookup = new FlowLookup() {
        @Override
        public Optional<Flow> flow(String key) {
            TrackedFlow tracked = flows.get(key);
            return tracked == null ? Optional.empty() : Optional.of(tracked.flow);
        }

        @Override
        public Set<String> linkedFrom(String key) {
            return Collections.unmodifiableSet(linkedFrom.getOrDefault(key, Set.of()));
        }
    };

    /** Read access to the flows, for queries run on the engine thread. */
    public FlowLookup lookup() {
        return lookup;
    }

    /** Keys of the flows held whose key starts with {@code prefix} (e.g. {@code account.analytic.line/}). */
    public List<String> keysStartingWith(String prefix) {
        List<String> keys = new ArrayList<>();
        for (String key : flows.keySet()) {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The flow with this key, or the subject flow that carries this correlation id. */
    public Optional<FlowView> find(String keyOrCorrelationId, Instant now) {
        TrackedFlow tracked = flows.get(keyOrCorrelationId);
        if (tracked == null && aliases.containsKey(keyOrCorrelationId)) {
            tracked = flows.get(aliases.get(keyOrCorrelationId));
        }
        return Optional.ofNullable(tracked).map(t -> view(t.flow, now));
    }

    /**
     * Pictures of up to {@code max} flows changed since the last call, oldest change first; the rest
     * stay marked for the next call.
     */
    public List<FlowView> drainChanged(Instant now, int max) {
        List<FlowView> views = new ArrayList<>(Math.min(max, changed.size()));
        Iterator<String> keys = changed.iterator();
        while (keys.hasNext() && views.size() < max) {
            TrackedFlow tracked = flows.get(keys.next());
            keys.remove();
            if (tracked != null) {
                views.add(view(tracked, now));
            }
        }
        return views;
    }

    /** Pictures of every flow with an open clock. */
    public List<FlowView> openFlows(Instant now) {
        List<FlowView> views = new ArrayList<>();
        for (TrackedFlow tracked : flows.values()) {
            if (tracked.hasOpenClock()) {
                views.add(view(tracked, now));
            }
        }
        return views;
    }

    public int changedCount() {
        return changed.size();
    }

    /**
     * Rebuilds state after a restart, or when flows are taken over from another instance, from the stored
     * events of the flows that were open. The events are
     * replayed in the order they were received, with time standing where it stood then, up to
     * {@code checkpoint}: outcomes the previous run reported are not reported again, while the
     * open-clock picture is rebuilt in full. A later {@link #advance} reports what fell due since.
     */
    public void restore(List<BusinessEvent> events, Instant checkpoint) {
        List<BusinessEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparing(BusinessEvent::receivedAt).thenComparing(BusinessEvent::time));
        listener = new OpenClocksOnly(live);
        try {
            for (BusinessEvent event : ordered) {
                Instant then =
                        checkpoint != null && checkpoint.isBefore(event.receivedAt()) ? checkpoint : event.receivedAt();
                advance(then);
                apply(event, then);
            }
            if (checkpoint != null) {
                advance(checkpoint);
            }
        } finally {
            listener = live;
        }
    }

    /** Hears only how open clocks move, so gauges are rebuilt while counters are not fed twice. */
    private record OpenClocksOnly(EngineListener delegate) implements EngineListener {
        @Override
        public void openClockMoved(
                SlaDefinition sla, String fromGroup, ClockState from, String toGroup, ClockState to) {
            delegate.openClockMoved(sla, fromGroup, from, toGroup, to);
        }

        @Override
        public void contextNeeded(String ownerKey, List<BusinessEvent> events) {
            delegate.contextNeeded(ownerKey, events);
        }
    }

    public List<SlaTally> tallies() {
        List<SlaTally> tallies = new ArrayList<>();
        for (int i = 0; i < catalog.size(); i++) {
            tallies.add(SlaTally.of(catalog.get(i), met[i], breached[i], revisions[i], open[i]));
        }
        return tallies;
    }

    public int flowCount() {
        return flows.size();
    }

    public int dueCount() {
        return due.size();
    }

    /** Re-evaluates every clock of the flow; marks the flow changed when any clock's picture changed. */
    private void evaluate(TrackedFlow tracked, Instant now) {
        if (!tracked.owned) {
            return;
        }
        Flow flow = tracked.flow;
        boolean clocksChanged = false;
        for (int i = 0; i < catalog.size(); i++) {
            SlaDefinition sla = catalog.get(i);
            if (sla.startsOn().anchor() != flow.anchor()) {
                continue;
            }
            Instant start = flow.earliest(sla.startsOn());
            if (start == null) {
                continue;
            }
            ClockRecord record = tracked.clocks[i];
            if (record == null) {
                record = tracked.clocks[i] = new ClockRecord();
            }
            if (!start.equals(record.start)) {
                record.start = start;
                record.due = sla.dueAt(start);
                record.atRisk = sla.atRiskAt(start);
                clocksChanged = true;
            }
            SlaClock clock = sla.clock(start, stopOf(sla, flow), now, record.due, record.atRisk, false);
            report(i, sla, clock, record, groups.label(flow.group()), flow);
            if (clock.state() != record.state || !java.util.Objects.equals(clock.stop(), record.stop)) {
                record.state = clock.state();
                record.stop = clock.stop();
                clocksChanged = true;
            }
            Instant next = clock.nextChangeAfter(now);
            if (next != null && DueQueue.ceilMillis(next) != record.scheduledAt) {
                due.schedule(next, flow.key());
                record.scheduledAt = DueQueue.ceilMillis(next);
            }
        }
        if (clocksChanged) {
            changed.add(flow.key());
        }
    }

    private void report(int index, SlaDefinition sla, SlaClock clock, ClockRecord record, String group, Flow flow) {
        ClockState openState = clock.isOpen() ? clock.state() : null;
        if (openState != record.openState || (openState != null && !group.equals(record.group))) {
            moveOpen(index, sla, record, group, openState);
        }
        record.group = group;

        if (clock.isOpen() && record.outcome == Outcome.MET) {
            revise(index, sla, record, Outcome.OPEN, flow);
            record.stopReported = false;
        }
        if (clock.state() == ClockState.BREACHED && record.outcome != Outcome.BREACHED) {
            if (record.outcome == null || record.outcome == Outcome.OPEN) {
                record.outcome = Outcome.BREACHED;
                breached[index]++;
                listener.outcome(sla, group, Outcome.BREACHED, clock, flow);
            } else {
                revise(index, sla, record, Outcome.BREACHED, flow);
            }
        } else if (clock.state() == ClockState.MET && record.outcome != Outcome.MET) {
            if (record.outcome == null || record.outcome == Outcome.OPEN) {
                record.outcome = Outcome.MET;
                met[index]++;
                listener.outcome(sla, group, Outcome.MET, clock, flow);
            } else {
                revise(index, sla, record, Outcome.MET, flow);
            }
        }
        if (!clock.isOpen() && !record.stopReported) {
            record.stopReported = true;
            listener.stopped(sla, group, clock, flow);
        }
    }

    private void revise(int index, SlaDefinition sla, ClockRecord record, Outcome to, Flow flow) {
        Outcome from = record.outcome;
        if (from == Outcome.MET) {
            met[index]--;
        } else if (from == Outcome.BREACHED) {
            breached[index]--;
        }
        if (to == Outcome.MET) {
            met[index]++;
        } else if (to == Outcome.BREACHED) {
            breached[index]++;
        }
        record.outcome = to;
        revisions[index]++;
        listener.outcomeRevised(sla, record.group, from, to, flow);
    }

    private void moveOpen(int index, SlaDefinition sla, ClockRecord record, String group, ClockState to) {
        if (record.openState != null) {
            open[index][record.openState.ordinal()]--;
        }
        if (to != null) {
            open[index][to.ordinal()]++;
        }
        listener.openClockMoved(sla, record.group, record.openState, group, to);
        record.openState = to;
    }

    private Instant stopOf(SlaDefinition sla, Flow flow) {
        Join join = sla.join();
        return switch (join.kind()) {
            case SAME -> flow.earliestValid(sla.stopsOn(), sla.voidedBy());
            case LINK -> {
                ObjectRef target = flow.link(join.linkName());
                TrackedFlow targetFlow = target == null ? null : flows.get(target.key());
                yield targetFlow == null ? null : targetFlow.flow.earliestValid(sla.stopsOn(), sla.voidedBy());
            }
            case LINKED_FROM -> {
                Instant earliest = null;
                for (String linkerKey : linkedFrom.getOrDefault(flow.key(), Set.of())) {
                    TrackedFlow linker = flows.get(linkerKey);
                    ObjectRef back = linker == null ? null : linker.flow.link(join.linkName());
                    if (back != null && back.key().equals(flow.key())) {
                        Instant stop = linker.flow.earliestValid(sla.stopsOn(), sla.voidedBy());
                        if (stop != null && (earliest == null || stop.isBefore(earliest))) {
                            earliest = stop;
                        }
                    }
                }
                yield earliest;
            }
        };
    }

    /** A picture for the journal: clocks from the instants the engine already computed (calendar arithmetic is the costly part). */
    private FlowView view(TrackedFlow tracked, Instant now) {
        Flow flow = tracked.flow;
        List<SlaClock> clocks = new ArrayList<>();
        for (int i = 0; i < tracked.clocks.length; i++) {
            ClockRecord record = tracked.clocks[i];
            if (record != null && record.start != null) {
                SlaDefinition sla = catalog.get(i);
                clocks.add(sla.clock(record.start, stopOf(sla, flow), now, record.due, record.atRisk, true));
            }
        }
        return view(flow, clocks);
    }

    private FlowView view(Flow flow, Instant now) {
        List<SlaClock> clocks = new ArrayList<>();
        for (SlaDefinition sla : catalog.definitions()) {
            Instant start = sla.startsOn().anchor() == flow.anchor() ? flow.earliest(sla.startsOn()) : null;
            if (start != null) {
                clocks.add(sla.clock(start, stopOf(sla, flow), now));
            }
        }
        return view(flow, clocks);
    }

    private FlowView view(Flow flow, List<SlaClock> clocks) {
        List<String> linkers = new ArrayList<>(linkedFrom.getOrDefault(flow.key(), Set.of()));
        linkers.sort(Comparator.naturalOrder());
        return new FlowView(
                flow.key(),
                flow.anchor(),
                flow.client(),
                flow.project(),
                flow.group(),
                flow.hours(),
                flow.amount(),
                flow.links(),
                linkers,
                flow.correlationIds(),
                flow.entries(),
                clocks);
    }

    /** Marks a flow changed if the engine holds it (its list of linkers is part of its picture). */
    private void markChanged(String key) {
        TrackedFlow tracked = flows.get(key);
        if (tracked != null && tracked.owned) {
            changed.add(key);
        }
    }

    private void unlink(String targetKey, String linkerKey) {
        Set<String> linkers = linkedFrom.get(targetKey);
        if (linkers != null) {
            linkers.remove(linkerKey);
            if (linkers.isEmpty()) {
                linkedFrom.remove(targetKey);
            }
            bounds.linkers(targetKey, linkers.size());
        }
    }

    private void makeRoom() {
        if (flows.size() < maxFlows) {
            return;
        }
        Iterator<Map.Entry<String, TrackedFlow>> eldest = flows.entrySet().iterator();
        Map.Entry<String, TrackedFlow> victim = null;
        for (int i = 0; i < EVICTION_SCAN && eldest.hasNext(); i++) {
            Map.Entry<String, TrackedFlow> candidate = eldest.next();
            if (victim == null) {
                victim = candidate;
            }
            if (!candidate.getValue().hasOpenClock()) {
                victim = candidate;
                break;
            }
        }
        if (victim != null) {
            evict(victim.getValue());
        }
    }

    private void evict(TrackedFlow tracked) {
        Flow flow = tracked.flow;
        boolean hadOpen = tracked.hasOpenClock();
        for (int i = 0; i < tracked.clocks.length; i++) {
            ClockRecord record = tracked.clocks[i];
            if (record != null && record.openState != null) {
                moveOpen(i, catalog.get(i), record, record.group, null);
            }
        }
        flows.remove(flow.key());
        changed.remove(flow.key());
        bounds.forget(flow.key());
        flow.forEachLinkTarget(target -> unlink(target.key(), flow.key()));
        for (String correlationId : flow.correlationIds()) {
            aliases.remove(correlationId, flow.key());
        }
        listener.evicted(flow, hadOpen);
    }
}
