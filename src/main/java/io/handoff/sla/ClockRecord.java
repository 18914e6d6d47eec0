package io.handoff.sla;

import java.time.Duration;
import java.time.Instant;

/** What has already been reported about one clock, so that each thing is told once. */
final class ClockRecord {
    /** State counted in the open-clock gauges, or null when not counted there. */
    ClockState openState;

    String group;

    /** Outcome in force, or null before the first one. */
    Outcome outcome;

    /**
     * The latency and group the stop last seen ({@link #stop}, observed when told as stopped) was observed with, so
     * voiding it takes back exactly that observation; null while no stop is in force.
     */
    Duration observedElapsed;

    String observedGroup;

    /** When the outcome in force was decided, as last told (see {@link ClockBook.Reports#decided}). */
    Instant decidedAt;

    /** The start these instants were computed for: working-time arithmetic is the costly part. */
    Instant start;

    /** The maintenance windows these instants were computed under. */
    java.util.List<MaintenanceWindow> covering;

    Instant due;
    Instant atRisk;

    /** The stop last seen, so a changed stop time counts as a change even when the state stays. */
    Instant stop;

    /** The state last seen (open or closed). */
    ClockState state;

    /** Epoch millis of the due-queue entry already scheduled for this clock, or MIN_VALUE. */
    long scheduledAt = Long.MIN_VALUE;
}
