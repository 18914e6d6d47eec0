package io.handoff.ingest.kafka;

import io.handoff.engine.EngineLoop;
import io.handoff.engine.Ownership;
import io.handoff.event.BusinessEvent;
import io.handoff.store.RecoveryPlan;
import io.handoff.store.Store;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Keeps the engine's {@link Ownership} equal to the consumer's assignment: an instance owns the flows whose
 * key falls on the repartition-topic partitions assigned to it (the events topic's partitions only decide who
 * validates and forwards what producers sent). On assignment the open flows are read back from
 * the store (Elasticsearch; with the in-memory store an instance only knows what it read itself); on
 * revocation the pictures of changed flows are stored before the partitions are given up. Runs on the
 * consumer's polling thread, before fetching resumes, so no record of a new partition is processed first.
 */
@ApplicationScoped
@Identifier("handoff-rebalance")
public class KafkaRebalance implements KafkaConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(KafkaRebalance.class);

    private final EngineLoop engine;
    private final Store store;
    private final KafkaConfig config;
    private final KafkaObserver observer;
    /** Partitions of the repartition topic, once known; 0 before the first assignment. */
    private volatile int partitions;
    private final Set<Integer> owned = new TreeSet<>();
    /** What {@link #owns} reads without a lock: a copy of {@code owned}, replaced on every change. */
    private volatile Set<Integer> ownedNow = Set.of();

    public KafkaRebalance(EngineLoop engine, Store store, KafkaConfig config, KafkaObserver observer, KafkaPublisher publisher) {
        this.engine = engine;
        this.store = store;
        this.config = config;
        this.observer = observer;
        // An event kept here whose partition moved away before the engine applied it goes on to the new owner.
        engine.whenNotOwned(events -> publisher.append(events).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("%d events whose partition moved away could not be passed on (%s); the new owner reads them from the store "
                        + "when it next takes the partition over", events.size(), failure.getMessage());
            }
        }));
    }

    /** Whether the flow's partition is assigned here now (it may move before the flow's next event is applied). */
    public boolean owns(String flowKey) {
        int n = partitions;
        return n > 0 && ownedNow.contains(FlowPartitions.of(flowKey, n));
    }

    /** Where the engine starts: owning nothing while Kafka decides, everything without Kafka. */
    @Produces
    @Singleton
    static Ownership initialOwnership(KafkaConfig config) {
        return config.enabled() ? Ownership.NONE : Ownership.ALL;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        partitions = consumer.partitionsFor(config.repartitionTopic()).size();
        Set<Integer> gained = new TreeSet<>();
        synchronized (owned) {
            for (TopicPartition tp : assigned) {
                if (tp.topic().equals(config.repartitionTopic()) && owned.add(tp.partition())) {
                    gained.add(tp.partition());
                }
            }
        }
        if (gained.isEmpty() || !store.durable()) {
            handOver("assigned", gained, null);
            return;
        }
        // Outcomes up to the store's checkpoint were reported by the previous owner (or this instance before a
        // restart); what fell due since is reported once, by the next tick, as after a restart.
        long started = System.nanoTime();
        RecoveryPlan plan = store.recoveryPlan();
        List<BusinessEvent> events = plan.flowKeys().isEmpty() ? List.of() : store.eventsOf(plan.flowKeys());
        handOver("assigned", gained, plan.checkpoint());
        await(engine.restore(events, plan.checkpoint()));
        LOG.infof("partitions %s of %s taken over: %d open flows and their neighbours (%d events) read back from the store in %d ms", gained,
                config.repartitionTopic(), plan.flowKeys().size(), events.size(), (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        Set<Integer> lost = new TreeSet<>();
        synchronized (owned) {
            for (TopicPartition tp : revoked) {
                if (tp.topic().equals(config.repartitionTopic()) && owned.remove(tp.partition())) {
                    lost.add(tp.partition());
                }
            }
        }
        handOver("revoked", lost, null);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        onPartitionsRevoked(consumer, lost);
    }

    private void handOver(String kind, Set<Integer> changed, java.time.Instant reportedUntil) {
        Set<Integer> now;
        synchronized (owned) {
            now = Set.copyOf(owned);
        }
        ownedNow = now;
        int n = partitions;
        await(engine.handOver(n == 0 || now.isEmpty() ? Ownership.NONE : key -> now.contains(FlowPartitions.of(key, n)), reportedUntil));
        observer.rebalance(kind, now.size());
        if (!changed.isEmpty()) {
            LOG.infof("partitions %s of %s %s; this instance now owns the flows of partitions %s of %d", changed, config.repartitionTopic(), kind, new TreeSet<>(now), n);
        }
    }

    private static void await(java.util.concurrent.CompletableFuture<Void> done) {
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a rebalance", e);
        } catch (Exception e) {
            throw new IllegalStateException("the engine did not take the new assignment: " + e.getMessage(), e);
        }
    }
}
