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
    };
    private final BreachForecaster forecaster =
            new BreachForecaster(config, Slas.catalog(), null, InstantSource.system(), new SimpleMeterRegistry());
    private final FlowEngine engine = new FlowEngine(
            Slas.catalog(), EngineListener.of(List.of(forecaster), List.of(), List.of()), new GroupLabels(10), 10_000);

    @Test
    void anOpenMessageThatOutlivedAllDeliveredOnesIsLikelyToBreachAndAFreshOneIsNot() {
        Instant t = at("2026-11-23T09:00:00Z");
        // History: 60 messages delivered within 20 s, 6 never delivered (breached at 2 minutes).
        for (int i = 0; i < 66; i++) {
            Instant received = t.plusSeconds(i * 10L);
            engine.apply(middleware(EventType.MIDDLEWARE_RECEIVED, "old-" + i, received.toString()), received);
            if (i % 11 != 10) {
                engine.apply(
                        delivered(
                                "old-" + i,
                                "account.move/" + i,
                                received.plusSeconds(5 + i % 15).toString()),
                        received.plusSeconds(20));
            }
        }
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

        List<BreachForecaster.Likely> likely = forecaster.score(engine.openFlows(now), now);

        assertThat(likely).extracting(BreachForecaster.Likely::flowKey).containsExactly("stuck");
        BreachForecaster.Likely stuck = likely.get(0);
        assertThat(stuck.sla()).isEqualTo("middleware-delivery");
        assertThat(stuck.probability()).isEqualTo((6 + 1.0) / (6 + 2.0));
        assertThat(stuck.elapsedOfTarget()).isEqualTo(0.5);
        assertThat(stuck.due()).isEqualTo(now.plusSeconds(60));
    }
}
