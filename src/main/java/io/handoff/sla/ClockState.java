package io.handoff.sla;

/**
 * Where an SLA clock stands. ON_TRACK and AT_RISK are open; MET is closed; BREACHED may be either; EXCLUDED (a
 * maintenance window took its outcome out of the count) is decided, whether or not its stop came.
 */
public enum ClockState {
    ON_TRACK,
    AT_RISK,
    BREACHED,
    MET,
    EXCLUDED;

    /** The metric label value. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
