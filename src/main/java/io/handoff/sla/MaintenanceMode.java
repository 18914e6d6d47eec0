package io.handoff.sla;

import java.util.Locale;
import java.util.Optional;

/** What a maintenance window does to the clocks of an SLA it covers. */
public enum MaintenanceMode {
    /** Time inside the window does not count: the clock stands still and its due time moves out by as much. */
    PAUSE,
    /**
     * The clock runs as usual, but if it was still undecided when the window began (or started inside it), its
     * outcome is excluded: it counts neither as met nor as breached.
     */
    EXCLUDE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MaintenanceMode> of(String label) {
        for (MaintenanceMode mode : values()) {
            if (mode.label().equals(label)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
