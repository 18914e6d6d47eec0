package io.handoff.anomaly;

import java.time.Instant;

/**
 * One point of a scored business series with its anomaly score: what was measured ({@code series},
 * e.g. {@code sla_breach_ratio}), of what ({@code subject}, e.g. an SLA id), for the interval ending at
 * {@code time}.
 */
public record AnomalyPoint(String series, String subject, Instant time, double value, double score) {}
