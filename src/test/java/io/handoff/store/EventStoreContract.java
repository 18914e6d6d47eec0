package io.handoff.store;

import static io.handoff.testing.Events.approved;
import static io.handoff.testing.Events.delivered;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.event.BusinessEvent;
import io.handoff.testing.Events;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every store must do as the event log ({@link EventStore}). Run against every adapter through {@link StoreContract}: the
 * store is fresh and empty in each test, and {@code flush()} makes what was handed over visible.
 */
public interface EventStoreContract {
    Store store();

    @Test
    default void appendKeepsEachEventOnceWithEveryFieldAndFindsThemByFlow() throws Exception {
        BusinessEvent approved = approved("1", "2026-11-23T09:00:00.123456Z");
        BusinessEvent invoiced = Events.invoiced("1", "77", "2026-11-24T10:00:00Z");
        BusinessEvent other = approved("2", "2026-11-23T09:30:00Z");
        BusinessEvent message = delivered("msg-1", "account.move/77", "2026-11-24T10:00:05Z");

        store().append(List.of(approved, invoiced, other, message))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        store().append(List.of(approved, message)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        store().flush();

        assertThat(store().eventsOf(List.of("account.analytic.line/1"))).containsExactlyInAnyOrder(approved, invoiced);
        assertThat(store().eventsOf(List.of("account.analytic.line/2", "msg-1")))
                .containsExactlyInAnyOrder(other, message);
        assertThat(store().eventsOf(List.of("account.analytic.line/404"))).isEmpty();
    }
}
