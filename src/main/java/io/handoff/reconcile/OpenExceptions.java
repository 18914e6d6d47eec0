package io.handoff.reconcile;

import io.handoff.engine.GroupLabels;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The exceptions open right now, as totals per (type, severity, group): what the metrics show. Keeps
 * one small entry per open exception, so opening the same exception twice or resolving one never
 * opened changes nothing. The group is bounded like every other group label.
 */
public final class OpenExceptions {
    /** The labels an open exception is counted under. */
    public record Labels(String type, String severity, String group) {}

    /** What is open under one set of labels. */
    public record Totals(long count, double hours, double amount) {
        public static final Totals NONE_OPEN = new Totals(0, 0, 0);

        Totals plus(Entry e, int sign) {
            return new Totals(count + sign, hours + sign * e.hours, amount + sign * e.amount);
        }
    }

    /** What happened to the count: the exception newly opened, newly resolved, or nothing new. */
    public enum Change {
        OPENED,
        RESOLVED,
        NONE
    }

    private record Entry(Labels labels, String flowKey, double hours, double amount, Instant openedAt) {}

    /** Open exceptions tracked at most; beyond, new ones are not counted (and logged once). */
    public static final int MAX_TRACKED = 500_000;

    private static final Logger LOG = Logger.getLogger(OpenExceptions.class);

    private final GroupLabels groups;
    private final int maxTracked;
    private final Map<String, Entry> open = new HashMap<>();
    private final Map<Labels, Totals> totals = new HashMap<>();
    /** Open exceptions per flow: most flows have none, and a detector asks only then about its own. */
    private final Map<String, Integer> openPerFlow = new HashMap<>();

    private boolean full;

    public OpenExceptions(int maxGroups) {
        this(maxGroups, MAX_TRACKED);
    }

    public OpenExceptions(int maxGroups, int maxTracked) {
        this.groups = new GroupLabels(maxGroups);
        this.maxTracked = maxTracked;
    }

    public synchronized Change record(ExceptionRecord exception) {
        Entry known = open.get(exception.id());
        if (exception.status() == ExceptionStatus.RESOLVED) {
            if (known == null) {
                return Change.NONE;
            }
            open.remove(exception.id());
            if (known.flowKey() != null) {
                openPerFlow.computeIfPresent(known.flowKey(), (key, count) -> count == 1 ? null : count - 1);
            }
            full = false;
            totals.merge(known.labels(), Totals.NONE_OPEN, (t, unused) -> t.plus(known, -1));
            return Change.RESOLVED;
        }
        if (known != null) {
            return Change.NONE;
        }
        if (open.size() >= maxTracked) {
            if (!full) {
                full = true;
                LOG.warn(maxTracked
                        + " open exceptions tracked: newer ones are stored but no longer counted in the metrics or notified; "
                        + "resolve or acknowledge the backlog");
            }
            return Change.NONE;
        }
        Entry entry = new Entry(
                new Labels(exception.type(), exception.severity().label(), groups.label(exception.group())),
                exception.flowKey(),
                exception.hours() == null ? 0 : exception.hours(),
                exception.amount() == null ? 0 : exception.amount(),
                exception.openedAt());
        open.put(exception.id(), entry);
        if (entry.flowKey() != null) {
            openPerFlow.merge(entry.flowKey(), 1, Integer::sum);
        }
        totals.merge(entry.labels(), Totals.NONE_OPEN.plus(entry, 1), (t, unused) -> t.plus(entry, 1));
        return Change.OPENED;
    }

    /** Totals per label set; label sets once seen stay (at zero), so their series do not vanish. */
    public synchronized Map<Labels, Totals> totals() {
        return Map.copyOf(totals);
    }

    /** What is open under one label set (none when never seen). */
    public synchronized Totals totals(Labels labels) {
        return totals.getOrDefault(labels, Totals.NONE_OPEN);
    }

    /** Whether any exception about the flow {@code flowKey} is open. */
    public synchronized boolean anyOpenAbout(String flowKey) {
        return openPerFlow.containsKey(flowKey);
    }

    public synchronized boolean isOpen(String id) {
        return open.containsKey(id);
    }

    /** When the open exception {@code id} opened; null when it is not open. */
    public synchronized Instant openedAt(String id) {
        Entry entry = open.get(id);
        return entry == null ? null : entry.openedAt();
    }

    public synchronized int size() {
        return open.size();
    }
}
