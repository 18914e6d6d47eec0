package io.handoff.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The test broker the Kafka collector's tests will stand on (issue 4): a real Kafka 4 in KRaft mode from
 * Maven Central jars, in its own process; what is acknowledged before a restart is still there after it.
 */
class KafkaBrokerIT {
    @Test
    void recordsWrittenBeforeARestartAreReadAfterIt() throws Exception {
        KafkaBroker broker = KafkaBroker.shared();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("broker-check", 3, (short) 1)))
                    .all()
                    .get();
        }
        produce(broker, 0, 50);

        broker.stop();
        broker.start();
        produce(broker, 50, 100);

        List<String> read = new ArrayList<>();
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "broker-check");
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> records =
                new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
            records.subscribe(List.of("broker-check"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < 100 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : records.poll(Duration.ofMillis(500))) {
                    read.add(record.value());
                }
            }
        }
        assertThat(read).hasSize(100).doesNotHaveDuplicates();
    }

    private static void produce(KafkaBroker broker, int from, int to) throws Exception {
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> records =
                new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                records.send(new ProducerRecord<>("broker-check", "flow-" + (i % 7), "event-" + i))
                        .get();
            }
        }
    }
}
