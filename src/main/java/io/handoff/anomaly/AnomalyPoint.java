package io.handoff.anomaly;

import java.time.Instant;

/**
 * One point of a scored business series with its anomaly score: what was measured ({@code series},
 * e.g. {@code sla_breach_ratio}), of what ({@code subject}, e.g. an SLA id), for the interval ending at
 * {@code time}; the signal that decided the score and the one line saying why ({@link Judgement#explanation()}).
 */
public record AnomalyPoint(
        String series, String subject, Instant time, double value, double score, String signal, String explanation) {

    /** A point without a reason given. */
    public AnomalyPoint(String series, String subject, Instant time, double value, double score) {
        this(series, subject, time, value, score, "", "");
    }

    static AnomalyPoint of(String series, String subject, Instant time, Judgement judgement) {
        return new AnomalyPoint(
                series,
                subject,
                time,
                judgement.value(),
                judgement.score(),
                judgement.signal().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                judgement.explanation());
    }
}
