package io.handoff.sla;

/** Where an SLA clock stands. ON_TRACK and AT_RISK are open; MET is closed; BREACHED may be either. */
public enum ClockState {
    ON_TRACK,
    AT_RISK,
    BREACHED,
    MET;

    /** The metric label value. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
