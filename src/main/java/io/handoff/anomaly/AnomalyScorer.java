package io.handoff.anomaly;

import java.time.Instant;

/**
 * Knows how unusual each new point of one series is. Contract: points come in time order, each is
 * scored before the next is seen (streaming), the score is in [0, 1] (higher is more anomalous,
 * not a calibrated probability), and memory does not grow with the number of points.
 */
public interface AnomalyScorer {
    double score(Instant time, double value);

    /** The score with the reason for it; a scorer that gives none says only the score. */
    default Judgement judge(Instant time, double value) {
        return Judgement.scoreOnly(score(time, value), value);
    }
}
