/**
 * Anomaly scoring of the series Handoff produces: receives one (time, value) point at a time per
 * series, emits a score in [0, 1]; constant memory and time per point. Scored points go to the
 * {@link io.handoff.anomaly.AnomalyPoints} port, which the store implements.
 */
package io.handoff.anomaly;
