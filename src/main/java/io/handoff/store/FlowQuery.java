package io.handoff.store;

import io.handoff.record.Page;
import java.time.Instant;

/**
 * Which flows to list. Null fields do not filter. A flow matches the time range when its events
 * overlap it.
 *
 * @param sla with {@code state}: flows whose clock of this SLA is in that state; alone: flows with a clock of it
 * @param state a clock state label (on_track, at_risk, breached, met); alone: any SLA in that state
 * @param after cursor from the previous page
 */
public record FlowQuery(
        String client,
        String project,
        String group,
        String sla,
        String state,
        Boolean open,
        Instant from,
        Instant to,
        int size,
        String after) {

    public FlowQuery {
        if (size < 1 || size > Page.MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + Page.MAX_SIZE);
        }
        inRange("from", from);
        inRange("to", to);
    }

    /** What a store can search by: Elasticsearch keeps times as nanoseconds since 1970, up to 2262. */
    public static final Instant EARLIEST = Instant.EPOCH;

    public static final Instant LATEST = Instant.parse("2262-04-11T00:00:00Z");

    private static void inRange(String name, Instant t) {
        if (t != null && (t.isBefore(EARLIEST) || t.isAfter(LATEST))) {
            throw new IllegalArgumentException(name + " must lie between " + EARLIEST + " and " + LATEST);
        }
    }

    public static FlowQuery all(int size) {
        return new FlowQuery(null, null, null, null, null, null, null, null, size, null);
    }

    public FlowQuery after(String cursor) {
        return new FlowQuery(client, project, group, sla, state, open, from, to, size, cursor);
    }
}
