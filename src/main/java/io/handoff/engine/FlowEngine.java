package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowBounds;
import io.handoff.correlate.FlowIndex;
import io.handoff.correlate.FlowLookup;
import io.handoff.event.BusinessEvent;
import io.handoff.event.ObjectRef;
import io.handoff.sla.Chain;
import io.handoff.sla.ChainClock;
import io.handoff.sla.ChainPart;
import io.handoff.sla.ChainReport;
import io.handoff.sla.ChainTally;
import io.handoff.sla.ClockBook;
import io.handoff.sla.ClockState;
import io.handoff.sla.Join;
import io.handoff.sla.Maintenance;
import io.handoff.sla.Outcome;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaDefinition;
import io.handoff.sla.SlaTally;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Correlates events into flows and keeps every SLA clock of every flow up to date: a coordinator of the flow index
 * ({@link FlowIndex}: flows, links, aliases, eviction), the clock books ({@link ClockBook}: evaluation, outcomes,
 * due times) and ownership ({@link Handover}).
 *
 * <p>Contract: single-threaded (one owner calls every method); events may come late, twice and in
 * any order, and the flows and clocks they produce do not depend on that order. Time only enters
 * through the {@code now} arguments. Each clock's outcome is reported once; when late or voiding
 * events change it, the change is reported as a revision. Memory is bounded by {@code maxFlows}:
 * beyond it the least recently changed flow, preferring flows without open clocks, goes to the {@link FlowSpill}
 * (or is dropped without one) and comes back when an event, a falling due or a query needs it — with the flows
 * its clocks read (the flows it links to, the flows linking to it).
 */
public final class FlowEngine {
    public enum Applied {
        ACCEPTED,
        DUPLICATE
    }

    /** How many links onward a query brings back from the spill for the chains it walks. */
    private static final int CHAIN_HOPS = 8;

    private final SlaCatalog catalog;
    private final GroupLabels groups;
    private final int maxFlows;
    private final EngineListener live;
    /** The live listener, or during {@link #restore} and {@link #own} one that only hears open-clock moves. */
    private EngineListener listener;

    private final ClockBook books;
    private final Handover handover = new Handover();
    private FlowIndex<TrackedFlow> index;
    /** Flows changed since the last {@link #drainChanged}, in order of first change. */
    private final Set<String> changed = new LinkedHashSet<>();
    /** Whether some SLA or chain reads a stop from the flow linked to, or from the flows linking to it. */
    private final boolean readsTargets;

    private final boolean readsLinkers;
    /** Where flows beyond the bound go; {@link FlowSpill#NONE} drops them. */
    private volatile FlowSpill spill = FlowSpill.NONE;
    /** Pictures of changed flows taken as they went to the spill, for the next {@link #drainChanged}. */
    private final Map<String, FlowView> changedSpilled = new LinkedHashMap<>();
    /** The chains that owned flows on disk start, as they stood when those flows left memory. */
    private final SpilledChains spilledChains = new SpilledChains();
    /** How many links a chain of the catalog crosses at most: how far back a change reaches chains on disk. */
    private final int chainLinks;
    /** A flow taken from disk and not in memory yet: held nowhere else while the index makes room for it. */
    private TrackedFlow returning;
    /** The latest time the engine was told, for pictures taken when a flow goes to the spill. */
    private Instant lastNow = Instant.EPOCH;

    public FlowEngine(SlaCatalog catalog, EngineListener listener, GroupLabels groups, int maxFlows) {
        this.catalog = catalog;
        this.live = listener;
        this.listener = listener;
        this.groups = groups;
        this.maxFlows = maxFlows;
        this.books = new ClockBook(catalog);
        this.readsTargets = !catalog.chains().isEmpty()
                || catalog.definitions().stream().anyMatch(sla -> sla.join().kind() == Join.Kind.LINK);
        this.readsLinkers =
                catalog.definitions().stream().anyMatch(sla -> sla.join().kind() == Join.Kind.LINKED_FROM);
        this.chainLinks = catalog.chains().stream()
                .mapToInt(chain -> (int) chain.stages().stream()
                        .filter(stage -> stage.join().kind() == Join.Kind.LINK)
                        .count())
                .max()
                .orElse(0);
        this.index = newIndex(FlowBounds.NONE);
    }

    /** Marks flows and link targets at their bound, for the edge to refuse more (set once, before the first event). */
    public FlowEngine bounded(FlowBounds bounds) {
        this.index = newIndex(bounds);
        return this;
    }

    /** Keeps flows beyond the bound in {@code spill} instead of dropping them (set once, before the first event). */
    public FlowEngine spilling(FlowSpill spill) {
        this.spill = spill;
        return this;
    }

    private FlowIndex<TrackedFlow> newIndex(FlowBounds bounds) {
        return new FlowIndex<>(maxFlows, bounds, TrackedFlow::hasOpenClock, this::evicted);
    }

    public Applied apply(BusinessEvent event, Instant now) {
        lastNow = now;
        try {
            if (spill.size() > 0) {
                bringBack(event.flowKey());
            }
            FlowIndex.Correlation<TrackedFlow> correlation =
                    index.add(event, flow -> new TrackedFlow(flow, handover.owns(flow.key())));
            if (correlation.duplicate()) {
                return Applied.DUPLICATE;
            }
            TrackedFlow tracked = correlation.member();
            if (tracked.owned) {
                changed.add(tracked.flow.key());
            }
            correlation.relinked().forEach(this::markChanged);
            Set<String> affected = correlation.affected();
            if (spill.size() > 0) {
                affected = new LinkedHashSet<>(affected);
                affected.addAll(spill.linkersOf(tracked.flow.key()));
                affected.forEach(index::pin); // before any comes back: one coming back must not push out another
                affected.forEach(this::bringBack);
                bringBackChainsThrough(tracked.flow.key(), correlation.relinked());
            }
            for (String affectedKey : affected) {
                TrackedFlow other = index.get(affectedKey);
                if (other != null) {
                    evaluate(other, now);
                }
            }
            handover.afterApply(tracked, event, affected, correlation.newTarget(), index, listener);
            if (tracked.owned) {
                listener.applied(event, tracked.flow, index, now);
            }
            return Applied.ACCEPTED;
        } finally {
            index.unpinAll();
        }
    }

    /**
     * Changes which flows this engine owns. Flows no longer owned keep their events as context but lose
     * their clocks (open-clock gauges move out); newly owned flows get theirs, with outcomes already decided
     * taken as reported by the previous owner, and their neighbours' owners are sent their events again
     * (which also repairs context lost in a crash). The caller stores the pictures of flows it gives up first.
     */
    public void own(Ownership next, Instant now) {
        Ownership before = handover.ownership();
        handover.ownership(next);
        listener = new OpenClocksOnly(live);
        lastNow = now;
        try {
            for (TrackedFlow tracked : new ArrayList<>(index.members())) {
                boolean owns = next.owns(tracked.flow.key());
                if (owns == tracked.owned || index.get(tracked.flow.key()) != tracked) {
                    continue; // unchanged, or gone to disk meanwhile (the loop below takes it)
                }
                tracked.owned = owns;
                if (owns) {
                    evaluate(tracked, now);
                    changed.add(tracked.flow.key());
                    Set<String> neighbours = new LinkedHashSet<>();
                    index.addNeighbours(tracked.flow, neighbours);
                    handover.taken(tracked, neighbours, live);
                } else {
                    books.release(tracked, reportsFor(tracked.flow));
                    changed.remove(tracked.flow.key());
                }
            }
            if (spill.size() > 0) {
                // Flows on disk change hands too. Given up, they stay there as context, their open clocks leaving the
                // counts; taken, they are brought back and gain their clocks (see bringBack).
                List<String> moving = spill.keys(key -> before.owns(key) != next.owns(key));
                for (String key : moving) {
                    if (next.owns(key)) {
                        continue;
                    }
                    spill.take(key).ifPresent(state -> {
                        books.releaseAside(state.clocks(), reportsFor(state.flow()));
                        spilledChains.remove(state.chains());
                        spill.keep(new FlowState(state.key(), state.anchor(), state.entries(), List.of()));
                    });
                }
                for (String key : moving) {
                    if (!next.owns(key)) {
                        continue;
                    }
                    TrackedFlow back = bringBack(key);
                    if (back != null && back.owned) {
                        changed.add(key);
                        Set<String> neighbours = new LinkedHashSet<>();
                        index.addNeighbours(back.flow, neighbours);
                        handover.taken(back, neighbours, live);
                    }
                    index.unpinAll();
                }
            }
        } finally {
            listener = live;
        }
    }

    public Ownership ownership() {
        return handover.ownership();
    }

    /** The state of one flow as plain values, for holding it elsewhere; empty when not held. */
    public Optional<FlowState> state(String key) {
        TrackedFlow tracked = index.get(key);
        return tracked == null
                ? Optional.empty()
                : Optional.of(new FlowState(key, tracked.flow.anchor(), tracked.flow.entries(), books.marks(tracked)));
    }

    /**
     * Holds a flow carried from elsewhere ({@link #state}) in place of any flow of the same key. What its previous
     * holder reported is not reported again: the open-clock counts take its open clocks in, and only what changes
     * after is told. Clocks of flows linked with it that move because of it are reported as usual. A flow this
     * engine does not own is held as context, without clocks.
     */
    public void adopt(FlowState state, Instant now) {
        Flow flow = state.flow();
        boolean owned = handover.owns(state.key());
        TrackedFlow tracked;
        listener = new OpenClocksOnly(live);
        try {
            TrackedFlow previous = index.get(state.key());
            if (previous != null) {
                books.release(previous, reportsFor(previous.flow));
            }
            tracked = new TrackedFlow(flow, owned);
            if (owned) {
                books.adopt(tracked, state.clocks(), reportsFor(flow));
            }
        } finally {
            listener = live;
        }
        Set<String> affected = index.put(tracked);
        listener = new OpenClocksOnly(live);
        try {
            if (owned) {
                changed.add(flow.key());
                evaluate(tracked, now);
            }
        } finally {
            listener = live;
        }
        for (String key : affected) {
            TrackedFlow other = index.get(key);
            if (other != null && other != tracked) {
                markChanged(key);
                evaluate(other, now);
            }
        }
    }

    /**
     * Puts these maintenance windows in force and re-evaluates every clock held: due times move, outcomes decided
     * under other windows are revised. The clocks come out as if the windows had been known from the start.
     */
    public void maintenance(Maintenance windows, Instant now) {
        books.maintenance(windows);
        for (TrackedFlow tracked : new ArrayList<>(index.members())) {
            evaluate(tracked, now);
        }
    }

    /** Lets time pass: re-evaluates only the flows whose clocks fell due. */
    public void advance(Instant now) {
        lastNow = now;
        try {
            for (String key : books.takeDue(now)) {
                TrackedFlow tracked = index.get(key);
                if (tracked == null && spill.size() > 0) {
                    tracked = bringBack(key); // its clocks fell due while it was on disk
                }
                if (tracked != null) {
                    evaluate(tracked, now);
                }
                index.unpinAll(); // many flows may fall due at once: hold only the current one's over the bound
            }
        } finally {
            index.unpinAll();
        }
        listener.tick(index, now);
    }

    /** When the earliest clock falls due (at risk or breached), for a scheduler that calls {@link #advance} then. */
    public Optional<Instant> nextDue() {
        return books.nextDue();
    }

    /** Read access to the flows, those on disk included (read, not brought back), for queries on the engine thread. */
    public FlowLookup lookup() {
        return spill.size() == 0 ? index : new WithSpilled();
    }

    /** Keys of the flows held, in memory or on disk, whose key starts with {@code prefix} (e.g. {@code account.analytic.line/}). */
    public List<String> keysStartingWith(String prefix) {
        List<String> keys = index.keysStartingWith(prefix);
        if (spill.size() > 0) {
            keys.addAll(spill.keys(key -> key.startsWith(prefix)));
        }
        return keys;
    }

    /** The index, and the spill for what it does not hold. */
    private final class WithSpilled implements FlowLookup {
        @Override
        public Optional<Flow> flow(String key) {
            Optional<Flow> held = index.flow(key);
            return held.isPresent() ? held : spill.peek(key).map(FlowState::flow);
        }

        @Override
        public Set<String> linkedFrom(String key) {
            Set<String> linkers = new LinkedHashSet<>(index.linkedFrom(key));
            linkers.addAll(spill.linkersOf(key));
            return linkers;
        }
    }

    /** The flow with this key, or the subject flow that carries this correlation id. */
    public Optional<FlowView> find(String keyOrCorrelationId, Instant now) {
        try {
            TrackedFlow tracked = index.resolve(keyOrCorrelationId);
            if (tracked == null && spill.size() > 0) {
                tracked = bringBack(keyOrCorrelationId);
                if (tracked == null) {
                    tracked =
                            spill.keyOf(keyOrCorrelationId).map(this::bringBack).orElse(null);
                }
            }
            if (tracked == null) {
                return Optional.empty();
            }
            if (spill.size() > 0) {
                bringBackChainsOf(tracked.flow);
            }
            return Optional.of(view(
                    tracked.flow, books.clocks(new Inputs(tracked.flow), now), chains(tracked.flow), tracked.owned));
        } finally {
            index.unpinAll();
        }
    }

    /**
     * Pictures of up to {@code max} flows changed since the last call, oldest change first; the rest
     * stay marked for the next call.
     */
    public List<FlowView> drainChanged(Instant now, int max) {
        List<FlowView> views = new ArrayList<>(Math.min(max, changedCount()));
        Iterator<FlowView> spilled = changedSpilled.values().iterator();
        while (spilled.hasNext() && views.size() < max) {
            views.add(spilled.next());
            spilled.remove();
        }
        Iterator<String> keys = changed.iterator();
        while (keys.hasNext() && views.size() < max) {
            TrackedFlow tracked = index.get(keys.next());
            keys.remove();
            if (tracked != null) {
                views.add(view(tracked, now));
            }
        }
        return views;
    }

    /** The open clocks of the flows on disk, read on the caller's thread (see {@link FlowSpill#openClocks}). */
    public void openClocksOnDisk(java.util.function.Consumer<SpilledClock> each) {
        spill.openClocks(each);
    }

    /** Pictures of every flow in memory with an open clock ({@link #openClocksOnDisk} has those on disk). */
    public List<FlowView> openFlows(Instant now) {
        List<FlowView> views = new ArrayList<>();
        for (TrackedFlow tracked : index.members()) {
            if (tracked.hasOpenClock()) {
                views.add(view(tracked, now));
            }
        }
        return views;
    }

    public int changedCount() {
        return changed.size() + changedSpilled.size();
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

    /**
     * Hears only how open clocks move, so gauges are rebuilt while counters are not fed twice — and flows dropped to
     * stay within the bound, which happen once whatever the occasion (a restore of more open flows than the bound is
     * exactly when clocks are dropped).
     */
    private record OpenClocksOnly(EngineListener delegate) implements EngineListener {
        @Override
        public void evicted(Flow flow, boolean hadOpenClocks) {
            delegate.evicted(flow, hadOpenClocks);
        }

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
        return books.tallies();
    }

    public int flowCount() {
        return index.size();
    }

    public int dueCount() {
        return books.dueCount();
    }

    /** Re-evaluates every clock of an owned flow; marks the flow changed when any clock's picture changed. */
    private void evaluate(TrackedFlow tracked, Instant now) {
        if (!tracked.owned) {
            return;
        }
        Flow flow = tracked.flow;
        if (spill.size() > 0) {
            if (index.get(flow.key()) != tracked) {
                return; // gone to disk while its caller held it: evaluated when it comes back
            }
            index.pin(flow.key());
            bringBackNeighboursOf(flow);
        }
        String group = groups.label(flow.group());
        if (books.evaluate(flow.key(), tracked, new Inputs(flow), group, now, reportsFor(flow))) {
            changed.add(flow.key());
        }
    }

    private void evicted(TrackedFlow tracked) {
        Flow flow = tracked.flow;
        List<ChainPart> parts = tracked.owned && !catalog.chains().isEmpty() ? chainParts(flow) : List.of();
        if (spill.keep(new FlowState(flow.key(), flow.anchor(), flow.entries(), books.marks(tracked), parts))) {
            spilledChains.add(parts);
            if (changed.remove(flow.key())) {
                changedSpilled.put(flow.key(), view(tracked, lastNow));
            }
            books.setAside(tracked);
            return;
        }
        boolean hadOpen = tracked.hasOpenClock();
        books.release(tracked, reportsFor(flow));
        changed.remove(flow.key());
        listener.evicted(flow, hadOpen);
    }

    /**
     * Brings the flow back from the spill when it is there and not in memory, held until the current operation ends;
     * null when neither holds it. Its clocks come back as marked when it left, the open ones never having left the
     * counts; a flow whose ownership changed meanwhile gains or loses its clocks as {@link #own} would have done.
     */
    private TrackedFlow bringBack(String key) {
        index.pin(key);
        TrackedFlow held = index.get(key);
        if (held != null) {
            return held;
        }
        Optional<FlowState> kept = spill.take(key);
        if (kept.isEmpty()) {
            return null;
        }
        FlowState state = kept.get();
        spilledChains.remove(state.chains());
        TrackedFlow tracked = new TrackedFlow(state.flow(), handover.owns(key));
        returning = tracked;
        try {
            index.put(tracked); // may send others to disk first: their chains may pass through this one
        } finally {
            returning = null;
        }
        books.takeBack(tracked, state.clocks());
        if (!tracked.owned && tracked.hasOpenClock()) {
            books.release(tracked, reportsFor(tracked.flow)); // given up while on disk
        } else if (tracked.owned && state.clocks().isEmpty()) {
            // Context when it left (its partition was another's), owned now: its clocks are taken on as own() does —
            // during the replay of a partition taken over, outcomes up to the checkpoint as already told.
            evaluate(tracked, lastNow);
        }
        return tracked;
    }

    /** The flows a flow's clocks read: those it links to, and those on disk that link to it. */
    private void bringBackNeighboursOf(Flow flow) {
        List<String> neighbours = new ArrayList<>();
        if (readsTargets) {
            flow.forEachLinkTarget(target -> neighbours.add(target.key()));
        }
        if (readsLinkers) {
            neighbours.addAll(index.linkedFrom(flow.key()));
            neighbours.addAll(spill.linkersOf(flow.key()));
        }
        neighbours.forEach(index::pin); // those in memory first: one coming back must not push out another
        neighbours.forEach(this::bringBack);
    }

    /**
     * Brings back the flows on disk whose chains pass through a flow that just changed (its events or links, or the
     * links of flows it relinked): what they added to the chain figures when they left would go stale. The flows
     * linking to it directly came back with the rest of the change; a chain crossing more links reaches further back.
     */
    private void bringBackChainsThrough(String key, Collection<String> relinked) {
        if (chainLinks < 2) {
            return;
        }
        Set<String> reached = new HashSet<>();
        List<String> frontier = new ArrayList<>();
        frontier.add(key);
        frontier.addAll(relinked);
        for (int hop = 0; hop < chainLinks && !frontier.isEmpty(); hop++) {
            List<String> next = new ArrayList<>();
            for (String on : frontier) {
                for (String linker : index.linkedFrom(on)) {
                    if (reached.add(linker)) {
                        next.add(linker);
                    }
                }
                for (String linker : spill.linkersOf(on)) {
                    if (reached.add(linker)) {
                        next.add(linker);
                        index.pin(linker);
                    }
                }
            }
            frontier = next;
        }
        reached.forEach(this::bringBack);
    }

    /** The flows a query's chains walk through: the links onward from the flow, a few hops deep. */
    private void bringBackChainsOf(Flow flow) {
        bringBackNeighboursOf(flow);
        Flow on = flow;
        for (int hop = 0; hop < CHAIN_HOPS && on != null; hop++) {
            List<String> targets = new ArrayList<>(2);
            on.forEachLinkTarget(target -> targets.add(target.key()));
            on = null;
            for (String target : targets) {
                TrackedFlow next = bringBack(target);
                if (next != null) {
                    bringBackNeighboursOf(next.flow);
                    on = next.flow;
                }
            }
        }
    }

    /** Marks a flow changed if the engine holds it (its list of linkers is part of its picture). */
    private void markChanged(String key) {
        TrackedFlow tracked = index.get(key);
        if (tracked != null && tracked.owned) {
            changed.add(key);
        }
    }

    /** A picture for the journal: clocks from the instants the books already computed. */
    private FlowView view(TrackedFlow tracked, Instant now) {
        return view(tracked.flow, books.clocks(tracked, now), List.of(), tracked.owned);
    }

    /** Per chain of the catalog, the report over every flow held that starts one, as of {@code now}. */
    public List<ChainReport> chainReports(Instant now) {
        return chainTallies(now).stream().map(ChainTally::report).toList();
    }

    /** Per chain of the catalog, the tally of every owned flow held that starts one, as of {@code now}. */
    public List<ChainTally> chainTallies(Instant now) {
        List<ChainTally> reports = new ArrayList<>();
        DiskReads reads = new DiskReads();
        for (Chain chain : catalog.chains()) {
            List<ChainClock> clocks = new ArrayList<>();
            for (TrackedFlow tracked : index.members()) {
                ChainClock clock = tracked.owned ? chain(chain, tracked.flow, key -> heldAnywhere(key, reads)) : null;
                if (clock != null) {
                    clocks.add(clock);
                }
            }
            // Chains of flows on disk as they stood when those left: nothing they pass through changed since.
            reports.add(ChainTally.of(chain, clocks, now).plus(spilledChains.tally(chain)));
        }
        return reports;
    }

    /**
     * The flows read from disk during one walk of every chain, the most recently used few: the lines of one invoice
     * sit side by side in memory, so their invoice on disk is read once, not once per line.
     */
    private static final class DiskReads extends LinkedHashMap<String, Optional<Flow>> {
        private static final int KEPT = 4096;

        DiskReads() {
            super(256, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<Flow>> eldest) {
            return size() > KEPT;
        }
    }

    /** What a flow adds to the figures of the chains it starts, for keeping it on disk. */
    private List<ChainPart> chainParts(Flow flow) {
        List<ChainPart> parts = new ArrayList<>();
        for (ChainClock clock : chains(flow)) {
            parts.add(ChainPart.of(clock, lastNow));
        }
        return parts;
    }

    /** The chains this flow starts, as far as they got. */
    private List<ChainClock> chains(Flow flow) {
        List<ChainClock> chains = new ArrayList<>();
        for (Chain chain : catalog.chains()) {
            ChainClock clock = chain(chain, flow, key -> heldAnywhere(key, null));
            if (clock != null) {
                chains.add(clock);
            }
        }
        return chains;
    }

    /**
     * Walks a chain from the flow that starts it: each stage on the flow the stage before stopped in, starting at
     * that stop, stopping at its own stop in force; null when the flow does not start the chain.
     */
    private ChainClock chain(Chain chain, Flow first, Function<String, Flow> held) {
        Instant start = new Inputs(first).start(chain.first());
        if (start == null) {
            return null;
        }
        List<ChainClock.Stage> stages = new ArrayList<>();
        Flow on = first;
        Instant from = start;
        for (SlaDefinition stage : chain.stages()) {
            Flow stopIn = on;
            if (stage.join().kind() == Join.Kind.LINK) {
                ObjectRef target = on.link(stage.join().linkName());
                stopIn = target == null ? null : held.apply(target.key());
            }
            Instant stop = stopIn == null ? null : stopIn.earliestValid(stage.stopsOn(), stage.voidedBy());
            stages.add(new ChainClock.Stage(stage.id(), on.key(), from, stop));
            if (stop == null) {
                return new ChainClock(chain.id(), start, null, stages);
            }
            on = stopIn;
            from = stop;
        }
        return new ChainClock(chain.id(), start, from, stages);
    }

    /**
     * The flow of {@code key} in memory, or as kept on disk (read, left there, and remembered in {@code reads} when
     * given); null when neither holds it.
     */
    private Flow heldAnywhere(String key, DiskReads reads) {
        TrackedFlow held = index.get(key);
        if (held != null) {
            return held.flow;
        }
        if (returning != null && returning.flow.key().equals(key)) {
            return returning.flow;
        }
        if (spill.size() == 0) {
            return null;
        }
        Optional<Flow> read = reads == null ? null : reads.get(key);
        if (read == null) {
            read = spill.peek(key).map(FlowState::flow);
            if (reads != null) {
                reads.put(key, read);
            }
        }
        return read.orElse(null);
    }

    private FlowView view(Flow flow, List<SlaClock> clocks, List<ChainClock> chainClocks, boolean owned) {
        List<String> linkers = new ArrayList<>(index.linkedFrom(flow.key()));
        if (spill.size() > 0) {
            linkers.addAll(spill.linkersOf(flow.key())); // on disk, still linking to it
        }
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
                clocks,
                chainClocks,
                owned);
    }

    private ClockBook.Reports reportsFor(Flow flow) {
        return new FlowReports(listener, flow);
    }

    /** The books' conclusions about one flow's clocks, told to the listener with the flow they are about. */
    private record FlowReports(EngineListener listener, Flow flow) implements ClockBook.Reports {
        @Override
        public void openClockMoved(
                SlaDefinition sla, String fromGroup, ClockState from, String toGroup, ClockState to) {
            listener.openClockMoved(sla, fromGroup, from, toGroup, to);
        }

        @Override
        public void outcome(SlaDefinition sla, String group, Outcome outcome, SlaClock clock) {
            listener.outcome(sla, group, outcome, clock, flow);
        }

        @Override
        public void outcomeRevised(SlaDefinition sla, String group, Outcome from, Outcome to) {
            listener.outcomeRevised(sla, group, from, to, flow);
        }

        @Override
        public void stopped(SlaDefinition sla, String group, SlaClock clock) {
            listener.stopped(sla, group, clock, flow);
        }

        @Override
        public void stopVoided(SlaDefinition sla, String group, Duration elapsed) {
            listener.stopVoided(sla, group, elapsed, flow);
        }

        @Override
        public void decided(SlaDefinition sla, String group, Outcome outcome, Instant at) {
            listener.decided(sla, group, outcome, at, flow);
        }
    }

    /**
     * A flow's starts and stops as the clock books need them, its neighbours' stops read from the index: the one
     * place where an SLA's join between flows is resolved.
     */
    private final class Inputs implements ClockBook.Inputs {
        private final Flow flow;

        Inputs(Flow flow) {
            this.flow = flow;
        }

        @Override
        public Instant start(SlaDefinition sla) {
            return sla.startsOn().anchor() == flow.anchor() ? flow.earliest(sla.startsOn()) : null;
        }

        @Override
        public java.util.Collection<String> sources() {
            Set<String> sources = new LinkedHashSet<>();
            for (var entry : flow.entries()) {
                sources.add(entry.source());
            }
            return sources;
        }

        @Override
        public Instant stop(SlaDefinition sla) {
            Join join = sla.join();
            return switch (join.kind()) {
                case SAME -> flow.earliestValid(sla.stopsOn(), sla.voidedBy());
                case LINK -> {
                    ObjectRef target = flow.link(join.linkName());
                    TrackedFlow targetFlow = target == null ? null : index.get(target.key());
                    yield targetFlow == null ? null : targetFlow.flow.earliestValid(sla.stopsOn(), sla.voidedBy());
                }
                case LINKED_FROM -> {
                    Instant earliest = null;
                    for (String linkerKey : index.linkedFrom(flow.key())) {
                        TrackedFlow linker = index.get(linkerKey);
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
    }
}
