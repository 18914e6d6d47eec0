package io.handoff.scaleout;

import io.handoff.engine.EngineLoop;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.kafka.KafkaObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The engine's side of Kafka Streams' task assignment: the partitions whose tasks run here are the flows this
 * instance owns. A task taking its partition hands over the partition's events from its state store; a task closing
 * gives the partition up. Thread-safe (tasks of several stream threads may call it).
 */
final class EngineHost {
    private static final Logger LOG = Logger.getLogger(EngineHost.class);
    private static final CompletionStage<Void> KEPT = CompletableFuture.completedFuture(null);
    private static final Duration ROOM_WAIT = Duration.ofSeconds(1);

    private final EngineLoop engine;
    private final KafkaObserver observer;
    private final String topic;
    private final int partitions;
    private final Set<Integer> owned = new TreeSet<>();
    /** Shutting down: partitions closing are not handed over within the engine, which stops next. */
    private volatile boolean stopping;

    EngineHost(EngineLoop engine, KafkaObserver observer, String topic, int partitions) {
        this.engine = engine;
        this.observer = observer;
        this.topic = topic;
        this.partitions = partitions;
        // An event applied after its partition moved away is in that partition's store already (or, not committed
        // yet, processed again there): the new owner has it.
        engine.whenNotOwned(events -> LOG.debugf(
                "%d events reached the engine after their partition moved away; its new owner restores them from the"
                        + " partition's store",
                events.size()));
    }

    /**
     * Owns the partition's flows from now on: its events (the flows' own and the context they need) are replayed as
     * after a restart, outcomes up to {@code checkpoint} taken as told (null: none told yet).
     */
    synchronized void take(int partition, List<BusinessEvent> events, Instant checkpoint) {
        long started = System.nanoTime();
        owned.add(partition);
        await(engine.handOver(new OwnedPartitions(owned, partitions), checkpoint), Duration.ofMinutes(5));
        await(engine.restore(events, checkpoint), Duration.ofMinutes(5));
        observer.rebalance("assigned", owned.size());
        LOG.infof(
                "partition %d of %s taken: %d events restored from its state store in %d ms; this instance now owns the"
                        + " flows of partitions %s of %d",
                partition, topic, events.size(), (System.nanoTime() - started) / 1_000_000, owned, partitions);
    }

    /** Gives the partition's flows up: their clocks leave this instance, their events stay as context until evicted. */
    /** From now on a partition closing is only forgotten: the instance is stopping, its engine with it. */
    void stopping() {
        stopping = true;
    }

    synchronized void give(int partition) {
        if (!owned.remove(partition)) {
            return;
        }
        if (stopping) {
            LOG.debugf("partition %d of %s closed on shutdown", partition, topic);
            return;
        }
        if (engine.isRunning()) {
            await(engine.handOver(new OwnedPartitions(owned, partitions), null), Duration.ofSeconds(30));
        }
        observer.rebalance("revoked", owned.size());
        LOG.infof(
                "partition %d of %s given up; this instance now owns the flows of partitions %s of %d",
                partition, topic, owned, partitions);
    }

    /**
     * Hands one kept event to the engine, waiting while its buffer is full (woken as soon as there is room: a guessed
     * sleep left the stream thread idle while the engine had room). False when interrupted.
     */
    boolean apply(BusinessEvent event, boolean context) {
        List<BusinessEvent> one = List.of(event);
        try {
            while (!engine.offer(one, System.nanoTime(), KEPT, context, ROOM_WAIT)) {
                LOG.debugf("the engine's buffer stayed full for %s; still waiting", ROOM_WAIT);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** When everything handed over so far has been applied and every outcome due by then told. */
    CompletableFuture<Instant> reportedUntil() {
        return engine.reportedUntil();
    }

    private static void await(CompletableFuture<?> done, Duration atMost) {
        try {
            done.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the engine took a partition", e);
        } catch (Exception e) {
            throw new IllegalStateException("the engine did not take the new assignment: " + e.getMessage(), e);
        }
    }
}
