package io.handoff.forecast;

import static io.handoff.testing.Events.at;
import static io.handoff.testing.Events.delivered;
import static io.handoff.testing.Events.middleware;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.engine.EngineListener;
import io.handoff.engine.FlowEngine;
import io.handoff.engine.GroupLabels;
import io.handoff.event.EventType;
import io.handoff.testing.Slas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Learning from the engine's decided clocks, then scoring its open ones. */
class BreachForecasterTest {
    private final ForecastConfig config = new ForecastConfig() {
        public double threshold() {
            return 0.8;
        }

        public int minObservations() {
            return 30;
        }

        public Duration every() {
            return Duration.ofSeconds(30);
        }

        public java.util.Optional<String> stateDir() {
            return java.util.Optional.ofNullable(stateDir);
        }
    };
    /** Where the forecaster keeps what it learned; none unless a test sets it. */
    private String stateDir;

    private final BreachForecaster forecaster = forecaster();
    private final FlowEngine engine = engineFeeding(forecaster);

    private BreachForecaster forecaster() {
        return new BreachForecaster(
                config,
                Slas.catalog(),
                null,
                InstantSource.system(),
                new SimpleMeterRegistry(),
                new com.fasterxml.jackson.databind.ObjectMapper());
    }

    private static FlowEngine engineFeeding(BreachForecaster forecaster) {
        return new FlowEngine(
                Slas.catalog(),
                EngineListener.of(List.of(forecaster), List.of(), List.of()),
                new GroupLabels(10),
                10_000);
    }

    /**
     * {@code count} messages received ten seconds apart from {@code t}: every {@code lostEvery}-th never delivered
     * (it breaches at 2 minutes), the others delivered within 5 to 5 + {@code spread} seconds.
     */
    private static void history(FlowEngine engine, Instant t, int count, int lostEvery, int spread) {
        for (int i = 0; i < count; i++) {
            Instant received = t.plusSeconds(i * 10L);
            engine.apply(middleware(EventType.MIDDLEWARE_RECEIVED, "old-" + i, received.toString()), received);
            if (i % lostEvery != lostEvery - 1) {
                engine.apply(
                        delivered(
                                "old-" + i,
                                "account.move/" + i,
                                received.plusSeconds(5 + i % spread).toString()),
                        received.plusSeconds(5 + spread));
            }
        }
    }

    @Test
    void anOpenMessageThatOutlivedAllDeliveredOnesIsLikelyToBreachAndAFreshOneIsNot() {
        Instant t = at("2026-11-23T09:00:00Z");
        // History: 60 messages delivered within 20 s, 6 never delivered (breached at 2 minutes).
        history(engine, t, 66, 11, 15);
        Instant now = t.plusSeconds(66 * 10L + 300);
        engine.advance(now);
        assertThat(forecaster.forecast("middleware-delivery").observations()).isEqualTo(66);

        // Now: one message waiting 60 s (longer than any delivered one took), one waiting 3 s.
        engine.apply(
                middleware(
                        EventType.MIDDLEWARE_RECEIVED,
                        "stuck",
                        now.minusSeconds(60).toString()),
                now);
        engine.apply(
                middleware(
                        EventType.MIDDLEWARE_RECEIVED,
                        "fresh",
                        now.minusSeconds(3).toString()),
                now);

        List<BreachForecaster.Likely> likely = forecaster.score(engine.openFlows(now), engine::openClocksOnDisk, now);

        assertThat(likely).extracting(BreachForecaster.Likely::flowKey).containsExactly("stuck");
        BreachForecaster.Likely stuck = likely.get(0);
        assertThat(stuck.sla()).isEqualTo("middleware-delivery");
        assertThat(stuck.probability()).isEqualTo((6 + 1.0) / (6 + 2.0));
        assertThat(stuck.elapsedOfTarget()).isEqualTo(0.5);
        assertThat(stuck.due()).isEqualTo(now.plusSeconds(60));
    }

    /**
     * Beyond {@code handoff.engine.max-flows} the flows no event touched for longest go to disk: often exactly the
     * stuck ones. An engine holding 8 flows in memory and the rest on disk gets the forecast an engine holding
     * everything gets.
     */
    @Test
    void flowsKeptOnDiskAreScoredAsIfTheyWereInMemory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path disk) {
        BreachForecaster bounded = forecaster();
        FlowEngine small = new FlowEngine(
                Slas.catalog(), EngineListener.of(List.of(bounded), List.of(), List.of()), new GroupLabels(10), 8);
        try (io.handoff.store.spill.DiskFlowSpill spill = new io.handoff.store.spill.DiskFlowSpill(disk)) {
            small.spilling(spill);
            Instant t = at("2026-11-23T09:00:00Z");
            history(engine, t, 66, 11, 15);
            history(small, t, 66, 11, 15);
            Instant now = t.plusSeconds(66 * 10L + 300);
            for (FlowEngine each : List.of(engine, small)) {
                each.advance(now);
                // Twenty messages waiting 40 to 78 s (stuck: longer than any delivered one took), twenty 1 to 20 s.
                for (int i = 0; i < 20; i++) {
                    each.apply(
                            middleware(
                                    EventType.MIDDLEWARE_RECEIVED,
                                    "stuck-" + i,
                                    now.minusSeconds(40 + 2 * i).toString()),
                            now);
                    each.apply(
                            middleware(
                                    EventType.MIDDLEWARE_RECEIVED,
                                    "fresh-" + i,
                                    now.minusSeconds(1 + i).toString()),
                            now);
                }
            }
            assertThat(spill.size()).as("most of the open flows are on disk").isGreaterThan(30);

            List<BreachForecaster.Likely> everything =
                    forecaster.score(engine.openFlows(now), engine::openClocksOnDisk, now);
            List<BreachForecaster.Likely> eightInMemory =
                    bounded.score(small.openFlows(now), small::openClocksOnDisk, now);

            assertThat(everything).hasSize(20);
            assertThat(eightInMemory).containsExactlyInAnyOrderElementsOf(everything);
            assertThat(bounded.score(small.openFlows(now), each -> {}, now))
                    .as("the flows in memory alone")
                    .hasSizeLessThan(9);
        }
    }

    @Test
    void aRestartedForecasterGoesOnFromTheCompletionTimesItHadLearned(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        stateDir = dir.toString();
        BreachForecaster before = forecaster();
        FlowEngine learning = engineFeeding(before);
        Instant t = at("2026-11-23T09:00:00Z");
        history(learning, t, 40, 4, 30);
        learning.advance(t.plusSeconds(40 * 10L + 300));
        before.remember();

        BreachForecaster after = forecaster();

        CompletionForecast learned = before.forecast("middleware-delivery");
        CompletionForecast kept = after.forecast("middleware-delivery");
        assertThat(learned.observations()).isEqualTo(40);
        assertThat(kept.observations()).isEqualTo(40);
        for (double elapsed = 0; elapsed < 1; elapsed += 0.05) {
            assertThat(kept.breachProbability(elapsed)).isEqualTo(learned.breachProbability(elapsed));
        }
        assertThat(forecaster.forecast("middleware-delivery").observations())
                .as("a forecaster without a state directory starts from nothing")
                .isZero();
    }
}
