package io.handoff.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where one flow's chain stands: the stages reached so far, each with the flow it ran on and its start and stop in
 * wall-clock time (what the chain's clients wait through, whatever each stage's working time).
 *
 * @param stop when the last stage stopped; null while the chain runs
 */
public record ChainClock(String chain, Instant start, Instant stop, List<Stage> stages) {
    /** One stage: on {@code flowKey}, from {@code start} to {@code stop} (null while it runs). */
    public record Stage(String sla, String flowKey, Instant start, Instant stop) {
        public Duration elapsed(Instant now) {
            Instant end = stop != null ? stop : now;
            return end.isAfter(start) ? Duration.between(start, end) : Duration.ZERO;
        }
    }

    public ChainClock {
        stages = List.copyOf(stages);
    }

    public boolean complete() {
        return stop != null;
    }

    /** Start to stop, or to now while it runs. */
    public Duration elapsed(Instant now) {
        Instant end = stop != null ? stop : now;
        return end.isAfter(start) ? Duration.between(start, end) : Duration.ZERO;
    }
}
