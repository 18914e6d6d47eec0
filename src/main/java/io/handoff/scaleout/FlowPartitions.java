package io.handoff.scaleout;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition a flow lives on: where Kafka's default partitioner puts a record keyed by the flow key
 * (murmur2 of the key's UTF-8 bytes), so producers keying records by flow key, and Handoff's own records,
 * land where the flow is owned.
 */
final class FlowPartitions {
    private FlowPartitions() {}

    static int of(String flowKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(flowKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
