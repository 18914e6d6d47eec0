package io.handoff.scaleout;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The topology: the repartition topic (events keyed by their flow, context keyed by the flow that needs it) into
 * one processor per partition with two persistent, changelogged stores (the partition's events; up to when its
 * outcomes were told), and a sink for records that are not events.
 */
final class PartitionTopology {
    static final String SOURCE = "accepted-events";
    static final String PROCESSOR = "partition-flows";
    static final String DEAD_LETTERS = "dead-letters";
    static final String EVENTS = "partition-events";
    static final String CHECKPOINTS = "partition-checkpoints";

    private PartitionTopology() {}

    static Topology build(
            String repartitionTopic,
            String deadLetterTopic,
            ProcessorSupplier<String, byte[], String, byte[]> processors) {
        Topology topology = new Topology();
        topology.addSource(
                SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), repartitionTopic);
        topology.addProcessor(PROCESSOR, processors, SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(EVENTS), Serdes.String(), Serdes.ByteArray()),
                PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(CHECKPOINTS), Serdes.String(), Serdes.Long()),
                PROCESSOR);
        topology.addSink(
                DEAD_LETTERS,
                deadLetterTopic,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                PROCESSOR);
        return topology;
    }
}
