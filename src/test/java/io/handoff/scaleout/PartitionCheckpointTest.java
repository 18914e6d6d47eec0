package io.handoff.scaleout;

import static io.handoff.testing.Events.approved;
import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.codec.EventCodec;
import io.handoff.engine.EngineLoop;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.IngestObserver;
import io.handoff.ingest.kafka.KafkaObserver;
import io.handoff.ingest.kafka.KafkaPublisher;
import io.handoff.testing.EngineLoops;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition records up to when its outcomes were told as soon as the engine answers, not an interval later: what
 * the old owner tells after the recorded instant, the next owner tells again when the partition moves. Kafka Streams'
 * own test driver runs the partition's processor and stores, with its wall clock in the test's hands; the engine is
 * the real one.
 */
class PartitionCheckpointTest {
    private static final String TOPIC = "events.repartition";
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Instant START = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path state;

    private EngineLoop engine;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> repartition;
    private KeyValueStore<String, Long> checkpoints;

    @BeforeEach
    void start() throws Exception {
        engine = EngineLoops.started();
        EngineHost host = new EngineHost(engine, KafkaObserver.NONE, TOPIC, 1);
        EdgeRules edge = new EdgeRules(Duration.ofMinutes(5), Duration.ofDays(4000), "practice", Map.of());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "checkpoints");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(
                StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(state).toString());
        driver = new TopologyTestDriver(
                PartitionTopology.build(
                        TOPIC,
                        "events.dead-letters",
                        () -> new PartitionProcessor(host, edge, KafkaObserver.NONE, IngestObserver.NONE, INTERVAL)),
                config,
                START);
        repartition = driver.createInputTopic(TOPIC, new StringSerializer(), new ByteArraySerializer());
        checkpoints = driver.getKeyValueStore(PartitionTopology.CHECKPOINTS);
    }

    @AfterEach
    void stop() {
        driver.close();
        engine.close();
    }

    @Test
    void anIdlePartitionRecordsTheAnswerWithinATenthOfASecondOfIt() throws Exception {
        driver.advanceWallClockTime(INTERVAL); // asks the engine
        Instant answered = answered();
        assertThat(recorded()).as("nothing recorded before the processor looks").isNull();

        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertThat(recorded()).isNotNull().isBeforeOrEqualTo(answered);
        assertThat(recorded()).isAfter(answered.minusSeconds(5));
    }

    @Test
    void aBusyPartitionRecordsTheAnswerAtItsNextRecord() throws Exception {
        event(approved("1", "2026-11-20T08:00:00Z"));
        driver.advanceWallClockTime(INTERVAL);
        answered();

        event(approved("2", "2026-11-20T08:30:00Z"));

        assertThat(recorded()).isNotNull();
    }

    @Test
    void itAsksAgainOnlyOnceAnIntervalHasPassed() throws Exception {
        driver.advanceWallClockTime(INTERVAL);
        answered();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        Instant first = recorded();

        Thread.sleep(20); // the engine's clock moves on, so a second answer would differ
        driver.advanceWallClockTime(INTERVAL.minusMillis(300)); // 9.8 s after the first ask
        answered();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(recorded()).as("not asked again within the interval").isEqualTo(first);

        driver.advanceWallClockTime(Duration.ofMillis(100)); // 10 s after the first ask
        answered();
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(recorded()).as("asked again once the interval passed").isAfter(first);
    }

    private void event(BusinessEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaPublisher.KIND, KafkaPublisher.EVENT.getBytes(StandardCharsets.UTF_8));
        repartition.pipeInput(new TestRecord<>(event.flowKey(), EventCodec.write(event), headers));
    }

    /** Waits until the engine has run every command asked of it so far; the instant it answers now. */
    private Instant answered() throws Exception {
        return engine.reportedUntil().get(5, TimeUnit.SECONDS);
    }

    private Instant recorded() {
        Long until = checkpoints.get(PartitionProcessor.REPORTED_UNTIL);
        return until == null ? null : Instant.ofEpochMilli(until);
    }
}
