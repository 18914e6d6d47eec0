package io.handoff.ingest.kafka;

import io.handoff.codec.EventCodec;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.EventLog;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Writes Handoff's own records to the repartition topic, as {@link EventCodec}s with a
 * {@value #KIND} header: {@code event} (an accepted event, keyed by its flow, so it lands on the partition
 * that owns the flow) or {@code context} (an event another instance needs for a flow it owns, keyed by that
 * flow). Idempotent producer, acknowledged by all in-sync replicas. Made on first use: nothing connects
 * while Kafka is off.
 */
@ApplicationScoped
public class KafkaPublisher implements EventLog {
    private static final Logger LOG = Logger.getLogger(KafkaPublisher.class);
    public static final String KIND = "handoff-kind";
    public static final String EVENT = "event";
    public static final String CONTEXT = "context";

    private final KafkaConfig config;
    private final KafkaObserver observer;
    private volatile KafkaProducer<String, byte[]> producer;

    private final KafkaClients clients;

    public KafkaPublisher(KafkaConfig config, KafkaObserver observer, KafkaClients clients) {
        this.clients = clients;
        this.config = config;
        this.observer = observer;
    }

    @Override
    public CompletableFuture<Void> append(List<BusinessEvent> events) {
        return send(events, null, EVENT);
    }

    @Override
    public boolean inUse() {
        return config.enabled();
    }

    /** Sends copies towards the owner of {@code ownerKey}; a failure is counted and logged, the next hand-over resends them. */
    public void context(String ownerKey, List<BusinessEvent> events) {
        send(events, ownerKey, CONTEXT).whenComplete((ok, failure) -> {
            if (failure == null) {
                observer.contextSent(events.size());
            } else {
                observer.contextSent(-events.size());
                LOG.warnf(
                        "context for %s not sent to %s (%s); the flow's figures there may lag until its partition is next assigned",
                        ownerKey, config.repartitionTopic(), failure.getMessage());
            }
        });
    }

    /** Puts a record that is not a valid event on the dead-letter topic as it came, with the reason ({@link DeadLetter}). */
    public CompletableFuture<Void> deadLetter(
            io.smallrye.reactive.messaging.kafka.KafkaRecord<String, byte[]> record, String reason) {
        long offset = record.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class)
                .map(m -> m.getOffset())
                .orElse(-1L);
        DeadLetter dead = DeadLetter.of(
                record.getPayload(), record.getHeaders(), reason, record.getTopic(), record.getPartition(), offset);
        return sendOne(
                new ProducerRecord<>(config.deadLetterTopic(), null, record.getKey(), dead.value(), dead.headers()));
    }

    private CompletableFuture<Void> sendOne(ProducerRecord<String, byte[]> record) {
        CompletableFuture<Void> one = new CompletableFuture<>();
        try {
            producer().send(record, (metadata, failure) -> {
                if (failure == null) {
                    one.complete(null);
                } else {
                    one.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            one.completeExceptionally(e);
        }
        return one;
    }

    private CompletableFuture<Void> send(List<BusinessEvent> events, String ownerKey, String kind) {
        CompletableFuture<?>[] sent = new CompletableFuture<?>[events.size()];
        byte[] kindBytes = kind.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < events.size(); i++) {
            BusinessEvent event = events.get(i);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    config.repartitionTopic(), ownerKey == null ? event.flowKey() : ownerKey, EventCodec.write(event));
            record.headers().add(KIND, kindBytes);
            sent[i] = sendOne(record);
        }
        return CompletableFuture.allOf(sent);
    }

    private KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = clients.properties(config.bootstrapServers(), "handoff-repartition");
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.LINGER_MS_CONFIG, "2");
                    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(10));
        }
    }
}
