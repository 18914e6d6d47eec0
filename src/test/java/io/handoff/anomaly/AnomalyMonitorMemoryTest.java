package io.handoff.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live monitor keeps what its scorers learned after every point: a monitor started again on the same directory
 * (a restart) scores its series' next points exactly as the one before would have, with no second warm-up.
 */
class AnomalyMonitorMemoryTest {
    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T00:00:00Z"));

    private AnomalyMonitor monitor(MeterRegistry registry, List<AnomalyPoint> kept, Optional<String> stateDir) {
        return monitor(registry, kept, stateDir, null);
    }

    private AnomalyMonitor monitor(
            MeterRegistry registry, List<AnomalyPoint> kept, Optional<String> stateDir, History history) {
        AnomalyConfig config = new AnomalyConfig() {
            public boolean enabled() {
                return true;
            }

            public Duration interval() {
                return Duration.ofMinutes(1);
            }

            public Optional<String> stateDir() {
                return stateDir;
            }
        };
        AnomalyPoints store = new AnomalyPoints() {
            @Override
            public void saveAnomalyPoints(List<AnomalyPoint> points) {
                kept.addAll(points);
            }
        };
        return new AnomalyMonitor(registry, now::get, config, store, new ObjectMapper(), history);
    }

    private static Counter events(MeterRegistry registry) {
        return Counter.builder("handoff.ingest.events")
                .tags("source", "esb", "type", "middleware.message.received", "result", "accepted")
                .register(registry);
    }

    /** Scores {@code minutes} points of a steady source with noise, from where {@code random} is. */
    private void run(AnomalyMonitor monitor, Counter events, Random random, int minutes) {
        for (int i = 0; i < minutes; i++) {
            events.increment(100 + random.nextInt(20));
            now.set(now.get().plusSeconds(60));
            monitor.sample();
        }
    }

    @Test
    void aRestartedMonitorScoresOnAsIfItHadNeverStopped() {
        // One run without a stop.
        SimpleMeterRegistry straight = new SimpleMeterRegistry();
        List<AnomalyPoint> uninterrupted = new ArrayList<>();
        AnomalyMonitor once = monitor(straight, uninterrupted, Optional.empty());
        run(once, events(straight), new Random(7), 400);

        // The same points, stopped after 250: a new registry (counters start again) and a new monitor.
        now.set(Instant.parse("2026-11-23T00:00:00Z"));
        Random random = new Random(7);
        SimpleMeterRegistry first = new SimpleMeterRegistry();
        List<AnomalyPoint> scored = new ArrayList<>();
        run(monitor(first, scored, Optional.of(dir.toString())), events(first), random, 250);
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        Counter restarted = events(second);
        AnomalyMonitor again = monitor(second, scored, Optional.of(dir.toString()));
        run(again, restarted, random, 150);

        List<Double> expected = uninterrupted.stream()
                .filter(p -> p.series().equals("source_events"))
                .map(AnomalyPoint::score)
                .toList();
        List<Double> actual = scored.stream()
                .filter(p -> p.series().equals("source_events"))
                .map(AnomalyPoint::score)
                .toList();
        assertThat(actual.subList(0, 249)).isEqualTo(expected.subList(0, 249));
        // After the restart the first interval has no previous counter value; from the next one on the scores are
        // those of the run that never stopped: no second warm-up of 150 points.
        assertThat(actual.subList(actual.size() - 140, actual.size()))
                .isEqualTo(expected.subList(expected.size() - 140, expected.size()));
        assertThat(actual.subList(actual.size() - 140, actual.size())).anyMatch(s -> s > 0);
        // Each kept point says why, and what it says after the restart is what the straight run said.
        assertThat(scored).allSatisfy(p -> assertThat(p.explanation()).isNotBlank());
        assertThat(scored.get(0).explanation()).startsWith("warming up: 1 of 150");
        assertThat(scored.get(scored.size() - 1).explanation())
                .isEqualTo(uninterrupted.get(uninterrupted.size() - 1).explanation());
        assertThat(straight.find("handoff.anomaly.deviations").gauges()).isNotEmpty();
    }

    /**
     * The demo's simulated weeks: a monitor with nothing learned scores from its first points instead of warming up
     * for 150, an outlier within the first minutes scores high, and the simulated points are learned, never kept.
     */
    @Test
    void theDemoLearnsSimulatedWeeksAndScoresFromTheFirstMinute() {
        io.handoff.demo.DemoConfig demo = new io.handoff.demo.DemoConfig() {
            public boolean enabled() {
                return true;
            }

            public long seed() {
                return 1;
            }

            public int approvalsPerSecond() {
                return 1;
            }

            public int messagesPerSecond() {
                return 1;
            }
        };
        for (boolean withHistory : new boolean[] {false, true}) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            List<AnomalyPoint> kept = new ArrayList<>();
            AnomalyMonitor monitor = monitor(
                    registry, kept, Optional.empty(), withHistory ? new io.handoff.demo.DemoHistory(demo) : null);
            Counter events = events(registry);
            run(monitor, events, new Random(11), 10);
            events.increment(1200); // ten times the usual minute
            now.set(now.get().plusSeconds(60));
            monitor.sample();
            List<AnomalyPoint> points = kept.stream()
                    .filter(p -> p.series().equals("source_events"))
                    .toList();
            assertThat(points).as("only live points are kept").hasSize(11);
            AnomalyPoint outlier = points.get(points.size() - 1);
            if (withHistory) {
                assertThat(points.get(2).explanation()).doesNotStartWith("warming up");
                assertThat(outlier.score()).as(outlier.explanation()).isGreaterThan(0.9);
            } else {
                assertThat(outlier.explanation()).startsWith("warming up");
                assertThat(outlier.score()).isZero();
            }
        }
    }
}
