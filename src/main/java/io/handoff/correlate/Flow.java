package io.handoff.correlate;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventFacts;
import io.handoff.event.EventType;
import io.handoff.event.ObjectRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The events of one business object (or one correlation id), kept in event-time order.
 *
 * <p>Everything a flow reports is derived from that ordered set, never from the order in which
 * events arrived: the same events in any arrival order give the same flow. Adding an event that
 * is already there (same source and id) changes nothing. Not thread-safe: one owner mutates it.
 */
public final class Flow {
    private static final FlowEntry[] NONE = new FlowEntry[0];

    private final String key;
    private final EventType.Anchor anchor;
    /*
     * The entries in time order: one FlowEntry itself, or an array of them. Most open flows hold one event (a line
     * approved, waiting for its invoice): an array around it is 24 bytes and an object more per flow. Read once per
     * access (a local), so each access sees one form.
     */
    private Object entries = NONE;

    public Flow(String key, EventType.Anchor anchor) {
        this.key = key;
        this.anchor = anchor;
    }

    /** A flow holding these entries (in any order), as carried from elsewhere by {@link #entries()}. */
    public static Flow of(String key, EventType.Anchor anchor, List<FlowEntry> entries) {
        Flow flow = new Flow(key, anchor);
        FlowEntry[] sorted = entries.toArray(FlowEntry[]::new);
        Arrays.sort(sorted, FlowEntry.ORDER);
        flow.entries = sorted.length == 0 ? NONE : sorted.length == 1 ? sorted[0] : sorted;
        return flow;
    }

    public String key() {
        return key;
    }

    public EventType.Anchor anchor() {
        return anchor;
    }

    /** Adds the event in time order; false when the flow already holds it. */
    public boolean add(BusinessEvent event) {
        int size = size();
        for (int i = 0; i < size; i++) {
            if (at(i).sameEventAs(event)) {
                return false;
            }
        }
        FlowEntry entry = FlowEntry.of(event);
        if (size == 0) {
            entries = entry;
            return true;
        }
        Object held = entries;
        if (held instanceof FlowEntry one) {
            entries = FlowEntry.ORDER.compare(entry, one) < 0
                    ? new FlowEntry[] {entry, one}
                    : new FlowEntry[] {one, entry};
            return true;
        }
        FlowEntry[] all = (FlowEntry[]) held;
        int at = Arrays.binarySearch(all, entry, FlowEntry.ORDER);
        int insertion = at < 0 ? -at - 1 : at;
        FlowEntry[] grown = new FlowEntry[size + 1];
        System.arraycopy(all, 0, grown, 0, insertion);
        grown[insertion] = entry;
        System.arraycopy(all, insertion, grown, insertion + 1, size - insertion);
        entries = grown;
        return true;
    }

    /** The events in time order; a read-only view, no copy: the array is replaced, never changed, when an event is added. */
    public List<FlowEntry> entries() {
        Object held = entries;
        return held instanceof FlowEntry one
                ? Collections.singletonList(one)
                : Collections.unmodifiableList(Arrays.asList((FlowEntry[]) held));
    }

    public int size() {
        Object held = entries;
        return held instanceof FlowEntry ? 1 : ((FlowEntry[]) held).length;
    }

    private FlowEntry at(int i) {
        Object held = entries;
        return held instanceof FlowEntry one ? one : ((FlowEntry[]) held)[i];
    }

    public boolean has(EventType type) {
        return earliest(type) != null;
    }

    /** Time of the earliest event of this type, or null. */
    public Instant earliest(EventType type) {
        for (int i = 0, size = size(); i < size; i++) {
            if (at(i).type() == type) {
                return at(i).time();
            }
        }
        return null;
    }

    /** Time of the latest event of this type, or null. */
    public Instant latest(EventType type) {
        for (int i = size() - 1; i >= 0; i--) {
            if (at(i).type() == type) {
                return at(i).time();
            }
        }
        return null;
    }

    /**
     * The earliest {@code stop} event that no {@code voidedBy} event at or after it cancelled; null
     * when there is none. Example: an invoice posted, cancelled, then posted again stops at the
     * second posting.
     */
    public Instant earliestValid(EventType stop, EventType voidedBy) {
        Instant voidedUntil = voidedBy == null ? null : latest(voidedBy);
        for (int i = 0, size = size(); i < size; i++) {
            FlowEntry entry = at(i);
            if (entry.type() == stop && (voidedUntil == null || entry.time().isAfter(voidedUntil))) {
                return entry.time();
            }
        }
        return null;
    }

    /** The object this flow links to by {@code name} in its latest setting or clearing event; null when cleared or never set. */
    public ObjectRef link(String name) {
        for (int i = size() - 1; i >= 0; i--) {
            EventType type = at(i).type();
            if (name.equals(type.linkName())) {
                return type.linkEffect() == EventType.LinkEffect.SET
                        ? at(i).facts().link()
                        : null;
            }
        }
        return null;
    }

    /** Calls {@code action} with the target of every link in force; allocates nothing when the flow has no links. */
    public void forEachLinkTarget(java.util.function.Consumer<ObjectRef> action) {
        String seen = null;
        for (int i = 0, size = size(); i < size; i++) {
            String name = at(i).type().linkName();
            if (name == null || name.equals(seen)) {
                continue;
            }
            if (seen != null) {
                links().values().forEach(action); // more than one link name: rare, take the general path
                return;
            }
            seen = name;
        }
        if (seen != null) {
            ObjectRef target = link(seen);
            if (target != null) {
                action.accept(target);
            }
        }
    }

    /** Every link currently in force, by name. */
    public Map<String, ObjectRef> links() {
        Map<String, ObjectRef> links = new TreeMap<>();
        for (int i = 0, size = size(); i < size; i++) {
            String name = at(i).type().linkName();
            if (name != null && !links.containsKey(name)) {
                ObjectRef target = link(name);
                links.put(name, target);
            }
        }
        links.values().removeIf(v -> v == null);
        return links;
    }

    public String client() {
        return latestFact(EventFacts::client);
    }

    public String project() {
        return latestFact(EventFacts::project);
    }

    public String group() {
        return latestFact(EventFacts::group);
    }

    public Double hours() {
        return latestFact(EventFacts::hours);
    }

    public Double amount() {
        return latestFact(EventFacts::amount);
    }

    /** Correlation ids carried by this flow's events, for looking the flow up by them. */
    public List<String> correlationIds() {
        List<String> ids = null;
        for (int i = 0, size = size(); i < size; i++) {
            String id = at(i).correlationId();
            if (id != null && !id.equals(key) && (ids == null || !ids.contains(id))) {
                if (ids == null) {
                    ids = new ArrayList<>(2);
                }
                ids.add(id);
            }
        }
        return ids == null ? List.of() : Collections.unmodifiableList(ids);
    }

    /** The value in the latest event (by event time) that has one: later snapshots win. */
    private <T> T latestFact(Function<EventFacts, T> fact) {
        for (int i = size() - 1; i >= 0; i--) {
            T value = fact.apply(at(i).facts());
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
