package io.handoff.ingest.kafka;

import io.handoff.engine.EngineLoop;
import io.handoff.engine.Ownership;
import io.handoff.event.BusinessEvent;
import io.handoff.store.EventStore;
import io.handoff.store.FlowStore;
import io.handoff.store.RecoveryPlan;
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
    private final EventStore eventLog;
    private final FlowStore flows;
    private final KafkaConfig config;
    private final KafkaObserver observer;
    /** What is assigned here; replaced whole on every change (the callbacks all run on the consumer's thread). */
    private volatile OwnedPartitions current = new OwnedPartitions(Set.of(), 0);

    public KafkaRebalance(
            EngineLoop engine,
            EventStore eventLog,
            FlowStore flows,
            KafkaConfig config,
            KafkaObserver observer,
            KafkaPublisher publisher) {
        this.engine = engine;
        this.eventLog = eventLog;
        this.flows = flows;
        this.config = config;
        this.observer = observer;
        // An event kept here whose partition moved away before the engine applied it goes on to the new owner.
        engine.whenNotOwned(events -> publisher.append(events).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warnf(
                        "%d events whose partition moved away could not be passed on (%s); the new owner reads them from the store "
                                + "when it next takes the partition over",
                        events.size(), failure.getMessage());
            }
        }));
    }

    /** Whether the flow's partition is assigned here now (it may move before the flow's next event is applied). */
    public boolean owns(String flowKey) {
        return current.owns(flowKey);
    }

    /** Where the engine starts: owning nothing while Kafka decides, everything without Kafka. */
    @Produces
    @Singleton
    static Ownership initialOwnership(KafkaConfig config) {
        return config.enabled() ? Ownership.NONE : Ownership.ALL;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        if (config.streams().enabled()) {
            return; // the channel reads the events topic only; Kafka Streams' task assignment decides ownership
        }
        Set<Integer> gained = partitionsOf(assigned);
        gained.removeAll(current.owned());
        Set<Integer> now = new TreeSet<>(current.owned());
        now.addAll(gained);
        OwnedPartitions next = new OwnedPartitions(
                Set.copyOf(now),
                consumer.partitionsFor(config.repartitionTopic()).size());
        if (gained.isEmpty() || !eventLog.durable()) {
            handOver("assigned", gained, next, null);
            return;
        }
        // Outcomes up to the store's checkpoint were reported by the previous owner (or this instance before a
        // restart); what fell due since is reported once, by the next tick, as after a restart.
        long started = System.nanoTime();
        RecoveryPlan plan = flows.recoveryPlan();
        List<BusinessEvent> events = plan.flowKeys().isEmpty() ? List.of() : eventLog.eventsOf(plan.flowKeys());
        handOver("assigned", gained, next, plan.checkpoint());
        await(engine.restore(events, plan.checkpoint()));
        LOG.infof(
                "partitions %s of %s taken over: %d open flows and their neighbours (%d events) read back from the store in %d ms",
                gained,
                config.repartitionTopic(),
                plan.flowKeys().size(),
                events.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        if (config.streams().enabled()) {
            return;
        }
        Set<Integer> lost = partitionsOf(revoked);
        lost.retainAll(current.owned());
        Set<Integer> now = new TreeSet<>(current.owned());
        now.removeAll(lost);
        handOver("revoked", lost, new OwnedPartitions(Set.copyOf(now), current.of()), null);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        onPartitionsRevoked(consumer, lost);
    }

    private Set<Integer> partitionsOf(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new TreeSet<>();
        for (TopicPartition tp : partitions) {
            if (tp.topic().equals(config.repartitionTopic())) {
                numbers.add(tp.partition());
            }
        }
        return numbers;
    }

    private void handOver(String kind, Set<Integer> changed, OwnedPartitions next, java.time.Instant reportedUntil) {
        current = next;
        await(engine.handOver(next, reportedUntil));
        observer.rebalance(kind, next.owned().size());
        if (!changed.isEmpty()) {
            LOG.infof(
                    "partitions %s of %s %s; this instance now owns the flows of partitions %s of %d",
                    changed, config.repartitionTopic(), kind, new TreeSet<>(next.owned()), next.of());
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
