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

    /*
     * The start, due and at-risk instants as seconds and nanoseconds rather than Instant objects: an open clock holds
     * all three for weeks, and 72 bytes of objects per clock is a tenth of what a million open flows take.
     */
    private static final long NONE = Long.MIN_VALUE; // below Instant.MIN: no instant

    private long startSecond = NONE;
    private int startNano;
    private long dueSecond = NONE;
    private int dueNano;
    private long atRiskSecond = NONE;
    private int atRiskNano;

    /** The maintenance windows these instants were computed under. */
    java.util.List<MaintenanceWindow> covering;

    /** The stop last seen, so a changed stop time counts as a change even when the state stays. */
    Instant stop;

    /** The state last seen (open or closed). */
    ClockState state;

    /** The catalog index of this clock's SLA (read when a flow holds this one clock only, see FlowClocks). */
    int sla;

    /** Epoch millis of the due-queue entry already scheduled for this clock, or MIN_VALUE. */
    long scheduledAt = Long.MIN_VALUE;

    /** The start the due and at-risk instants were computed for (working-time arithmetic is the costly part). */
    Instant start() {
        return instant(startSecond, startNano);
    }

    boolean startsAt(Instant start) {
        return start == null
                ? startSecond == NONE
                : start.getEpochSecond() == startSecond && start.getNano() == startNano;
    }

    void start(Instant start) {
        startSecond = second(start);
        startNano = start == null ? 0 : start.getNano();
    }

    Instant due() {
        return instant(dueSecond, dueNano);
    }

    void due(Instant due) {
        dueSecond = second(due);
        dueNano = due == null ? 0 : due.getNano();
    }

    Instant atRisk() {
        return instant(atRiskSecond, atRiskNano);
    }

    void atRisk(Instant atRisk) {
        atRiskSecond = second(atRisk);
        atRiskNano = atRisk == null ? 0 : atRisk.getNano();
    }

    private static long second(Instant instant) {
        return instant == null ? NONE : instant.getEpochSecond();
    }

    private static Instant instant(long second, int nano) {
        return second == NONE ? null : Instant.ofEpochSecond(second, nano);
    }
}
