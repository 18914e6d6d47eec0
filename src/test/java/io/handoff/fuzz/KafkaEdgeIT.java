package io.handoff.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.testing.Exposition;
import io.handoff.testing.KafkaBroker;
import io.handoff.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * The Kafka edge of the packaged service, on a broker listener that needs SASL/PLAIN: every client Handoff
 * opens itself (topic admin, repartition producer, lag reader) connects with the channel's security settings,
 * and fuzzed records (CloudEvents in both bindings spoiled by mutations, a value over the producer's limit,
 * repartition records without their kind or with a forged event) each become an event or a dead letter,
 * while every partition keeps flowing past them.
 */
class KafkaEdgeIT {
    private static final String INGEST_KEY = "kafka-edge-ingest-key-0001";
    private static final String READER_KEY = "kafka-edge-reader-key-0001";
    private static final int FUZZED = 1500;

    private static String topic;
    private static ServiceProcess service;

    @BeforeAll
    static void start() {
        topic = "edge" + System.nanoTime() % 1_000_000 + ".events";
        Map<String, String> config = new HashMap<>(Map.ofEntries(
                Map.entry("handoff.kafka.enabled", "true"),
                Map.entry(
                        "handoff.kafka.bootstrap-servers", KafkaBroker.shared().saslBootstrapServers()),
                Map.entry("handoff.kafka.topic", topic),
                Map.entry("handoff.kafka.group-id", topic),
                Map.entry("handoff.engine.max-events-per-flow", "50"),
                Map.entry("handoff.sources.esb.api-key", INGEST_KEY),
                Map.entry("handoff.access.keys.reader.key", READER_KEY),
                Map.entry("handoff.access.keys.reader.role", "reader")));
        KafkaBroker.saslClient(KafkaBroker.SASL_PASSWORD).forEach((k, v) -> config.put("kafka." + k, v));
        config.putAll(KafkaBroker.streamsConfig());
        service = new ServiceProcess(config, Paths.get("target", "kafka-edge.log")).start();
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    @Test
    void theListenerRefusesAClientWithoutTheRightPassword() {
        try (KafkaProducer<String, byte[]> producer = producer(KafkaBroker.saslClient("wrong-password"))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, new byte[1]))
                            .get(20, TimeUnit.SECONDS))
                    .satisfies(e -> {
                        Throwable t = e;
                        while (t != null
                                && !(t instanceof org.apache.kafka.common.errors.SaslAuthenticationException)) {
                            t = t.getCause();
                        }
                        assertThat(t)
                                .as("a SASL authentication failure in " + e)
                                .isNotNull();
                    });
        }
    }

    @Test
    void anEventOverHttpTravelsTheRepartitionTopicWithTheChannelsCredentials() throws Exception {
        String message = "kafka-edge-http-" + System.nanoTime();
        ObjectNode event = Inputs.cloudEvent(8, 1, "esb://kafka-edge")
                .put("id", message + "-r")
                .put("correlationid", message);
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/events"))
                                .header("Authorization", "Bearer " + INGEST_KEY)
                                .header("Content-Type", "application/cloudevents+json")
                                .POST(HttpRequest.BodyPublishers.ofString(event.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> flowExists(message));
        assertThat(Exposition.scrape(service.managementUrl()).sum("handoff_kafka_records_total", "result", "accepted"))
                .isPositive();
    }

    @Test
    void everyFuzzedRecordBecomesAnEventOrADeadLetterAndNoPartitionStalls() throws Exception {
        double deadBefore = Exposition.scrape(service.managementUrl())
                .sum("handoff_kafka_records_total", "result", "dead-lettered");
        double keptBefore = Exposition.scrape(service.managementUrl())
                        .sum("handoff_kafka_records_total", "result", "accepted")
                + Exposition.scrape(service.managementUrl()).sum("handoff_kafka_records_total", "result", "duplicate");
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        // Drawn from the same generators as the HTTP suite; what becomes of each is checked once all are on the broker.
        qt().withExamples(FUZZED)
                .forAll(Generate.range(0, 12), SourceDSL.longs().all(), Mutation.some(), Generate.booleans())
                .checkAssert((type, n, mutations, binary) -> records.add(record(type, n, mutations, binary)));
        // Over the producer's own max.request.size (1 MB): its dead letter must be cut to fit, not retried for ever.
        records.add(new ProducerRecord<>(
                topic,
                "huge",
                ("{\"specversion\":\"1.0\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}")
                        .getBytes(StandardCharsets.UTF_8)));
        ProducerRecord<String, byte[]> structuredHuge = records.get(records.size() - 1);
        structuredHuge.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        // Handoff's own topic: no kind header; a kind with a forged event; a forged event with a control character in
        // its source.
        String repartition = topic + ".repartition";
        records.add(new ProducerRecord<>(
                repartition, "x", "{\"type\":\"timesheet.approved\"}".getBytes(StandardCharsets.UTF_8)));
        ProducerRecord<String, byte[]> forged = new ProducerRecord<>(
                repartition,
                "y",
                ("{\"source\":\"a\\u0000b\",\"event_id\":\"f-1\",\"type\":"
                                + "\"timesheet.approved\",\"@timestamp\":\"2026-11-23T08:00:00Z\",\"received_at\":\"2026-11-23T08:00:00Z\",\"subject\":"
                                + "\"account.analytic.line/1\",\"origin\":\"esb\"}")
                        .getBytes(StandardCharsets.UTF_8));
        forged.headers().add("handoff-kind", "event".getBytes(StandardCharsets.UTF_8));
        records.add(forged);
        ProducerRecord<String, byte[]> garbage = new ProducerRecord<>(repartition, "z", new byte[] {(byte) 0xff, 0, 1});
        garbage.headers().add("handoff-kind", "context".getBytes(StandardCharsets.UTF_8));
        records.add(garbage);
        // A kind that is neither, on a value over the producer's limit: the Streams task's dead letter is cut to fit
        // too.
        ProducerRecord<String, byte[]> hugeForgery = new ProducerRecord<>(
                repartition, "w", ("{\"pad\":\"" + "y".repeat(2_000_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        hugeForgery.headers().add("handoff-kind", "bogus".getBytes(StandardCharsets.UTF_8));
        records.add(hugeForgery);
        try (KafkaProducer<String, byte[]> producer = producer(KafkaBroker.saslClient(KafkaBroker.SASL_PASSWORD))) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
            // Last on every partition of both topics: a valid event each. Once all are seen, no partition stalled
            // behind a record.
            List<String> sentinels = new ArrayList<>();
            for (String t : List.of(topic, repartition)) {
                for (int partition = 0; partition < 3; partition++) {
                    String message = "sentinel-" + t.hashCode() + "-" + partition + "-" + System.nanoTime();
                    sentinels.add(message);
                    ObjectNode event = Inputs.cloudEvent(8, partition, "esb://kafka-edge")
                            .put("id", message)
                            .put("correlationid", message);
                    ProducerRecord<String, byte[]> record = t.equals(topic)
                            ? new ProducerRecord<>(
                                    t, partition, message, event.toString().getBytes(StandardCharsets.UTF_8))
                            : new ProducerRecord<>(t, partition, message, repartitionDocument(message));
                    record.headers()
                            .add(
                                    t.equals(topic) ? "content-type" : "handoff-kind",
                                    (t.equals(topic) ? "application/cloudevents+json" : "event")
                                            .getBytes(StandardCharsets.UTF_8));
                    producer.send(record).get(30, TimeUnit.SECONDS);
                }
            }
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(
                                    sentinels.stream().filter(s -> !seen(s)).toList())
                            .isEmpty());
        }
        double dead =
                Exposition.scrape(service.managementUrl()).sum("handoff_kafka_records_total", "result", "dead-lettered")
                        - deadBefore;
        double kept = Exposition.scrape(service.managementUrl())
                        .sum("handoff_kafka_records_total", "result", "accepted")
                + Exposition.scrape(service.managementUrl()).sum("handoff_kafka_records_total", "result", "duplicate")
                - keptBefore;
        int produced = records.size() + 6;
        System.out.printf(
                "kafka edge fuzz: %d records produced, %.0f kept as events, %.0f dead-lettered%n",
                produced, kept, dead);
        assertThat(kept + dead).as("every record is an event or a dead letter").isEqualTo(produced);
        List<ConsumerRecord<byte[], byte[]>> letters = deadLetters();
        assertThat(letters)
                .as("the dead-letter topic holds every record counted as dead-lettered")
                .hasSize((int) Exposition.scrape(service.managementUrl())
                        .sum("handoff_kafka_records_total", "result", "dead-lettered"));
        for (String from : List.of(topic, repartition)) {
            assertThat(letters).as("a cut dead letter from " + from).anySatisfy(l -> {
                assertThat(new String(
                                l.headers().lastHeader("dead-letter-topic").value(), StandardCharsets.UTF_8))
                        .isEqualTo(from);
                assertThat(l.headers().lastHeader("dead-letter-truncated")).isNotNull();
                assertThat(l.value().length).isLessThan(1_000_000);
            });
        }
        assertThat(letters)
                .allSatisfy(l ->
                        assertThat(l.headers().lastHeader("dead-letter-reason")).isNotNull());
    }

    private static ProducerRecord<String, byte[]> record(int type, long n, List<Mutation> mutations, boolean binary) {
        ObjectNode event = Inputs.cloudEvent(type, n, "esb://kafka-edge");
        Mutation.applyToTree(event, mutations);
        if (!binary) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    topic,
                    Long.toString(n),
                    Mutation.applyToBytes(event.toString().getBytes(StandardCharsets.UTF_8), event, mutations));
            record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            return record;
        }
        JsonNode data = event.remove("data");
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topic,
                Long.toString(n),
                data == null
                        ? null
                        : (data.isTextual() ? data.asText() : data.toString()).getBytes(StandardCharsets.UTF_8));
        event.fields()
                .forEachRemaining(member -> record.headers()
                        .add(
                                "ce_" + member.getKey(),
                                (member.getValue().isTextual()
                                                ? member.getValue().asText()
                                                : member.getValue().toString())
                                        .getBytes(StandardCharsets.UTF_8)));
        record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** An accepted event as Handoff itself writes it to the repartition topic. */
    private static byte[] repartitionDocument(String message) {
        String now = java.time.Instant.now().minusSeconds(5).toString();
        return ("{\"source\":\"esb://kafka-edge\",\"event_id\":\"" + message
                        + "\",\"type\":\"middleware.message.received\",\"@timestamp\":\"" + now
                        + "\",\"received_at\":\"" + now + "\",\"correlation_id\":\"" + message
                        + "\",\"origin\":\"esb\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<String, byte[]> producer(Map<String, String> security) {
        Properties config = new Properties();
        config.putAll(security);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().saslBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "5000000");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        Properties config = new Properties();
        config.putAll(KafkaBroker.saslClient(KafkaBroker.SASL_PASSWORD));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().saslBootstrapServers());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic + ".dead-letters"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int quiet = 0;
            while (System.nanoTime() < deadline && quiet < 3) {
                int before = all.size();
                consumer.poll(Duration.ofSeconds(1)).forEach(all::add);
                quiet = all.size() == before && !all.isEmpty() ? quiet + 1 : 0;
            }
        }
        return all;
    }

    private static boolean seen(String key) {
        try {
            return flowExists(key);
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean flowExists(String key) throws Exception {
        return HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/flows/" + key))
                                        .header("Authorization", "Bearer " + READER_KEY)
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                == 200;
    }
}
