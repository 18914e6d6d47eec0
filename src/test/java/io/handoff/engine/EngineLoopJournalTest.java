package io.handoff.engine;

import static io.handoff.testing.Events.approved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.handoff.event.BusinessEvent;
import io.handoff.testing.Slas;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Flow pictures go to the journal in slices, so events queued meanwhile wait for a slice, not for a whole pass. */
class EngineLoopJournalTest {
    @Test
    void aPassOfManyChangedFlowsIsHandedOverInSlicesBackToBackAndEveryFlowOnce() throws Exception {
        List<List<String>> slices = new CopyOnWriteArrayList<>();
        FlowJournal journal = new FlowJournal() {
            @Override
            public int room() {
                return Integer.MAX_VALUE;
            }

            @Override
            public void changed(List<FlowView> flows, Instant now) {
                slices.add(flows.stream().map(FlowView::key).toList());
            }
        };
        int flows = 2 * EngineLoop.JOURNAL_SLICE + 234;
        FlowEngine engine = new FlowEngine(Slas.catalog(), EngineListener.NONE, new GroupLabels(10), 10_000);
        // A long tick: a slice that waited for the next tick when no command comes would take seconds.
        try (EngineLoop loop = new EngineLoop(
                        engine,
                        InstantSource.system(),
                        (n, nanos) -> {},
                        10_000,
                        Duration.ofSeconds(3),
                        journal,
                        Duration.ofMillis(100))
                .start()) {
            List<BusinessEvent> events = new ArrayList<>();
            for (int i = 0; i < flows; i++) {
                events.add(approved(Integer.toString(i), "2026-11-20T10:00:00Z"));
            }
            long offered = System.nanoTime();
            assertThat(loop.offer(events, offered, CompletableFuture.completedFuture(null)))
                    .isTrue();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> slices.stream().mapToInt(List::size).sum() >= flows);
            assertThat(Duration.ofNanos(System.nanoTime() - offered)).isLessThan(Duration.ofMillis(2500));
        }
        assertThat(slices).hasSizeGreaterThanOrEqualTo(3);
        assertThat(slices).allSatisfy(slice -> assertThat(slice).hasSizeLessThanOrEqualTo(EngineLoop.JOURNAL_SLICE));
        Set<String> keys = new HashSet<>();
        slices.forEach(keys::addAll);
        assertThat(keys).hasSize(flows);
        assertThat(slices.stream().mapToInt(List::size).sum()).isEqualTo(flows);
    }
}
