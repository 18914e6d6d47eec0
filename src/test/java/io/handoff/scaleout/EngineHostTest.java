package io.handoff.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.engine.EngineLoop;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.kafka.KafkaObserver;
import io.handoff.testing.EngineLoops;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A partition's task closing does not give its flows up at once: made here again (a transaction aborted under this
 * instance), the engine keeps them and what was counted stays counted; taken back from another owner, or placed
 * elsewhere by the assignment, they are given up and counting starts afresh.
 */
class EngineHostTest {
    private final List<String> rebalances = new ArrayList<>();
    private final AtomicInteger storeReads = new AtomicInteger();
    private final Supplier<List<BusinessEvent>> store = () -> {
        storeReads.incrementAndGet();
        return List.of();
    };
    private EngineLoop engine;
    private EngineHost host;

    @BeforeEach
    void start() {
        engine = EngineLoops.started();
        KafkaObserver observer = new KafkaObserver() {
            @Override
            public void record(String result, int count) {}

            @Override
            public void rebalance(String kind, int partitionsOwned) {
                rebalances.add(kind + " " + partitionsOwned);
            }
        };
        host = new EngineHost(engine, observer, "events.repartition", 2);
        host.take(0, store, null, null);
        host.take(1, store, null, null);
        host.countedUpTo(0).set(41);
        rebalances.clear();
        storeReads.set(0);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    @Test
    void aTaskMadeHereAgainKeepsItsFlowsAndWhatWasCounted() {
        host.give(0);
        host.settle(partition -> EngineHost.Placement.HERE, Duration.ZERO);
        host.take(0, store, null, host.incarnation());

        assertThat(storeReads).as("the store is not replayed into the engine").hasValue(0);
        assertThat(rebalances).as("nothing changed hands").isEmpty();
        assertThat(host.countedUpTo(0)).hasValue(41);
    }

    @Test
    void aTaskWhoseStoreAnotherOwnerWroteSinceIsReloadedAndCountsAfresh() {
        host.give(0);
        host.take(0, store, null, host.incarnation() + 1);

        assertThat(storeReads).hasValue(1);
        assertThat(rebalances).containsExactly("revoked 1", "assigned 2");
        assertThat(host.countedUpTo(0)).hasValue(-1);
    }

    @Test
    void aTaskNotMadeHereAgainIsGivenUpOnceTheAssignmentPlacesItElsewhere() {
        host.give(0);
        host.settle(partition -> EngineHost.Placement.HERE, Duration.ZERO);
        host.settle(partition -> EngineHost.Placement.UNKNOWN, Duration.ofMinutes(1));
        assertThat(rebalances)
                .as("kept while the assignment keeps it here (its store restoring), or places it nowhere for a while")
                .isEmpty();

        host.settle(
                partition -> partition == 0 ? EngineHost.Placement.ELSEWHERE : EngineHost.Placement.HERE,
                Duration.ofMinutes(1));
        assertThat(rebalances).containsExactly("revoked 1");
        assertThat(host.countedUpTo(0)).hasValue(-1);

        host.take(0, store, null, host.incarnation());
        assertThat(storeReads).as("taken after it was given up: replayed").hasValue(1);
        assertThat(rebalances).containsExactly("revoked 1", "assigned 2");
    }

    @Test
    void aTaskPlacedNowhereIsGivenUpAtLast() {
        host.give(1);
        host.settle(partition -> EngineHost.Placement.UNKNOWN, Duration.ZERO);

        assertThat(rebalances).containsExactly("revoked 1");
    }

    @Test
    void onShutdownAClosingTaskIsOnlyForgotten() {
        host.stopping();
        host.give(0);
        host.settle(partition -> EngineHost.Placement.ELSEWHERE, Duration.ZERO);

        assertThat(rebalances).isEmpty();
    }
}
