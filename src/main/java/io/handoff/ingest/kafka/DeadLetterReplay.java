package io.handoff.ingest.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

/**
 * Sends dead letters back onto the events topic, as they came (key, value, headers without the
 * {@code dead-letter-*} ones), after their producer or Handoff was fixed. Reads each partition of the
 * dead-letter topic from {@code from} (or its start) up to where it ended when the replay began, so records
 * that fail again and land behind are not replayed twice in one run. Events already seen count once, so a
 * replay is safe to repeat.
 */
@ApplicationScoped
public class DeadLetterReplay {
    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);

    /** What a replay did: records read in the range, sent back, and left out as outside {@code from}..{@code to}. */
    public record Result(long read, long replayed, long outsideRange) {}

    private final KafkaConfig config;
    private final KafkaClients clients;

    public DeadLetterReplay(KafkaConfig config, KafkaClients clients) {
        this.config = config;
        this.clients = clients;
    }

    public boolean enabled() {
        return config.enabled();
    }

    public Result replay(Instant from, Instant to) {
        Properties consumerConfig = clients.properties(config.bootstrapServers(), "handoff-replay");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Properties producerConfig = clients.properties(config.bootstrapServers(), "handoff-replay");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        long read = 0;
        long replayed = 0;
        long outside = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(config.deadLetterTopic(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            if (from == null) {
                consumer.seekToBeginning(partitions);
            } else {
                Map<TopicPartition, Long> at = new HashMap<>();
                partitions.forEach(p -> at.put(p, from.toEpochMilli()));
                for (Map.Entry<TopicPartition, OffsetAndTimestamp> e :
                        consumer.offsetsForTimes(at, Duration.ofSeconds(30)).entrySet()) {
                    consumer.seek(
                            e.getKey(),
                            e.getValue() == null
                                    ? end.get(e.getKey())
                                    : e.getValue().offset());
                }
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue; // failed again during this replay: not this run's
                    }
                    read++;
                    if (to != null && record.timestamp() > to.toEpochMilli()) {
                        outside++;
                        continue;
                    }
                    ProducerRecord<byte[], byte[]> again =
                            new ProducerRecord<>(config.topic(), record.key(), record.value());
                    for (Header header : record.headers()) {
                        if (!header.key().startsWith("dead-letter-")) {
                            again.headers().add(header);
                        }
                    }
                    producer.send(again);
                    replayed++;
                }
            }
            producer.flush();
        }
        LOG.infof(
                "dead-letter replay: %d records read from %s, %d sent back to %s, %d outside the range",
                read, config.deadLetterTopic(), replayed, config.topic(), outside);
        return new Result(read, replayed, outside);
    }
}
