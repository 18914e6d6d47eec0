package io.handoff.store.memory;

import io.handoff.event.BusinessEvent;
import io.handoff.reconcile.ExceptionQuery;
import io.handoff.reconcile.ExceptionRecord;
import io.handoff.record.Page;
import io.handoff.sla.Outcome;
import io.handoff.slo.ClockDecision;
import io.handoff.slo.Contributor;
import io.handoff.slo.WindowTally;
import io.handoff.store.Cursor;
import io.handoff.store.FlowQuery;
import io.handoff.store.FlowRecord;
import io.handoff.store.RecoveryPlan;
import io.handoff.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The embedded default: everything in this process, bounded, gone with it. Each map keeps at most
 * {@code capacity} entries and drops the least recently written beyond that.
 */
public final class MemoryStore implements Store {
    /** Each flow's events, in the forms of {@link FlowEvents}. */
    private final Map<String, Object> eventsByFlow;

    private final Map<String, FlowRecord> flows;
    private final Map<String, ExceptionRecord> exceptions;
    private final Map<String, Instant> notices;
    private final Map<String, ClockDecision> decisions;

    public MemoryStore(int capacity) {
        this.eventsByFlow = bounded(capacity);
        this.flows = bounded(capacity);
        this.exceptions = bounded(capacity);
        this.notices = bounded(capacity);
        this.decisions = bounded(capacity);
    }

    private static <K, V> Map<K, V> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized CompletionStage<Void> append(List<BusinessEvent> events) {
        for (BusinessEvent event : events) {
            eventsByFlow.compute(event.flowKey(), (key, held) -> FlowEvents.with(held, event));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized List<BusinessEvent> eventsOf(Collection<String> flowKeys) {
        List<BusinessEvent> found = new ArrayList<>();
        for (String key : flowKeys) {
            found.addAll(FlowEvents.of(eventsByFlow.get(key)));
        }
        return found;
    }

    @Override
    public int room() {
        return Integer.MAX_VALUE;
    }

    @Override
    public synchronized void saveFlows(List<FlowRecord> records) {
        keepNewest(flows, records, FlowRecord::key, FlowRecord::version);
    }

    @Override
    public synchronized Optional<FlowRecord> flow(String key) {
        FlowRecord direct = flows.get(key);
        Optional<FlowRecord> found = direct != null
                ? Optional.of(direct)
                : flows.values().stream()
                        .filter(f -> f.correlationIds().contains(key))
                        .findFirst();
        return found.map(f -> f.withTimelineOf(FlowEvents.of(eventsByFlow.get(f.key()))));
    }

    @Override
    public synchronized Page<FlowRecord> searchFlows(FlowQuery q) {
        Predicate<FlowRecord> matches = f -> same(q.client(), f.client())
                && same(q.project(), f.project())
                && same(q.group(), f.group())
                && (q.open() == null || q.open() == f.open())
                && (q.from() == null || !f.lastEventAt().isBefore(q.from()))
                && (q.to() == null || f.firstEventAt().isBefore(q.to()))
                && ((q.sla() == null && q.state() == null)
                        || f.slas().stream().anyMatch(c -> same(q.sla(), c.sla()) && same(q.state(), c.state())));
        return page(flows.values(), matches, FlowRecord::lastEventAt, FlowRecord::key, q.size(), q.after());
    }

    @Override
    public synchronized void saveExceptions(List<ExceptionRecord> records) {
        keepNewest(exceptions, records, ExceptionRecord::id, ExceptionRecord::version);
    }

    @Override
    public synchronized void saveDecisions(List<ClockDecision> records) {
        keepNewest(decisions, records, ClockDecision::id, ClockDecision::version);
    }

    @Override
    public synchronized WindowTally tally(String sla, Instant from, Instant to) {
        WindowTally tally = WindowTally.NONE;
        for (ClockDecision decision : decisions.values()) {
            if (decision.sla().equals(sla) && decision.countsIn(from, to)) {
                tally = tally.plus(decision);
            }
        }
        return tally;
    }

    @Override
    public synchronized List<Contributor> contributors(
            String sla, Instant from, Instant to, Contributor.By by, int size) {
        Map<String, Contributor> sums = new HashMap<>();
        for (ClockDecision d : decisions.values()) {
            if (d.sla().equals(sla) && d.outcome() == Outcome.BREACHED && d.countsIn(from, to)) {
                sums.merge(
                        by.of(d),
                        new Contributor(
                                by.of(d), 1, d.hours() == null ? 0 : d.hours(), d.amount() == null ? 0 : d.amount()),
                        (a, b) -> new Contributor(
                                a.key(), a.breached() + b.breached(), a.hours() + b.hours(), a.amount() + b.amount()));
            }
        }
        return sums.values().stream()
                .sorted(Comparator.comparingLong(Contributor::breached)
                        .reversed()
                        .thenComparing(Contributor::key))
                .limit(size)
                .toList();
    }

    @Override
    public synchronized Optional<ExceptionRecord> exception(String id) {
        return Optional.ofNullable(exceptions.get(id));
    }

    @Override
    public synchronized Page<ExceptionRecord> searchExceptions(ExceptionQuery q) {
        Predicate<ExceptionRecord> matches = e -> same(q.type(), e.type())
                && (q.status() == null || q.status() == e.status())
                && same(q.client(), e.client())
                && same(q.project(), e.project())
                && same(q.group(), e.group());
        return page(exceptions.values(), matches, ExceptionRecord::openedAt, ExceptionRecord::id, q.size(), q.after());
    }

    @Override
    public synchronized boolean claimNotice(String noticeId, Instant at) {
        return notices.putIfAbsent(noticeId, at) == null;
    }

    @Override
    public synchronized RecoveryPlan recoveryPlan() {
        return RecoveryPlan.NOTHING;
    }

    @Override
    public void flush() {}

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void close() {}

    private static boolean same(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    private static <T> Page<T> page(
            Collection<T> all,
            Predicate<T> matches,
            Function<T, Instant> time,
            Function<T, String> key,
            int size,
            String after) {
        Cursor cursor = after == null ? null : Cursor.decode(after);
        List<T> hits = new ArrayList<>();
        for (T item : all) {
            if (matches.test(item)) {
                hits.add(item);
            }
        }
        hits.sort(Comparator.comparing((T item) -> Cursor.nanos(time.apply(item)))
                .reversed()
                .thenComparing(key));
        List<T> items = new ArrayList<>(size);
        for (T item : hits) {
            if (cursor == null || cursor.precedes(Cursor.nanos(time.apply(item)), key.apply(item))) {
                items.add(item);
                if (items.size() == size) {
                    break;
                }
            }
        }
        T last = items.isEmpty() ? null : items.get(items.size() - 1);
        boolean more = last != null && hits.indexOf(last) < hits.size() - 1;
        String next = more
                ? Cursor.of(time.apply(last), Objects.requireNonNull(key.apply(last)))
                        .encode()
                : null;
        return new Page<>(List.copyOf(items), hits.size(), next);
    }

    /** Keeps each record unless a newer version of it is already kept; a kept record counts as just written. */
    private static <T> void keepNewest(
            Map<String, T> kept,
            List<T> records,
            Function<T, String> id,
            java.util.function.ToLongFunction<T> version) {
        for (T record : records) {
            T stored = kept.get(id.apply(record));
            if (stored == null || version.applyAsLong(stored) < version.applyAsLong(record)) {
                kept.remove(id.apply(record));
                kept.put(id.apply(record), record);
            }
        }
    }
}
