package io.handoff.sla;

import io.handoff.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One SLA as declared by operators: the clock starts at the earliest {@code startsOn} event of a
 * flow and stops at the earliest {@code stopsOn} event found through {@code join} that no later
 * {@code voidedBy} event cancelled.
 *
 * @param id name, used as the {@code sla} metric label
 * @param target allowed duration, counted in {@code workingTime}
 * @param objective share of clocks that must meet the target, e.g. 0.95
 * @param atRiskRatio share of the target after which an open clock is at risk
 * @param windows what compliance is judged over: rolling and/or calendar periods in the working time's zone
 * @param minDecided fewest clocks decided in a burn-rate alert's long window for it to fire (0: no low-traffic guard)
 * @param maintenance what a maintenance window covering one of its clocks does: pause it or exclude its outcome
 */
public record SlaDefinition(
        String id,
        String description,
        EventType startsOn,
        EventType stopsOn,
        Join join,
        EventType voidedBy,
        Duration target,
        WorkingTime workingTime,
        double objective,
        double atRiskRatio,
        int minDecided,
        List<ComplianceWindow> windows,
        MaintenanceMode maintenance) {

    /** An SLA whose clocks pause during maintenance. */
    public SlaDefinition(
            String id,
            String description,
            EventType startsOn,
            EventType stopsOn,
            Join join,
            EventType voidedBy,
            Duration target,
            WorkingTime workingTime,
            double objective,
            double atRiskRatio,
            int minDecided,
            List<ComplianceWindow> windows) {
        this(
                id,
                description,
                startsOn,
                stopsOn,
                join,
                voidedBy,
                target,
                workingTime,
                objective,
                atRiskRatio,
                minDecided,
                windows,
                MaintenanceMode.PAUSE);
    }

    /** Fewest clocks decided in a burn-rate alert's long window for it to fire, unless configured otherwise. */
    public static final int DEFAULT_MIN_DECIDED = 10;

    /** An SLA with the default low-traffic guard. */
    public SlaDefinition(
            String id,
            String description,
            EventType startsOn,
            EventType stopsOn,
            Join join,
            EventType voidedBy,
            Duration target,
            WorkingTime workingTime,
            double objective,
            double atRiskRatio) {
        this(
                id,
                description,
                startsOn,
                stopsOn,
                join,
                voidedBy,
                target,
                workingTime,
                objective,
                atRiskRatio,
                DEFAULT_MIN_DECIDED);
    }

    /** An SLA judged over the default window, the last 28 days. */
    public SlaDefinition(
            String id,
            String description,
            EventType startsOn,
            EventType stopsOn,
            Join join,
            EventType voidedBy,
            Duration target,
            WorkingTime workingTime,
            double objective,
            double atRiskRatio,
            int minDecided) {
        this(
                id,
                description,
                startsOn,
                stopsOn,
                join,
                voidedBy,
                target,
                workingTime,
                objective,
                atRiskRatio,
                minDecided,
                List.of(DEFAULT_WINDOW));
    }

    /** The compliance window unless configured otherwise: the last 28 days, as Sloth and Pyrra default to. */
    public static final ComplianceWindow DEFAULT_WINDOW = new ComplianceWindow.Rolling(Duration.ofDays(28));

    public SlaDefinition {
        Objects.requireNonNull(id);
        Objects.requireNonNull(startsOn);
        Objects.requireNonNull(stopsOn);
        Objects.requireNonNull(join);
        Objects.requireNonNull(workingTime);
        Objects.requireNonNull(maintenance);
        if (target.isNegative() || target.isZero()) {
            throw new IllegalArgumentException("sla " + id + ": target must be positive");
        }
        if (!(objective > 0 && objective < 1)) {
            throw new IllegalArgumentException("sla " + id + ": objective must be between 0 and 1, exclusive");
        }
        if (!(atRiskRatio > 0 && atRiskRatio < 1)) {
            throw new IllegalArgumentException("sla " + id + ": at-risk ratio must be between 0 and 1, exclusive");
        }
        windows = List.copyOf(windows);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("sla " + id + ": at least one compliance window is needed");
        }
        if (windows.stream().map(ComplianceWindow::name).distinct().count() != windows.size()) {
            throw new IllegalArgumentException("sla " + id + ": each compliance window once");
        }
        if (minDecided < 0) {
            throw new IllegalArgumentException("sla " + id + ": min-decided must be 0 (no guard) or more");
        }
    }

    /** The target as a lead says it: "40 business hours" on a business calendar, "2 minutes", "30 days". */
    public String targetInWords() {
        String unit = workingTime instanceof BusinessCalendar ? "business " : "";
        long seconds = target.toSeconds();
        if (seconds % 86_400 == 0 && unit.isEmpty()) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, unit + "hour");
        }
        if (seconds % 60 == 0) {
            return plural(seconds / 60, unit + "minute");
        }
        return plural(seconds, unit + "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** When a clock started at {@code start} becomes at risk and when it is due. */
    public WorkingTime.Deadlines deadlines(Instant start) {
        return workingTime.deadlines(start, atRiskAfter(), target);
    }

    /** Counted time after which an open clock is at risk. */
    public Duration atRiskAfter() {
        return Duration.ofMillis((long) (target.toMillis() * atRiskRatio));
    }

    /** This SLA with its time counted otherwise (maintenance windows taken out). */
    public SlaDefinition countedIn(WorkingTime time) {
        return time == workingTime
                ? this
                : new SlaDefinition(
                        id,
                        description,
                        startsOn,
                        stopsOn,
                        join,
                        voidedBy,
                        target,
                        time,
                        objective,
                        atRiskRatio,
                        minDecided,
                        windows,
                        maintenance);
    }

    /** The clock of a flow whose start and stop (null while open) are known, as seen at {@code now}. */
    public SlaClock clock(Instant start, Instant stop, Instant now) {
        WorkingTime.Deadlines deadlines = deadlines(start);
        return clock(start, stop, now, deadlines.due(), deadlines.atRisk(), true);
    }

    /**
     * The same, with due and at-risk instants already computed for this start. Counting the
     * elapsed working time of an open clock is skipped unless asked for (it is only shown, never
     * decided on), which keeps the engine's hot path cheap.
     */
    public SlaClock clock(
            Instant start, Instant stop, Instant now, Instant due, Instant atRisk, boolean elapsedWhileOpen) {
        if (stop != null) {
            Duration elapsed = workingTime.between(start, stop);
            return new SlaClock(
                    id,
                    start,
                    atRisk,
                    due,
                    stop,
                    elapsed.compareTo(target) <= 0 ? ClockState.MET : ClockState.BREACHED,
                    elapsed);
        }
        ClockState state = !now.isBefore(due)
                ? ClockState.BREACHED
                : !now.isBefore(atRisk) ? ClockState.AT_RISK : ClockState.ON_TRACK;
        return new SlaClock(
                id, start, atRisk, due, null, state, elapsedWhileOpen ? workingTime.between(start, now) : null);
    }
}
