package io.handoff.anomaly;

import java.util.List;

/** Where scored series points are kept, for looking back at what was anomalous and why. */
public interface AnomalyPoints {
    /**
     * Keeps scored series points, once each (same series, subject and time: kept once). Asynchronous. The embedded
     * store keeps none: the {@code handoff_anomaly_score} gauges are the live view, Prometheus the history.
     */
    default void saveAnomalyPoints(List<AnomalyPoint> points) {}
}
