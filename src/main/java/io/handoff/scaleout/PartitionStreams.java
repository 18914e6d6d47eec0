package io.handoff.scaleout;

import io.handoff.engine.EngineLoop;
import io.handoff.engine.Ownership;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.IngestObserver;
import io.handoff.ingest.kafka.KafkaClients;
import io.handoff.ingest.kafka.KafkaConfig;
import io.handoff.ingest.kafka.KafkaObserver;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Runs the partition topology when {@code handoff.kafka.enabled} is on: one Kafka Streams application per deployment (every instance the same application id), started once the topics
 * exist, closed before the engine on shutdown so each partition is given up cleanly.
 */
@ApplicationScoped
public class PartitionStreams {
    /** How long a partition whose task closed stays owned here while no assignment places it anywhere. */
    private static final Duration UNPLACED_FOR = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(PartitionStreams.class);

    private final KafkaConfig config;
    private final KafkaClients clients;
    private final EngineLoop engine;
    private final KafkaObserver observer;
    private final IngestObserver ingest;
    private final EdgeRules edge;
    private volatile KafkaStreams streams;
    private volatile EngineHost host;
    /** This instance's API as others reach it: resolved once at start (the default looks the host name up). */
    private volatile URI self;

    private final String httpHost;
    private final int httpPort;
    /** Once running, a later rebalance does not make the instance unready: it serves what it owns meanwhile. */
    private volatile boolean wasRunning;

    public PartitionStreams(
            KafkaConfig config,
            KafkaClients clients,
            EngineLoop engine,
            KafkaObserver observer,
            IngestObserver ingest,
            EdgeRules edge,
            @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0") String httpHost,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int httpPort) {
        this.httpHost = httpHost;
        this.httpPort = httpPort;
        this.config = config;
        this.clients = clients;
        this.engine = engine;
        this.observer = observer;
        this.ingest = ingest;
        this.edge = edge;
    }

    /** Where the engine starts: owning nothing until Kafka Streams assigns partitions, everything without Kafka. */
    @Produces
    @Singleton
    static Ownership initialOwnership(KafkaConfig config) {
        return config.enabled() ? Ownership.NONE : Ownership.ALL;
    }

    // After KafkaTopics (PLATFORM_BEFORE) created the repartition topic.
    void onStart(@Observes StartupEvent start) {
        if (!config.enabled()) {
            return;
        }
        KafkaConfig.Streams settings = config.streams();
        int partitions = partitionsOf(config.repartitionTopic());
        EngineHost host = new EngineHost(engine, observer, config.repartitionTopic(), partitions);
        this.host = host;
        Properties properties = properties(settings);
        KafkaStreams started = new KafkaStreams(
                PartitionTopology.build(
                        config.repartitionTopic(),
                        config.deadLetterTopic(),
                        () -> new PartitionProcessor(host, edge, observer, ingest, settings.checkpointInterval())),
                properties);
        started.setUncaughtExceptionHandler(new StreamThreadReplacement(
                () -> Admin.create(clients.properties(config.bootstrapServers(), "handoff-streams-members")),
                settings.applicationId(),
                properties.getProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)));
        started.setStateListener((now, before) -> {
            wasRunning |= now == KafkaStreams.State.RUNNING;
            LOG.infof("Kafka Streams %s -> %s", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                settle(host, started);
            }
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
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                settings.commitInterval().toMillis());
        // One stream thread: the engine applies events on one thread anyway.
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        self = advertised();
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.getHost() + ":" + port(self));
        // Static membership, named after the instance's address: a clean shutdown removes the member at once (Kafka
        // Streams never leaves a group otherwise, so its partitions would wait out the session timeout), and a
        // restart within the session timeout gets its partitions back without a rebalance.
        props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, memberName(self));
        props.putAll(settings.properties());
        return props;
    }

    /** This instance's API as other instances reach it. */
    private URI advertised() {
        return URI.create(config.streams().advertisedUrl().orElseGet(() -> {
            String host = httpHost;
            if (host.equals("0.0.0.0") || host.equals("::")) {
                try {
                    host = InetAddress.getLocalHost().getCanonicalHostName();
                } catch (UnknownHostException e) {
                    host = "localhost";
                }
            }
            return "http://" + host + ":" + httpPort;
        }));
    }

    /** A group instance id from an address: only the characters Kafka allows in one. */
    static String memberName(URI address) {
        return (address.getHost() + "-" + port(address)).replaceAll("[^a-zA-Z0-9._-]", "_");
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /**
     * Where the flow of {@code key} is owned when that is another instance: its API's base URL. Empty when Kafka
     * Streams is off, when this instance owns it, or while no owner is known (a rebalance): then answer here.
     */
    public Optional<URI> ownerElsewhere(String key) {
        KafkaStreams s = streams;
        if (s == null || s.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        KeyQueryMetadata owner;
        try {
            owner = s.queryMetadataForKey(
                    PartitionTopology.EVENTS, key, Serdes.String().serializer());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
            return Optional.empty();
        }
        HostInfo active = owner.activeHost();
        return isSelf(active) ? Optional.empty() : Optional.of(address(active));
    }

    /**
     * The group's other instances (their API's base URLs), as Kafka Streams' metadata names those running tasks of
     * the topology; empty when Streams is off or has not joined the group yet. An instance running no task owns no
     * flow, so it has nothing to add to a group-wide answer.
     */
    public List<URI> othersInGroup() {
        KafkaStreams s = streams;
        if (s == null || (s.state() != KafkaStreams.State.RUNNING && s.state() != KafkaStreams.State.REBALANCING)) {
            return List.of();
        }
        List<URI> others = new ArrayList<>();
        try {
            for (StreamsMetadata member : s.metadataForAllStreamsClients()) {
                HostInfo host = member.hostInfo();
                if (!isSelf(host)) {
                    others.add(address(host));
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("the group's instances are not known yet (%s)", e.toString());
            return List.of();
        }
        return others;
    }

    private boolean isSelf(HostInfo host) {
        return host.host().equals(self.getHost()) && host.port() == port(self);
    }

    private URI address(HostInfo host) {
        String scheme = self.getScheme() == null ? "http" : self.getScheme();
        return URI.create(scheme + "://" + host.host() + ":" + host.port());
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

    /** Gives up, now and then, the partitions whose tasks closed here and which the assignment places elsewhere. */
    @Scheduled(every = "2s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void settleClosed() {
        EngineHost h = host;
        KafkaStreams s = streams;
        if (h != null && s != null) {
            settle(h, s);
        }
    }

    private void settle(EngineHost h, KafkaStreams s) {
        try {
            h.settle(partition -> placement(s, partition), UNPLACED_FOR);
        } catch (RuntimeException e) {
            // On the stream thread (the state listener) an escaping error would replace the thread: try again later.
            LOG.warnf("partitions closed here not given up yet: %s", e.toString());
        }
    }

    /** Where Kafka Streams' current assignment places the partition's task: here, on another instance, or unknown. */
    private EngineHost.Placement placement(KafkaStreams s, int partition) {
        TopicPartition wanted = new TopicPartition(config.repartitionTopic(), partition);
        try {
            for (StreamsMetadata member : s.metadataForAllStreamsClients()) {
                if (member.topicPartitions().contains(wanted)) {
                    return isSelf(member.hostInfo()) ? EngineHost.Placement.HERE : EngineHost.Placement.ELSEWHERE;
                }
            }
        } catch (RuntimeException e) {
            LOG.debugf("the assignment is not known yet (%s)", e.toString());
        }
        return EngineHost.Placement.UNKNOWN;
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
            // The engine stops next: handing each closing partition over within it would only cost time, and a close
            // that overruns its timeout leaves the stores to be restored from the changelog.
            host.stopping();
            // Removing the static member hands the partitions to the other instances at once, not after the session
            // timeout.
            s.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
        }
    }
}
