package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DueQueueTest {
    @Test
    void takesOnlyWhatFellDueEarliestFirst() {
        DueQueue queue = new DueQueue();
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            queue.schedule(t.plusSeconds(3600 + i), "far-" + i);
        }
        queue.schedule(t.plusSeconds(2), "b");
        queue.schedule(t.plusSeconds(1), "a");
        assertThat(queue.takeDue(t)).isEmpty();
        assertThat(queue.takeDue(t.plusSeconds(2))).containsExactly("a", "b");
        assertThat(queue.size()).isEqualTo(10_000);
    }

    @Test
    void anEntryWithMicrosecondsNeverFallsDueEarly() {
        DueQueue queue = new DueQueue();
        Instant due = Instant.parse("2026-11-23T10:00:00.000500Z");
        queue.schedule(due, "x");
        assertThat(queue.takeDue(Instant.parse("2026-11-23T10:00:00Z"))).isEmpty();
        assertThat(queue.takeDue(Instant.parse("2026-11-23T10:00:00.001Z"))).containsExactly("x");
    }
}
