package io.handoff.metrics;

import io.handoff.ingest.kafka.KafkaObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Kafka collector's records by outcome, context sent to other instances, rebalances, partitions owned
 * and consumer lag per partition (from the group's committed offsets, so it is the same series whichever
 * instance reports it). Started eagerly: the collector bean may only be made for the first record, and the
 * counters must exist (at 0) before it, for rates and alerts.
 */
@Startup
@Singleton
public class KafkaMetrics implements KafkaObserver {
    private static final String[] RESULTS = {"forwarded", "dead-lettered", "accepted", "duplicate", "context", "stored"
    };

    private final MeterRegistry registry;
    private final MeterCache<Counter> records;
    private final MeterCache<Counter> rebalances;
    private final Counter contextSent;
    private final Counter contextFailed;
    private final AtomicLong owned = new AtomicLong();
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> sinkLag = new ConcurrentHashMap<>();

    public KafkaMetrics(MeterRegistry registry) {
        this.registry = registry;
        records = new MeterCache<>(l -> Counter.builder("handoff.kafka.records")
                .description(
                        "Records consumed by outcome: accepted, duplicate (kept where the flow is owned), forwarded (a valid event "
                                + "sent on to the instance owning its flow), dead-lettered (not an event; kept on the dead-letter topic), "
                                + "context (a copy another instance sent for a flow owned here), stored (written into the event store by "
                                + "the Kafka Streams mode's sink)")
                .tags("result", l[0])
                .register(registry));
        for (String result : RESULTS) {
            records.get(result);
        }
        rebalances = new MeterCache<>(l -> Counter.builder("handoff.kafka.rebalances")
                .description("Partitions taken (assigned) and given up (revoked) by this instance")
                .tags("kind", l[0])
                .register(registry));
        for (String kind : new String[] {"assigned", "revoked"}) {
            rebalances.get(kind);
        }
        contextSent = Counter.builder("handoff.kafka.context.sent")
                .description("Context records sent to the owners of linked flows")
                .tags("result", "sent")
                .register(registry);
        contextFailed = Counter.builder("handoff.kafka.context.sent")
                .description("Context records sent to the owners of linked flows")
                .tags("result", "failed")
                .register(registry);
        Gauge.builder("handoff.kafka.partitions.owned", owned, AtomicLong::get)
                .description(
                        "Repartition-topic partitions assigned to this instance: it owns the flows whose key falls on them")
                .register(registry);
    }

    @Override
    public void record(String result, int count) {
        records.get(result).increment(count);
    }

    @Override
    public void contextSent(int count) {
        (count >= 0 ? contextSent : contextFailed).increment(Math.abs(count));
    }

    @Override
    public void rebalance(String kind, int partitionsOwned) {
        rebalances.get(kind).increment();
        owned.set(partitionsOwned);
    }

    @Override
    public void lag(String topic, int partition, long records) {
        lag.computeIfAbsent(topic + "\u0000" + partition, k -> {
                    AtomicLong value = new AtomicLong();
                    Gauge.builder("handoff.kafka.consumer.lag", value, AtomicLong::get)
                            .description(
                                    "Records of the partition not yet consumed by the group (end offset minus committed offset)")
                            .tags("topic", topic, "partition", Integer.toString(partition))
                            .register(registry);
                    return value;
                })
                .set(records);
    }

    @Override
    public void sinkLag(int partition, long records) {
        sinkLag.computeIfAbsent(partition, p -> {
                    AtomicLong value = new AtomicLong();
                    Gauge.builder("handoff.kafka.store.sink.lag", value, AtomicLong::get)
                            .description(
                                    "Accepted events of the repartition topic's partition not yet written into the event "
                                            + "store by the sink (Kafka Streams mode)")
                            .tags("partition", Integer.toString(partition))
                            .register(registry);
                    return value;
                })
                .set(records);
    }
}
