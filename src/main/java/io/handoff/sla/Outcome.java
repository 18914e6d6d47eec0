package io.handoff.sla;

/** The recorded result of one SLA clock. A clock has at most one in force at a time. */
public enum Outcome {
    MET,
    BREACHED,
    /** No outcome in force: a clock re-opened after its stop event was voided. */
    OPEN,
    /** Decided while a maintenance window covered it, on an SLA that excludes such clocks: counts nowhere. */
    EXCLUDED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
