package io.handoff.scaleout;

import io.handoff.engine.EngineLoop;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.kafka.KafkaObserver;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The engine's side of Kafka Streams' task assignment: the partitions whose tasks run here are the flows this
 * instance owns. A task taking its partition hands over the partition's events from its state store; a task closing
 * gives the partition up once the assignment places it elsewhere, unless its task is made here again meanwhile.
 *
 * <p>That "unless" is a transaction aborted under an instance that keeps its partitions (its producer fenced, a
 * transaction timed out, a stream thread replaced): Kafka Streams closes the tasks dirty, restores their stores from
 * the changelog and processes the records after the last commit a second time. The engine has applied those
 * already and told their outcomes, so it keeps its flows (the records come back to it as duplicates), and
 * {@link #countedUpTo} keeps the processor from counting them again. Thread-safe (tasks of several stream threads
 * may call it).
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
    /** Partitions whose tasks closed while the instance runs on, and when: given up by {@link #settle}. */
    private final Map<Integer, Long> closing = new HashMap<>();
    /** Per partition owned here: the highest offset of the repartition topic whose record was counted here. */
    private final Map<Integer, AtomicLong> counted = new ConcurrentHashMap<>();
    /** Marks this process in a partition's store: a task revived here finds it there unless another owner committed. */
    private final long incarnation = new SecureRandom().nextLong();
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
     * Owns the partition's flows from now on: its events (the flows' own and the context they need, read from its
     * store only when needed) are replayed as after a restart, outcomes up to {@code checkpoint} taken as told (null:
     * none told yet). A partition whose task closed here and was not given up yet is kept as the engine holds it, when
     * {@code lastOwner} (the incarnation that last wrote to its store, null: none) says no other owner committed since.
     */
    synchronized void take(int partition, Supplier<List<BusinessEvent>> stored, Instant checkpoint, Long lastOwner) {
        long started = System.nanoTime();
        if (closing.remove(partition) != null) {
            if (lastOwner == null || lastOwner == incarnation) {
                LOG.infof(
                        "partition %d of %s taken back after its task closed here: the engine kept its flows;"
                                + " records processed again reach it as duplicates, counted once",
                        partition, topic);
                return;
            }
            // Another instance committed to it in between: what the engine holds of it is stale.
            LOG.infof("partition %d of %s comes back from another owner: its flows are reloaded", partition, topic);
            dropNow(partition);
        }
        List<BusinessEvent> events = stored.get();
        owned.add(partition);
        await(engine.handOver(new OwnedPartitions(owned, partitions), checkpoint), Duration.ofMinutes(5));
        await(engine.restore(events, checkpoint), Duration.ofMinutes(5));
        observer.rebalance("assigned", owned.size());
        LOG.infof(
                "partition %d of %s taken: %d events restored from its state store in %d ms; this instance now owns the"
                        + " flows of partitions %s of %d",
                partition, topic, events.size(), (System.nanoTime() - started) / 1_000_000, owned, partitions);
    }

    /** From now on a partition closing is only forgotten: the instance is stopping, its engine with it. */
    void stopping() {
        stopping = true;
    }

    /**
     * The partition's task closed: its flows are given up by {@link #settle} once the assignment places it elsewhere,
     * unless the task is made here again meanwhile (then nothing changed hands).
     */
    synchronized void give(int partition) {
        if (!owned.contains(partition)) {
            return;
        }
        if (stopping) {
            owned.remove(partition);
            LOG.debugf("partition %d of %s closed on shutdown", partition, topic);
            return;
        }
        closing.putIfAbsent(partition, System.nanoTime());
        LOG.debugf("partition %d of %s closed; given up unless its task is made here again", partition, topic);
    }

    /** Where the current assignment places a partition's task, as far as this instance knows. */
    enum Placement {
        HERE,
        ELSEWHERE,
        UNKNOWN
    }

    /**
     * Gives up the partitions whose tasks closed and were not made here again, once the assignment places them on
     * another instance, or (placement unknown) once they closed {@code lastResort} ago: their flows' clocks leave this
     * instance, their events stay as context until evicted. One the assignment keeps here stays however long its
     * store takes to restore: its task will be made here.
     */
    synchronized void settle(IntFunction<Placement> placement, Duration lastResort) {
        long now = System.nanoTime();
        List<Integer> given = new ArrayList<>();
        for (var entry : closing.entrySet()) {
            Placement where = placement.apply(entry.getKey());
            if (where == Placement.ELSEWHERE
                    || (where == Placement.UNKNOWN && now - entry.getValue() >= lastResort.toNanos())) {
                given.add(entry.getKey());
            }
        }
        given.forEach(closing::remove);
        for (int partition : given) {
            dropNow(partition);
        }
    }

    private void dropNow(int partition) {
        owned.remove(partition);
        counted.remove(partition);
        if (engine.isRunning()) {
            await(engine.handOver(new OwnedPartitions(owned, partitions), null), Duration.ofSeconds(30));
        }
        observer.rebalance("revoked", owned.size());
        LOG.infof(
                "partition %d of %s given up; this instance now owns the flows of partitions %s of %d",
                partition, topic, owned, partitions);
    }

    /**
     * The highest offset of the partition's records counted here, kept across its tasks while the partition stays
     * here: a record at or below it was processed (and counted) before a transaction aborted under this instance.
     */
    AtomicLong countedUpTo(int partition) {
        return counted.computeIfAbsent(partition, p -> new AtomicLong(-1));
    }

    /** What a task writes into its store as its owner (see {@link #take}). */
    long incarnation() {
        return incarnation;
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
