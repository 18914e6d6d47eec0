package io.handoff.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesPointsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final SeriesPoints points = new SeriesPoints(registry);

    private void received(String source, int events) {
        registry.counter("handoff.ingest.events", "source", source, "type", "invoice.posted", "result", "accepted")
                .increment(events);
        registry.counter("handoff.ingest.events", "source", source, "type", "invoice.posted", "result", "rejected")
                .increment(1000);
    }

    private void decided(String sla, String outcome, int clocks) {
        registry.counter("handoff.sla.outcomes", "sla", sla, "group", "consulting", "outcome", outcome)
                .increment(clocks);
    }

    @Test
    void eachPointIsWhatHappenedInItsIntervalNotTheRunningTotal() {
        received("odoo-prod", 40);
        decided("time-to-invoice", "met", 3);
        decided("time-to-invoice", "breached", 1);
        points.next();

        received("odoo-prod", 25);
        decided("time-to-invoice", "met", 1);
        decided("time-to-invoice", "breached", 3);
        registry.timer("handoff.sla.latency", "sla", "time-to-invoice", "group", "consulting")
                .record(Duration.ofHours(2));
        registry.timer("handoff.sla.latency", "sla", "time-to-invoice", "group", "design")
                .record(Duration.ofHours(4));
        Map<SeriesPoints.Series, Double> second = points.next();

        assertThat(second)
                .containsEntry(new SeriesPoints.Series("source_events", "odoo-prod"), 25.0)
                .containsEntry(new SeriesPoints.Series("sla_breach_ratio", "time-to-invoice"), 0.75)
                .containsEntry(new SeriesPoints.Series("sla_latency_mean", "time-to-invoice"), 3 * 3600.0);
    }

    @Test
    void anIntervalWithoutDecidedClocksHasNoRatioPointAndASilentSourceScoresZeroEvents() {
        received("odoo-prod", 40);
        decided("time-to-invoice", "met", 3);
        points.next();

        Map<SeriesPoints.Series, Double> quiet = points.next();

        assertThat(quiet)
                .containsEntry(new SeriesPoints.Series("source_events", "odoo-prod"), 0.0)
                .doesNotContainKey(new SeriesPoints.Series("sla_breach_ratio", "time-to-invoice"));
    }

    @Test
    void middlewareFailuresAreAShareOfTheMessagesSettledPerSource() {
        registry.counter(
                        "handoff.ingest.events",
                        "source",
                        "esb",
                        "type",
                        "middleware.message.delivered",
                        "result",
                        "accepted")
                .increment(10);
        points.next();
        registry.counter(
                        "handoff.ingest.events",
                        "source",
                        "esb",
                        "type",
                        "middleware.message.delivered",
                        "result",
                        "accepted")
                .increment(6);
        registry.counter(
                        "handoff.ingest.events",
                        "source",
                        "esb",
                        "type",
                        "middleware.message.failed",
                        "result",
                        "accepted")
                .increment(3);
        registry.counter(
                        "handoff.ingest.events",
                        "source",
                        "esb",
                        "type",
                        "middleware.message.deadlettered",
                        "result",
                        "accepted")
                .increment(1);

        assertThat(points.next()).containsEntry(new SeriesPoints.Series("middleware_failure_ratio", "esb"), 0.4);
    }

    @Test
    void theLatencyP90IsTheBucketBoundHoldingNineInTenOfTheIntervalsClocks() {
        Timer consulting = Timer.builder("handoff.sla.latency")
                .tags("sla", "approved-to-invoice", "group", "consulting")
                .serviceLevelObjectives(Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(16))
                .register(registry);
        Timer design = Timer.builder("handoff.sla.latency")
                .tags("sla", "approved-to-invoice", "group", "design")
                .serviceLevelObjectives(Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(16))
                .register(registry);
        for (int i = 0; i < 20; i++) {
            consulting.record(Duration.ofMinutes(30)); // an earlier interval, all fast
        }
        points.next();
        for (int i = 0; i < 8; i++) {
            consulting.record(Duration.ofMinutes(30));
        }
        design.record(Duration.ofHours(3));
        design.record(Duration.ofHours(10));

        // This interval: 8 of 10 within 1 h, 9 within 4 h: p90 is 4 h, whatever came before.
        assertThat(points.next())
                .containsEntry(new SeriesPoints.Series("sla_latency_p90", "approved-to-invoice"), 4 * 3600.0);
        // Nothing stopped since: no point.
        assertThat(points.next()).doesNotContainKey(new SeriesPoints.Series("sla_latency_p90", "approved-to-invoice"));
    }
}
