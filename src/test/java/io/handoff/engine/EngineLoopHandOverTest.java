package io.handoff.engine;

import static io.handoff.testing.Events.approved;
import static io.handoff.testing.Events.invoice;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.BusinessEvent;
import io.handoff.event.EventType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Events on their way when a partition moves are applied under the old ownership, or passed on to the new owner. */
class EngineLoopHandOverTest {
    private final List<BusinessEvent> passedOn = new CopyOnWriteArrayList<>();

    private EngineLoop loop() {
        EngineLoop loop = io.handoff.testing.EngineLoops.started();
        loop.whenNotOwned(passedOn::addAll);
        return loop;
    }

    @Test
    void anEventWhoseFlowIsNoLongerOwnedWhenAppliedIsPassedOnButContextIsNot() throws Exception {
        try (EngineLoop loop = loop()) {
            loop.handOver(key -> !key.startsWith("account.move/"), null).get(5, TimeUnit.SECONDS);
            BusinessEvent line = approved("1", "2026-11-20T10:00:00Z");
            BusinessEvent invoice = invoice(EventType.INVOICE_POSTED, "7", "2026-11-20T11:00:00Z");
            BusinessEvent context = invoice(EventType.INVOICE_PAID, "7", "2026-11-21T11:00:00Z");
            assertThat(loop.offer(List.of(line, invoice), System.nanoTime(), CompletableFuture.completedFuture(null)))
                    .isTrue();
            assertThat(loop.offer(List.of(context), System.nanoTime(), CompletableFuture.completedFuture(null), true))
                    .isTrue();
            loop.handOver(key -> !key.startsWith("account.move/"), null)
                    .get(5, TimeUnit.SECONDS); // runs after the queued events
            assertThat(passedOn).containsExactly(invoice);
        }
    }

    @Test
    void aHandOverWaitsForTheEventsAlreadyQueued() throws Exception {
        try (EngineLoop loop = loop()) {
            CompletableFuture<Void> stored = new CompletableFuture<>();
            BusinessEvent line = approved("2", "2026-11-20T10:00:00Z");
            loop.offer(List.of(line), System.nanoTime(), stored);
            stored.complete(null); // queued now, before the hand-over is asked for
            loop.handOver(Ownership.NONE, null).get(5, TimeUnit.SECONDS);
            assertThat(passedOn)
                    .as("applied while still owned: nothing to pass on")
                    .isEmpty();
            assertThat(loop.query(e -> e.ownership().owns(line.flowKey())).get(5, TimeUnit.SECONDS))
                    .isFalse();
            assertThat(loop.query(e -> e.find(line.flowKey(), java.time.Instant.now())
                                    .isPresent())
                            .get(5, TimeUnit.SECONDS))
                    .isTrue();
        }
    }
}
