package io.handoff.scaleout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.engine.EngineLoop;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.kafka.KafkaClients;
import io.handoff.ingest.kafka.KafkaConfig;
import io.handoff.ingest.kafka.KafkaObserver;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Runs the partition topology when {@code handoff.kafka.enabled} and {@code handoff.kafka.streams.enabled} are on:
 * one Kafka Streams application per deployment (every instance the same application id), started once the topics
 * exist, closed before the engine on shutdown so each partition is given up cleanly.
 */
@ApplicationScoped
public class PartitionStreams {
    private static final Logger LOG = Logger.getLogger(PartitionStreams.class);

    private final KafkaConfig config;
    private final KafkaClients clients;
    private final EngineLoop engine;
    private final KafkaObserver observer;
    private final EdgeRules edge;
    private final ObjectMapper json;
    private volatile KafkaStreams streams;
    /** Once running, a later rebalance does not make the instance unready: it serves what it owns meanwhile. */
    private volatile boolean wasRunning;

    public PartitionStreams(
            KafkaConfig config,
            KafkaClients clients,
            EngineLoop engine,
            KafkaObserver observer,
            EdgeRules edge,
            ObjectMapper json) {
        this.config = config;
        this.clients = clients;
        this.engine = engine;
        this.observer = observer;
        this.edge = edge;
        this.json = json;
    }

    // After KafkaTopics (PLATFORM_BEFORE) created the repartition topic.
    void onStart(@Observes StartupEvent start) {
        if (!config.enabled() || !config.streams().enabled()) {
            return;
        }
        KafkaConfig.Streams settings = config.streams();
        int partitions = partitionsOf(config.repartitionTopic());
        EngineHost host = new EngineHost(engine, observer, config.repartitionTopic(), partitions);
        KafkaStreams started = new KafkaStreams(
                PartitionTopology.build(
                        config.repartitionTopic(),
                        config.deadLetterTopic(),
                        () -> new PartitionProcessor(host, edge, json, observer, settings.checkpointInterval())),
                properties(settings));
        started.setUncaughtExceptionHandler(e -> {
            LOG.errorf(
                    e, "a Kafka Streams thread failed; it is replaced and its partitions restored from their stores");
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        started.setStateListener((now, before) -> {
            wasRunning |= now == KafkaStreams.State.RUNNING;
            LOG.infof("Kafka Streams %s -> %s", before, now);
        });
        started.start();
        streams = started;
        LOG.infof(
                "Kafka Streams application %s on %s (%d partitions, state in %s, %s, %d standby replicas)",
                settings.applicationId(),
                config.repartitionTopic(),
                partitions,
                settings.stateDir(),
                settings.processingGuarantee(),
                settings.standbyReplicas());
    }

    private Properties properties(KafkaConfig.Streams settings) {
        Properties props = clients.properties(config.bootstrapServers(), settings.applicationId());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.processingGuarantee());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        // One stream thread: the engine applies events on one thread anyway.
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        return props;
    }

    private int partitionsOf(String topic) {
        try (Admin admin = Admin.create(clients.properties(config.bootstrapServers(), "handoff-streams-topics"))) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the partition count of " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Kafka Streams needs topic " + topic + " at " + config.bootstrapServers() + ": " + e.getMessage(),
                    e);
        }
    }

    /** Ready once the partitions first assigned here have been restored and handed to the engine. */
    @Readiness
    HealthCheck streamsState() {
        return () -> {
            KafkaStreams s = streams;
            if (s == null) {
                return HealthCheckResponse.named("kafka-streams")
                        .up()
                        .withData("state", "off")
                        .build();
            }
            KafkaStreams.State state = s.state();
            return HealthCheckResponse.named("kafka-streams")
                    .status(state == KafkaStreams.State.RUNNING
                            || (state == KafkaStreams.State.REBALANCING && wasRunning))
                    .withData("state", state.name())
                    .build();
        };
    }

    @PreDestroy
    void close() {
        KafkaStreams s = streams;
        if (s != null) {
            // Leaving the group hands the partitions to the other instances at once, not after the session timeout.
            s.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
        }
    }
}
