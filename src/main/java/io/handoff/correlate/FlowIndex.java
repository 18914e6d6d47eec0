package io.handoff.correlate;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The flows held, with what ties them together: which flows link to which (an invoice's lines), and which
 * correlation id names which subject flow. Each flow is held inside a member of the caller's type, so the
 * caller keeps its own bookkeeping beside the flow without a second map.
 *
 * <p>Memory is bounded by {@code maxFlows}: beyond it the least recently changed member is dropped, preferring one
 * the caller does not call busy among the eldest few. Not thread-safe: one owner calls every method.
 *
 * @param <M> what the caller holds per flow
 */
public final class FlowIndex<M extends FlowIndex.Member> implements FlowLookup {
    /** How far the eviction scan looks for a member that is not busy before dropping the eldest. */
    private static final int EVICTION_SCAN = 32;

    /** What the index holds per flow: the flow, and whatever the caller keeps beside it. */
    public interface Member {
        Flow flow();
    }

    /**
     * What adding one event did.
     *
     * @param member the flow's member (new or refreshed)
     * @param duplicate the flow already held the event; nothing else changed
     * @param affected the flow itself, a target it stopped linking to, and every flow linked with it now: the flows
     *     whose clocks may have moved
     * @param relinked targets whose set of linkers changed, in the order they changed
     * @param newTarget the target the flow started linking to, or null
     */
    public record Correlation<M>(
            M member, boolean duplicate, Set<String> affected, List<String> relinked, String newTarget) {}

    private final int maxFlows;
    private final FlowBounds bounds;
    private final Predicate<M> busy;
    private final Consumer<M> evicted;

    /**
     * Flows whose table is made up front. Growing a map of flows rehashes all of them at once, on the engine thread:
     * at 400,000 flows tens of milliseconds during which every accepted event waits. Up to this many (a table of
     * 16 MB) the table is made once for the bound; beyond, it grows as needed.
     */
    static final int PRESIZED_UP_TO = 2_000_000;

    /** Insertion order is refreshed on every change, so the eldest entry is the least recently changed. */
    private final LinkedHashMap<String, M> members;
    /** Target flow key to the keys of flows whose links point at it. */
    private final Map<String, Set<String>> linkedFrom = new HashMap<>();
    /** Correlation id to the key of the subject flow that carries it. */
    private final Map<String, String> aliases = new HashMap<>();
    /** Members not to drop while the caller works on them (see {@link #pin}). */
    private final Set<String> pinned = new HashSet<>();

    /**
     * @param busy members to keep rather than evict when another among the eldest will do (open clocks, say)
     * @param evicted told of each member dropped to make room, after the index forgot it
     */
    public FlowIndex(int maxFlows, FlowBounds bounds, Predicate<M> busy, Consumer<M> evicted) {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("an index holds at least one flow, not " + maxFlows);
        }
        this.maxFlows = maxFlows;
        this.members = new LinkedHashMap<>(tableFor(Math.min(maxFlows, PRESIZED_UP_TO)));
        this.bounds = bounds;
        this.busy = busy;
        this.evicted = evicted;
    }

    /** The initial capacity at which a hash map holds {@code entries} without growing (load factor 0.75). */
    static int tableFor(int entries) {
        return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(entries / 0.75d) + 1);
    }

    /** Adds the event to its flow (made by {@code create} when new), and follows the links it sets or clears. */
    public Correlation<M> add(BusinessEvent event, Function<Flow, M> create) {
        String key = event.flowKey();
        M member = members.remove(key);
        if (member == null) {
            makeRoom();
            member = create.apply(new Flow(key, event.type().anchor()));
        }
        members.put(key, member);
        Flow flow = member.flow();

        String linkName = event.type().linkName();
        ObjectRef linkBefore = linkName == null ? null : flow.link(linkName);
        if (!flow.add(event)) {
            return new Correlation<>(member, true, Set.of(), List.of(), null);
        }
        bounds.flowSize(key, flow.size());
        if (event.correlationId() != null && event.type().anchor() == EventType.Anchor.SUBJECT) {
            aliases.put(event.correlationId(), key);
        }

        Set<String> affected = new LinkedHashSet<>();
        affected.add(key);
        List<String> relinked = List.of();
        String newTarget = null;
        if (linkName != null) {
            relinked = new ArrayList<>(2);
            ObjectRef linkAfter = flow.link(linkName);
            if (linkBefore != null && !linkBefore.equals(linkAfter)) {
                unlink(linkBefore.key(), key);
                affected.add(linkBefore.key());
                relinked.add(linkBefore.key());
            }
            if (linkAfter != null
                    && linkedFrom
                            .computeIfAbsent(linkAfter.key(), k -> new HashSet<>(4))
                            .add(key)) {
                bounds.linkers(linkAfter.key(), linkedFrom.get(linkAfter.key()).size());
                relinked.add(linkAfter.key());
                newTarget = linkAfter.key();
            }
        }
        addNeighbours(flow, affected);
        return new Correlation<>(member, false, affected, relinked, newTarget);
    }

    /**
     * Holds a whole flow brought from elsewhere (in place of any flow of the same key), with its links and
     * correlation ids.
     *
     * @return the flow's key and every flow linked with it now: the flows whose clocks may have moved
     */
    public Set<String> put(M member) {
        Flow flow = member.flow();
        M previous = members.remove(flow.key());
        if (previous != null) {
            forget(previous);
        } else {
            makeRoom();
        }
        members.put(flow.key(), member);
        bounds.flowSize(flow.key(), flow.size());
        if (flow.anchor() == EventType.Anchor.SUBJECT) {
            flow.correlationIds().forEach(id -> aliases.put(id, flow.key()));
        }
        flow.forEachLinkTarget(target -> {
            Set<String> linkers = linkedFrom.computeIfAbsent(target.key(), k -> new HashSet<>(4));
            linkers.add(flow.key());
            bounds.linkers(target.key(), linkers.size());
        });
        Set<String> affected = new LinkedHashSet<>();
        affected.add(flow.key());
        addNeighbours(flow, affected);
        return affected;
    }

    /** Adds the keys of the flows this flow links to and of those that link to it. */
    public void addNeighbours(Flow flow, Set<String> keys) {
        keys.addAll(linkedFrom.getOrDefault(flow.key(), Set.of()));
        flow.forEachLinkTarget(target -> keys.add(target.key()));
    }

    public M get(String key) {
        return members.get(key);
    }

    /** The member with this key, or the subject flow's member that carries this correlation id. */
    public M resolve(String keyOrCorrelationId) {
        M member = members.get(keyOrCorrelationId);
        if (member == null && aliases.containsKey(keyOrCorrelationId)) {
            member = members.get(aliases.get(keyOrCorrelationId));
        }
        return member;
    }

    @Override
    public Optional<Flow> flow(String key) {
        M member = members.get(key);
        return member == null ? Optional.empty() : Optional.of(member.flow());
    }

    @Override
    public Set<String> linkedFrom(String key) {
        return Collections.unmodifiableSet(linkedFrom.getOrDefault(key, Set.of()));
    }

    /** Keys of the flows held whose key starts with {@code prefix} (e.g. {@code account.analytic.line/}). */
    public List<String> keysStartingWith(String prefix) {
        List<String> keys = new ArrayList<>();
        for (String key : members.keySet()) {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Every member, least recently changed first; read-only. */
    public Collection<M> members() {
        return Collections.unmodifiableCollection(members.values());
    }

    public int size() {
        return members.size();
    }

    /**
     * Keeps the flow from being dropped until {@link #unpinAll}: a caller working on several flows at once (an event's
     * flow and the neighbours its clocks read) needs them all held, even beyond the bound for a moment.
     */
    public void pin(String key) {
        pinned.add(key);
    }

    public void unpinAll() {
        pinned.clear();
    }

    private void makeRoom() {
        while (members.size() >= maxFlows) {
            M victim = victim();
            if (victim == null) {
                return; // every candidate pinned: over the bound until the next flow is added
            }
            forget(victim);
            evicted.accept(victim);
        }
    }

    /** The eldest member not busy among the eldest few, else the eldest; never a pinned one. */
    private M victim() {
        Iterator<M> eldest = members.values().iterator();
        M victim = null;
        for (int i = 0; i < EVICTION_SCAN && eldest.hasNext(); ) {
            M candidate = eldest.next();
            if (pinned.contains(candidate.flow().key())) {
                continue;
            }
            i++;
            if (victim == null) {
                victim = candidate;
            }
            if (!busy.test(candidate)) {
                return candidate;
            }
        }
        return victim;
    }

    private void forget(M member) {
        Flow flow = member.flow();
        members.remove(flow.key());
        bounds.forget(flow.key());
        flow.forEachLinkTarget(target -> unlink(target.key(), flow.key()));
        for (String correlationId : flow.correlationIds()) {
            aliases.remove(correlationId, flow.key());
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
}
