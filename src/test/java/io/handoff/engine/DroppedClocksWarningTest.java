package io.handoff.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.correlate.Flow;
import io.handoff.event.EventType;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DroppedClocksWarningTest {
    @Test
    void theFirstDroppedClockIsLoggedAtOnceThenAtMostOnceAMinuteWithHowManySince() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T10:00:00Z"));
        List<String> said = new ArrayList<>();
        InstantSource clock = now::get; // a clock the test moves
        DroppedClocksWarning warning = new DroppedClocksWarning(clock, 20, said::add);

        warning.evicted(flow("line:1"), false);
        assertThat(said).as("a flow without open clocks is dropped quietly").isEmpty();

        warning.evicted(flow("line:2"), true);
        assertThat(said).hasSize(1);
        assertThat(said.get(0))
                .startsWith(
                        "dropped 1 flow with open SLA clocks to stay within handoff.engine.max-flows=20 (e.g. line:2)")
                .contains("HandoffOpenClocksDropped");

        for (int i = 3; i < 10; i++) {
            now.set(now.get().plusSeconds(5));
            warning.evicted(flow("line:" + i), true);
        }
        assertThat(said).as("within the minute").hasSize(1);

        now.set(Instant.parse("2026-11-30T10:01:00Z"));
        warning.evicted(flow("line:10"), true);
        assertThat(said).hasSize(2);
        assertThat(said.get(1))
                .startsWith("dropped 8 flows with open SLA clocks in the last 60 s to stay within"
                        + " handoff.engine.max-flows=20 (e.g. line:3)");

        // A burst, then nothing dropped any more: the engine's ticks say it once the minute is over.
        now.set(Instant.parse("2026-11-30T10:01:30Z"));
        for (int i = 11; i < 111; i++) {
            warning.evicted(flow("line:" + i), true);
        }
        warning.tick(null, now.get());
        assertThat(said).as("still within the minute").hasSize(2);
        now.set(Instant.parse("2026-11-30T10:02:00Z"));
        warning.tick(null, now.get());
        assertThat(said).hasSize(3);
        assertThat(said.get(2)).startsWith("dropped 100 flows with open SLA clocks in the last 60 s");
        now.set(Instant.parse("2026-11-30T10:05:00Z"));
        warning.tick(null, now.get());
        assertThat(said).as("nothing dropped since: nothing to say").hasSize(3);
    }

    private static Flow flow(String key) {
        return new Flow(key, EventType.Anchor.SUBJECT);
    }
}
