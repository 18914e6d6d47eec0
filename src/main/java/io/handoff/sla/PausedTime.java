package io.handoff.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Another working time with some spans taken out: maintenance windows during which a clock stands still. */
public final class PausedTime implements WorkingTime {
    private final WorkingTime base;
    /** Disjoint spans, in order: starts[i] inclusive, ends[i] exclusive. */
    private final Instant[] starts;

    private final Instant[] ends;

    public PausedTime(WorkingTime base, List<MaintenanceWindow> windows) {
        this.base = base;
        List<MaintenanceWindow> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparing(MaintenanceWindow::start));
        List<Instant> s = new ArrayList<>();
        List<Instant> e = new ArrayList<>();
        for (MaintenanceWindow w : sorted) {
            int last = e.size() - 1;
            if (last >= 0 && !w.start().isAfter(e.get(last))) {
                if (w.end().isAfter(e.get(last))) {
                    e.set(last, w.end());
                }
            } else {
                s.add(w.start());
                e.add(w.end());
            }
        }
        this.starts = s.toArray(Instant[]::new);
        this.ends = e.toArray(Instant[]::new);
    }

    @Override
    public Instant plus(Instant start, Duration amount) {
        if (amount.isNegative() || amount.isZero()) {
            return start;
        }
        Instant cursor = start;
        Duration remaining = amount;
        for (int i = 0; i < starts.length; i++) {
            if (!ends[i].isAfter(cursor)) {
                continue;
            }
            if (starts[i].isAfter(cursor)) {
                Instant reached = base.plus(cursor, remaining);
                if (!reached.isAfter(starts[i])) {
                    return reached;
                }
                remaining = remaining.minus(base.between(cursor, starts[i]));
            }
            cursor = ends[i];
        }
        return base.plus(cursor, remaining);
    }

    @Override
    public Duration between(Instant start, Instant end) {
        Duration total = base.between(start, end);
        if (total.isZero()) {
            return total;
        }
        for (int i = 0; i < starts.length && starts[i].isBefore(end); i++) {
            Instant from = starts[i].isAfter(start) ? starts[i] : start;
            Instant to = ends[i].isBefore(end) ? ends[i] : end;
            if (to.isAfter(from)) {
                total = total.minus(base.between(from, to));
            }
        }
        return total;
    }

    /** Counted time of the base working time that falls inside the spans taken out, between two instants. */
    public Duration paused(Instant start, Instant end) {
        return base.between(start, end).minus(between(start, end));
    }

    @Override
    public ZoneId zone() {
        return base.zone();
    }

    @Override
    public String toString() {
        return base + " paused " + starts.length + "x";
    }
}
