package io.handoff.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.handoff.testing.KafkaBroker;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * A stream thread that fails is replaced, and its partitions go on within seconds, not after the session timeout:
 * a real broker and a Kafka Streams application with static membership and exactly-once as Handoff runs it, whose
 * processor throws on one record once (its transaction aborted, the record is processed again). The replacement
 * joins under a new thread index; without the failed thread's member removed, the group waits for it until
 * {@code session.timeout.ms} (45 s here, Kafka's default).
 */
class StreamThreadReplacementIT {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(45);

    private final String topic = "replace.in." + System.nanoTime();

    private final Map<String, String> processedBy = new ConcurrentHashMap<>();
    private final AtomicBoolean failed = new AtomicBoolean();

    @Test
    void theFailedThreadsPartitionsGoOnWellBeforeTheSessionTimeout() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        String app = "replace-" + System.nanoTime();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(2), Optional.empty())))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("replace").toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2); // as Handoff runs it
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "127.0.0.1-8080");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());

        StreamThreadReplacement replacement = new StreamThreadReplacement(
                () -> Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers())),
                app,
                "127.0.0.1-8080");

        KafkaStreams streams = new KafkaStreams(topology(), props);
        streams.setUncaughtExceptionHandler(replacement);
        try (KafkaProducer<String, String> producer = producer(broker)) {
            streams.start();
            // Both partitions' tasks on the one thread: a record to each, once the group has formed.
            awaitProcessed(producer, List.of("a0", "a1"), Duration.ofSeconds(90));

            producer.send(new ProducerRecord<>(topic, 0, "k", "poison")).get();
            long failedAt = System.nanoTime();
            awaitProcessed(producer, List.of("b0", "b1"), SESSION_TIMEOUT.dividedBy(2));
            Duration stalled = Duration.ofNanos(System.nanoTime() - failedAt);

            assertThat(failed).as("the processor threw").isTrue();
            assertThat(processedBy.get("poison"))
                    .as("the record that failed, processed again by the replacement: %s", processedBy)
                    .endsWith("-StreamThread-2");
            assertThat(processedBy.get("b0")).endsWith("-StreamThread-2");
            assertThat(processedBy.get("b1")).endsWith("-StreamThread-2");
            assertThat(stalled)
                    .as("failure to both partitions going on (0.3 s on a quiet machine)")
                    .isLessThan(Duration.ofSeconds(10));
        } finally {
            if (streams.close(Duration.ofSeconds(30))) { // a stalled group may keep it from closing in time
                streams.cleanUp();
            }
        }
    }

    private Topology topology() {
        Topology topology = new Topology();
        topology.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), topic);
        topology.addProcessor(
                "fails-once",
                () -> new Processor<String, String, Void, Void>() {
                    @Override
                    public void process(Record<String, String> record) {
                        if (record.value().equals("poison") && failed.compareAndSet(false, true)) {
                            throw new IllegalStateException("a defect this record meets once");
                        }
                        processedBy.put(record.value(), Thread.currentThread().getName());
                    }
                },
                "in");
        return topology;
    }

    /** Sends each value to its partition (its last digit) until all are processed; fails after {@code atMost}. */
    private void awaitProcessed(KafkaProducer<String, String> producer, List<String> values, Duration atMost) {
        AtomicLong resendAt = new AtomicLong(System.nanoTime());
        await("processed: " + values)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (values.stream().allMatch(processedBy::containsKey)) {
                        return true;
                    }
                    // Sent again every few seconds: the group forms at its own pace (duplicates do no harm here).
                    if (System.nanoTime() - resendAt.get() >= 0) {
                        for (String value : values) {
                            if (!processedBy.containsKey(value)) {
                                int partition = value.charAt(value.length() - 1) - '0';
                                producer.send(new ProducerRecord<>(topic, partition, "k", value))
                                        .get();
                            }
                        }
                        resendAt.set(System.nanoTime() + Duration.ofSeconds(5).toNanos());
                    }
                    return false;
                });
    }

    private static KafkaProducer<String, String> producer(KafkaBroker broker) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
}
