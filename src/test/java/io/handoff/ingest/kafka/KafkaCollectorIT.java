package io.handoff.ingest.kafka;

import static io.handoff.testing.Api.ESB_KEY;
import static io.handoff.testing.Api.OPERATOR_KEY;
import static io.handoff.testing.Api.READER_KEY;
import static io.handoff.testing.Api.as;
import static io.handoff.testing.Api.cloudEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.handoff.testing.CloudEventRecords;
import io.handoff.testing.Exposition;
import io.handoff.testing.KafkaBroker;
import io.handoff.testing.ServiceUnderTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The running service consuming CloudEvents from a real Kafka broker, in both bindings, with poison records. */
class KafkaCollectorIT {
    static final String TOPIC = "it.events";
    static final String DEAD_LETTERS = "it.events.dead-letters";

    private static ServiceUnderTest service;

    @BeforeAll
    static void start() {
        Map<String, String> config = new java.util.HashMap<>(KafkaBroker.streamsConfig());
        config.putAll(Map.of(
                "handoff.kafka.enabled",
                "true",
                "handoff.kafka.bootstrap-servers",
                KafkaBroker.shared().bootstrapServers(),
                "handoff.kafka.topic",
                TOPIC,
                "handoff.kafka.dead-letter-topic",
                DEAD_LETTERS,
                "handoff.kafka.group-id",
                "it-handoff"));
        // Commits far apart: a fenced producer nearly always leaves records processed and not committed yet. A
        // commit open when the broker is killed can fail the stream thread; the thread replacing it waits for the
        // failed one's static membership to time out: 10 s here, not 45.
        config.put("handoff.kafka.streams.commit-interval", "3s");
        config.put("handoff.kafka.streams.properties.\"session.timeout.ms\"", "10000");
        service = ServiceUnderTest.start("kafka-collector-service", config);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void send(String key, byte[] value, String... headers) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, key, value);
            for (int i = 0; i < headers.length; i += 2) {
                record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
            }
            producer.send(record).get();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void binary(String key, String id, String subject, String time) throws Exception {
        send(
                key,
                bytes("{\"amount\": 1200.0, \"client\": \"Kafka Corp\"}"),
                "ce_specversion",
                "1.0",
                "ce_id",
                id,
                "ce_source",
                "esb://kafka-it",
                "ce_type",
                "invoice.posted",
                "ce_time",
                time,
                "ce_subject",
                subject,
                "content-type",
                "application/json");
    }

    @Test
    void aBinaryModeEventIsKeptOnceHoweverOftenItIsDelivered() throws Exception {
        String time = now();
        double duplicatesBefore = kafkaRecords("duplicate");
        binary("account.move/7301", "kafka-bin-1", "account.move/7301", time);
        binary("account.move/7301", "kafka-bin-1", "account.move/7301", time); // redelivered

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/account.move/7301")
                        .then()
                        .statusCode(200)
                        .body("client", equalTo("Kafka Corp")));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(kafkaRecords("duplicate")).isEqualTo(duplicatesBefore + 1));
        as(READER_KEY).get("/api/v1/flows/account.move/7301").then().body("eventCount", equalTo(1));
    }

    @Test
    void aStructuredModeEventIsKept() throws Exception {
        send(
                "account.move/7302",
                bytes(
                        "{\"specversion\":\"1.0\",\"id\":\"kafka-str-1\",\"source\":\"esb://kafka-it\",\"type\":\"invoice.posted\","
                                + "\"time\":\"" + now()
                                + "\",\"subject\":\"account.move/7302\",\"data\":{\"amount\":99.5}}"),
                "content-type",
                "application/cloudevents+json");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/account.move/7302")
                        .then()
                        .statusCode(200)
                        .body("amount", equalTo(99.5f)));
    }

    @Test
    void anEventPostedOverHttpIsOnKafkaWhenItIsAcknowledgedAndIsCountedWhereItsFlowIsOwned() throws Exception {
        String id = "http-through-kafka-1";
        as(ESB_KEY)
                .contentType("application/cloudevents+json")
                .body(cloudEvent(id, "invoice.posted", now(), "account.move/7310", null, "{\"amount\": 310.0}"))
                .post("/api/v1/events")
                .then()
                .statusCode(202);

        // Acknowledged means Kafka has it: it is on the repartition topic at once, keyed by its flow.
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-repartition-reader-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC + ".repartition"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (found.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (new String(r.value(), StandardCharsets.UTF_8).contains("\"event_id\":\"" + id + "\"")) {
                        found.add(r);
                    }
                });
            }
        }
        assertThat(found).hasSize(1);
        assertThat(found.get(0).key()).isEqualTo("account.move/7310");
        assertThat(new String(found.get(0).headers().lastHeader("handoff-kind").value(), StandardCharsets.UTF_8))
                .isEqualTo("event");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/account.move/7310")
                        .then()
                        .statusCode(200)
                        .body("amount", equalTo(310.0f))
                        .body("eventCount", equalTo(1)));
        // Counted once, under the source that posted it, where the flow is owned.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Exposition.of(metricsText())
                                .sum(
                                        "handoff_ingest_events_total",
                                        "result",
                                        "accepted",
                                        "source",
                                        "esb",
                                        "type",
                                        "invoice.posted"))
                        .isEqualTo(1.0));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithTheReasonAndThePartitionKeepsFlowing() throws Exception {
        String key = "account.move/7303"; // one key: one partition, in this order
        double deadBefore = kafkaRecords("dead-lettered");
        send(key, bytes("{not json"), "content-type", "application/cloudevents+json");
        send(
                key,
                bytes("{}"),
                "ce_specversion",
                "1.0",
                "ce_id",
                "kafka-bad-1",
                "ce_source",
                "esb://kafka-it",
                "ce_time",
                now()); // no type
        send(key, bytes("plain text"), "content-type", "text/plain");
        binary(key, "kafka-good-after-poison", "account.move/7303", now());

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> as(READER_KEY)
                        .get("/api/v1/flows/account.move/7303")
                        .then()
                        .statusCode(200));

        List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-dead-letter-reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (dead.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(dead::add);
            }
        }
        assertThat(dead).hasSize(3);
        assertThat(dead).extracting(ConsumerRecord::key).containsOnly(key);
        // Batches are processed concurrently: dead letters keep their records' order within a batch, not across
        // batches.
        assertThat(dead)
                .extracting(r ->
                        new String(r.headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8))
                .satisfiesExactlyInAnyOrder(
                        reason -> assertThat(reason).contains("structured CloudEvent whose value is not JSON"),
                        reason -> assertThat(reason).contains("type"),
                        reason -> assertThat(reason).contains("not a CloudEvent", "text/plain"));
        assertThat(dead)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .contains("{not json"); // kept as it came, for a replay
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(kafkaRecords("dead-lettered")).isEqualTo(deadBefore + 3));
    }

    private static double metSum(String metrics, String sla) {
        return Exposition.of(metrics).sum("handoff_sla_outcomes_total", "outcome", "met", "sla", sla);
    }

    @Test
    void aBrokerKilledMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
        double metBefore = metSum(metricsText(), "middleware-delivery");
        // Received just now and delivered 10 s later: each clock is met when it is first decided (well within 2
        // minutes).
        Instant received = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "180000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "120000");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) {
                message(producer, "kafka-kill-" + i, received).forEach(KafkaCollectorIT::acknowledged);
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> as(READER_KEY)
                            .get("/api/v1/flows/kafka-kill-0")
                            .then()
                            .statusCode(200));

            // Killed while the service is consuming the first ten and before offsets are committed (throttled, every
            // few seconds):
            // the consumer loses its broker mid-fetch, and the rest of the wave is sent while the broker is down.
            // Sending may
            // block (metadata), so another thread sends while this one brings the broker back.
            KafkaBroker.shared().kill();
            CountDownLatch sending = new CountDownLatch(1);
            List<Instant> acknowledgedAt = Collections.synchronizedList(new ArrayList<>());
            ExecutorService sender = Executors.newSingleThreadExecutor();
            Future<List<Future<RecordMetadata>>> whileDown = sender.submit(() -> {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                sending.countDown();
                for (int i = 10; i < 40; i++) {
                    sent.addAll(message(
                            producer, "kafka-kill-" + i, received, (metadata, e) -> acknowledgedAt.add(Instant.now())));
                }
                return sent;
            });
            assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
            Instant restarting = Instant.now();
            KafkaBroker.shared().start();
            whileDown.get(120, TimeUnit.SECONDS).forEach(KafkaCollectorIT::acknowledged);
            sender.shutdown();
            assertThat(acknowledgedAt)
                    .as("records sent while the broker was down, acknowledged only once it is back")
                    .hasSize(60)
                    .allMatch(t -> t.isAfter(restarting));
            for (int i = 40; i < 80; i++) {
                message(producer, "kafka-kill-" + i, received).forEach(KafkaCollectorIT::acknowledged);
            }
        }

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (int i = 0; i < 80; i++) {
                as(READER_KEY)
                        .get("/api/v1/flows/kafka-kill-" + i)
                        .then()
                        .statusCode(200)
                        .body("eventCount", equalTo(2))
                        .body("slas[0].state", equalTo("met"));
            }
        });
        // Each of the 80 delivery clocks counted once, whatever was delivered again after the broker came back.
        String metrics = metricsText();
        double metAfter = metSum(metrics, "middleware-delivery");
        assertThat(metAfter - metBefore)
                .as(String.join(
                        "\n",
                        metrics.lines()
                                .filter(l -> l.contains("middleware-delivery"))
                                .toList()))
                .isEqualTo(80.0);
    }

    private static List<Future<RecordMetadata>> message(
            KafkaProducer<String, byte[]> producer, String id, Instant received) {
        return message(producer, id, received, null);
    }

    private static List<Future<RecordMetadata>> message(
            KafkaProducer<String, byte[]> producer, String id, Instant received, Callback callback) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (String[] step :
                new String[][] {{"middleware.message.received", "0"}, {"middleware.message.delivered", "10"}}) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, id, bytes("{}"));
            String[] headers = {
                "ce_specversion",
                "1.0",
                "ce_id",
                id + "-" + step[0],
                "ce_source",
                "esb://kafka-it",
                "ce_type",
                step[0],
                "ce_time",
                received.plusSeconds(Long.parseLong(step[1])).toString(),
                "ce_correlationid",
                id,
                "content-type",
                "application/json"
            };
            for (int i = 0; i < headers.length; i += 2) {
                record.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
            }
            sent.add(producer.send(record, callback));
        }
        return sent;
    }

    private static void acknowledged(Future<RecordMetadata> sent) {
        try {
            sent.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("a record was not acknowledged by the broker", e);
        }
    }

    private static double deadLettered() {
        return kafkaRecords("dead-lettered");
    }

    private static double kafkaRecords(String result) {
        return Exposition.of(metricsText()).sum("handoff_kafka_records_total", "result", result);
    }

    @Test
    void deadLettersAreSentBackThroughTheCollectorOnRequest() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        double before = deadLettered();
        // Dated an hour ahead: refused as implausible (max-future-skew 5 min), so dead-lettered.
        send(
                "account.move/7309",
                bytes("{}"),
                "ce_specversion",
                "1.0",
                "ce_id",
                "kafka-replay-1",
                "ce_source",
                "esb://kafka-it",
                "ce_type",
                "invoice.posted",
                "ce_time",
                Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toString(),
                "ce_subject",
                "account.move/7309",
                "content-type",
                "application/json");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(deadLettered()).isEqualTo(before + 1));

        as(READER_KEY).post("/api/v1/admin/kafka/replay").then().statusCode(403);
        as(OPERATOR_KEY)
                .queryParam("from", "yesterday")
                .post("/api/v1/admin/kafka/replay")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        as(OPERATOR_KEY)
                .queryParam("from", start.toString())
                .post("/api/v1/admin/kafka/replay")
                .then()
                .statusCode(200)
                .body("read", equalTo(1))
                .body("replayed", equalTo(1))
                .body("outsideRange", equalTo(0));
        // Back through the collector: still dated in the future, so dead-lettered once more (a fixed producer's would
        // be kept).
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(deadLettered()).isEqualTo(before + 2));
        // A range that ends before it was dead-lettered sends nothing back.
        as(OPERATOR_KEY)
                .queryParam("from", start.toString())
                .queryParam("to", start.toString())
                .post("/api/v1/admin/kafka/replay")
                .then()
                .statusCode(200)
                .body("replayed", equalTo(0));
    }

    /**
     * A transaction aborted under this instance while it keeps its partitions: the broker is told to fence its Kafka
     * Streams producer (as it does to one whose transaction timed out, or to a zombie) three times while records flow,
     * and each time Kafka Streams closes the tasks dirty, restores their stores and processes the records since the
     * last commit again. Each record counts once and each outcome is told once (before the fix: 310 records counted
     * 544 times).
     */
    @Test
    void recordsProcessedAgainAfterAnAbortedTransactionAreCountedAndToldOnce() throws Exception {
        int lines = 150;
        int invoices = 10;
        // Whatever earlier tests sent has been counted: the counts stand still for a poll of 1.5 s.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(1500))
                .until(new Callable<Boolean>() {
                    private double last = -1;

                    @Override
                    public Boolean call() {
                        double now = kafkaRecords("accepted") + kafkaRecords("duplicate");
                        boolean still = now == last;
                        last = now;
                        return still;
                    }
                });
        double acceptedBefore = kafkaRecords("accepted");
        double toldBefore = approvedToInvoiceOutcomes();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int invoice = 0; invoice < invoices; invoice++) {
                String subject = "account.move/" + (96000 + invoice);
                producer.send(revived(subject, "posted-" + invoice, "invoice.posted", now, "{}"));
            }
            Thread trickle = new Thread(() -> {
                for (int line = 0; line < lines; line++) {
                    String subject = "account.analytic.line/" + (95000 + line);
                    producer.send(revived(
                            subject,
                            "approve-" + line,
                            "timesheet.approved",
                            now.minus(1, ChronoUnit.DAYS),
                            "{\"hours\": 2.0}"));
                    producer.send(revived(
                            subject,
                            "invoiced-" + line,
                            "timesheet.invoiced",
                            now,
                            "{\"invoice\": \"account.move/" + (96000 + line % invoices) + "\"}"));
                    producer.flush();
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            trickle.start();
            try {
                for (int fence = 1; fence <= 3; fence++) {
                    double after = acceptedBefore + 100 * fence - 50;
                    await().atMost(Duration.ofSeconds(30)).until(() -> kafkaRecords("accepted") >= after);
                    fenceStreamsProducers("it-handoff-flows-");
                }
                trickle.join();
            } finally {
                trickle.interrupt();
            }
        }
        double all = acceptedBefore + 2 * lines + invoices;
        await().atMost(Duration.ofSeconds(60)).until(() -> kafkaRecords("accepted") >= all);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(kafkaRecords("accepted")).as("records accepted").isEqualTo(all);
            assertThat(approvedToInvoiceOutcomes())
                    .as("approved-to-invoice outcomes told")
                    .isEqualTo(toldBefore + lines);
        });
    }

    private static double approvedToInvoiceOutcomes() {
        return Exposition.of(metricsText()).sum("handoff_sla_outcomes_total", "sla", "approved-to-invoice");
    }

    /** Fences every open transactional producer of the Streams application: its open transaction is aborted. */
    private static void fenceStreamsProducers(String prefix) throws Exception {
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

    private static ProducerRecord<String, byte[]> revived(
            String subject, String id, String type, Instant time, String data) {
        return CloudEventRecords.binary(TOPIC, subject, "esb://revive", id, type, time, subject, null, data);
    }

    /** The service's Prometheus exposition, as scraped from its management interface. */
    private static String metricsText() {
        return io.handoff.testing.Management.given()
                .get("/q/metrics")
                .then()
                .extract()
                .asString();
    }
}
