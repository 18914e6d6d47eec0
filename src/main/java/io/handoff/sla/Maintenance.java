package io.handoff.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The maintenance windows in force, as clocks feel them: which windows cover a clock, the time it counts in (paused
 * through them) and whether its outcome is excluded. A pure function of the windows and the clock, so the clocks do
 * not depend on whether a window was declared before or after the events it covers.
 */
public final class Maintenance {
    public static final Maintenance NONE = new Maintenance(List.of());

    private final List<MaintenanceWindow> windows;

    public Maintenance(List<MaintenanceWindow> windows) {
        this.windows = List.copyOf(windows);
    }

    public List<MaintenanceWindow> windows() {
        return windows;
    }

    /**
     * The windows covering this SLA's clock started at {@code start} and stopped at {@code stop} (null while it runs)
     * on a flow whose events came from {@code sources} (asked only if needed). Windows that end before the start, or
     * begin after the stop, cannot touch the clock and are left out: a new window in another month re-times nothing.
     */
    public List<MaintenanceWindow> covering(
            SlaDefinition sla, Supplier<Collection<String>> sources, Instant start, Instant stop) {
        if (windows.isEmpty()) {
            return List.of();
        }
        List<MaintenanceWindow> covering = null;
        Collection<String> flowSources = null;
        for (MaintenanceWindow w : windows) {
            if (!w.end().isAfter(start) || (stop != null && !w.start().isBefore(stop)) || !w.names(sla)) {
                continue;
            }
            if (w.source() != null && flowSources == null) {
                flowSources = sources.get();
            }
            if (w.covers(sla, flowSources == null ? List.of() : flowSources)) {
                if (covering == null) {
                    covering = new ArrayList<>(2);
                }
                covering.add(w);
            }
        }
        return covering == null ? List.of() : covering;
    }

    /** The SLA as its clock counts time under these windows: paused through them, or as declared. */
    public static SlaDefinition counted(SlaDefinition sla, List<MaintenanceWindow> covering) {
        return covering.isEmpty() || sla.maintenance() != MaintenanceMode.PAUSE
                ? sla
                : sla.countedIn(new PausedTime(sla.workingTime(), covering));
    }

    /**
     * The clock as maintenance leaves it: marked with the window that paused it, or, on an SLA that excludes, decided
     * as {@link ClockState#EXCLUDED} when a window overlapped it before its decision (its stop, or its due time if
     * that came first).
     */
    public static SlaClock judged(SlaDefinition sla, SlaClock clock, List<MaintenanceWindow> covering, Instant now) {
        if (covering.isEmpty()) {
            return clock;
        }
        Instant decided = clock.stop() != null && clock.stop().isBefore(clock.due()) ? clock.stop() : clock.due();
        if (sla.maintenance() == MaintenanceMode.EXCLUDE) {
            boolean isDecided = clock.stop() != null || !now.isBefore(clock.due());
            if (!isDecided) {
                return clock;
            }
            for (MaintenanceWindow w : covering) {
                if (w.overlaps(clock.start(), decided)) {
                    return clock.during(w.id(), ClockState.EXCLUDED);
                }
            }
            return clock;
        }
        Instant end = clock.stop() != null ? clock.stop() : clock.due();
        for (MaintenanceWindow w : covering) {
            if (w.overlaps(clock.start(), end)) {
                return clock.during(w.id(), clock.state());
            }
        }
        return clock;
    }
}
