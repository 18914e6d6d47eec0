package io.handoff.anomaly;

import java.time.Duration;

/**
 * Past points of a series for its scorer to learn from before its first live point, when nothing was learned
 * before: the demo's simulated weeks, so that a first look at the demo shows scores, not a warm-up.
 */
public interface History {
    /** How far apart the past points lie. */
    Duration step();

    /**
     * The values before a series' first live point {@code first}, oldest first, ending one {@link #step} before it;
     * empty when there are none for this series.
     */
    double[] before(String series, String subject, double first);
}
