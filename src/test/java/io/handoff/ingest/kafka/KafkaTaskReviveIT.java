package io.handoff.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.handoff.testing.CloudEventRecords;
import io.handoff.testing.Exposition;
import io.handoff.testing.KafkaBroker;
import io.handoff.testing.ServiceProcess;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams transactions aborted under an instance that keeps its partitions: while records flow, the broker is
 * told to fence the instance's transactional producer (as it does to a producer whose transaction timed out, or to a
 * zombie), so its open transaction is aborted and Kafka Streams closes its tasks dirty, restores their stores from
 * the changelog and processes the uncommitted records a second time. What the instance already counted and told must
 * not be counted or told again.
 */
class KafkaTaskReviveIT {
    private static final String TOPIC = "revive.events";
    private static final int LINES = 150;
    private static final int INVOICES = 10;

    @Test
    void recordsProcessedAgainAfterAnAbortedTransactionAreNotCountedOrToldTwice() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(2), Optional.empty())))
                    .all()
                    .get();
        }
        Map<String, String> config = new HashMap<>(KafkaBroker.streamsConfig());
        config.put("handoff.kafka.enabled", "true");
        config.put("handoff.kafka.bootstrap-servers", KafkaBroker.shared().bootstrapServers());
        config.put("handoff.kafka.topic", TOPIC);
        config.put("handoff.kafka.group-id", "revive");
        // Commits far apart: a fence nearly always finds records processed and not committed yet.
        config.put("handoff.kafka.streams.commit-interval", "3s");
        ServiceProcess service = new ServiceProcess(config, Paths.get("target", "kafka-revive.log"));
        service.start();
        try {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            AtomicInteger sent = new AtomicInteger();
            Properties producerConfig = new Properties();
            producerConfig.put(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    KafkaBroker.shared().bootstrapServers());
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
                for (int invoice = 0; invoice < INVOICES; invoice++) {
                    String subject = "account.move/" + (96000 + invoice);
                    producer.send(record(subject, "posted-" + invoice, "invoice.posted", now, "{}"));
                }
                Thread trickle = new Thread(() -> {
                    for (int line = 0; line < LINES; line++) {
                        String subject = "account.analytic.line/" + (95000 + line);
                        producer.send(record(
                                subject,
                                "approve-" + line,
                                "timesheet.approved",
                                now.minus(1, ChronoUnit.DAYS),
                                "{\"hours\": 2.0}"));
                        producer.send(record(
                                subject,
                                "invoiced-" + line,
                                "timesheet.invoiced",
                                now,
                                "{\"invoice\": \"account.move/" + (96000 + line % INVOICES) + "\"}"));
                        producer.flush();
                        sent.addAndGet(2);
                        try {
                            Thread.sleep(40);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                trickle.start();
                for (int fence = 1; fence <= 3; fence++) {
                    int after = 100 * fence - 50;
                    await().atMost(Duration.ofSeconds(30)).until(() -> accepted(service) >= after);
                    fenceStreams("revive-flows-");
                }
                trickle.join();
            }
            assertThat(sent.get()).isEqualTo(2 * LINES);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(accepted(service))
                            .as(() -> counts(service))
                            .isGreaterThanOrEqualTo(2 * LINES + INVOICES));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Exposition metrics = Exposition.scrape(service.managementUrl());
                assertThat(metrics.sum("handoff_kafka_records_total", "result", "accepted"))
                        .as("records accepted")
                        .isEqualTo(2 * LINES + INVOICES);
                assertThat(metrics.sum("handoff_sla_outcomes_total", "sla", "approved-to-invoice"))
                        .as("approved-to-invoice outcomes told")
                        .isEqualTo(LINES);
            });
            String log = java.nio.file.Files.readString(Paths.get("target", "kafka-revive.log"));
            assertThat(log)
                    .as("the fences made Kafka Streams process records again")
                    .containsPattern("(?i)corrupted|fenced|migrated");
        } finally {
            service.stop();
        }
    }

    /** The instance's records by result, for a failure's message. */
    private static String counts(ServiceProcess service) {
        try {
            Exposition metrics = Exposition.scrape(service.managementUrl());
            StringBuilder text = new StringBuilder("records");
            for (String result : List.of("accepted", "duplicate", "context", "dead-lettered", "forwarded")) {
                text.append(' ').append(result).append('=').append((long)
                        metrics.sum("handoff_kafka_records_total", "result", result));
            }
            return text.toString();
        } catch (Exception e) {
            return "records not known: " + e;
        }
    }

    private static double accepted(ServiceProcess service) throws Exception {
        return Exposition.scrape(service.managementUrl()).sum("handoff_kafka_records_total", "result", "accepted");
    }

    /** Fences every open transactional producer of the Streams application: its open transaction is aborted. */
    private static void fenceStreams(String prefix) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers()))) {
            List<String> ids = admin.listTransactions().all().get().stream()
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(prefix))
                    .toList();
            assertThat(ids)
                    .as("the Streams application's transactional producers")
                    .isNotEmpty();
            admin.fenceProducers(ids).all().get();
        }
    }

    private static ProducerRecord<String, byte[]> record(
            String subject, String id, String type, Instant time, String data) {
        return CloudEventRecords.binary(TOPIC, subject, "esb://revive", id, type, time, subject, null, data);
    }
}
