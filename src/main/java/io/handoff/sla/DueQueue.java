package io.handoff.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Flows waiting for a point in time (at-risk or due). Taking what fell due costs
 * O(k log n) for k due entries, whatever the number of open flows. Entries are hints: the
 * owner re-evaluates the flow, so a stale entry costs one evaluation and nothing else.
 * Not thread-safe: owned by the engine thread.
 */
public final class DueQueue {
    private record Due(long atMillis, String flowKey) {}

    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> Long.compare(a.atMillis, b.atMillis));

    public void schedule(Instant at, String flowKey) {
        queue.add(new Due(ceilMillis(at), flowKey));
    }

    /** Rounded up, so an entry never falls due before its instant (event times have microseconds). */
    public static long ceilMillis(Instant at) {
        long millis = at.toEpochMilli();
        return at.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }

    /** Removes and returns the keys of every entry due at or before {@code now}, earliest first. */
    public List<String> takeDue(Instant now) {
        long nowMillis = now.toEpochMilli();
        List<String> due = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().atMillis <= nowMillis) {
            due.add(queue.poll().flowKey);
        }
        return due;
    }

    /** When the earliest entry falls due, or empty when none is waiting. */
    public Optional<Instant> next() {
        Due first = queue.peek();
        return first == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(first.atMillis));
    }

    public int size() {
        return queue.size();
    }
}
