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
    /** Bounds that keep every dead letter under the producer's default max.request.size (1 MB). */
    static final int MAX_DEAD_LETTER_VALUE = 512 * 1024;

    static final int MAX_DEAD_LETTER_HEADERS = 256 * 1024;
    static final int MAX_REASON = 1024;
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

    /**
     * Puts a record that is not a valid event on the dead-letter topic as it came (key, value, headers), with
     * {@code dead-letter-reason} and where it came from ({@code dead-letter-topic}, {@code -partition},
     * {@code -offset}), the headers SmallRye's dead-letter queue writes.
     */
    public CompletableFuture<Void> deadLetter(
            io.smallrye.reactive.messaging.kafka.KafkaRecord<String, byte[]> record, String reason) {
        byte[] value = record.getPayload();
        boolean cut = value != null && value.length > MAX_DEAD_LETTER_VALUE;
        // A value the producer would refuse (over max.request.size) must not stall the partition: its start is kept.
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(
                config.deadLetterTopic(),
                record.getKey(),
                cut ? java.util.Arrays.copyOf(value, MAX_DEAD_LETTER_VALUE) : value);
        int headerBytes = 0;
        for (org.apache.kafka.common.header.Header h : record.getHeaders()) {
            headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
            if (headerBytes <= MAX_DEAD_LETTER_HEADERS) {
                dead.headers().add(h);
            }
        }
        if (cut) {
            dead.headers()
                    .add("dead-letter-truncated", Integer.toString(value.length).getBytes(StandardCharsets.UTF_8));
        }
        byte[] because = reason.getBytes(StandardCharsets.UTF_8);
        dead.headers()
                .add(
                        "dead-letter-reason",
                        because.length <= MAX_REASON ? because : java.util.Arrays.copyOf(because, MAX_REASON));
        dead.headers().add("dead-letter-topic", record.getTopic().getBytes(StandardCharsets.UTF_8));
        dead.headers()
                .add(
                        "dead-letter-partition",
                        Integer.toString(record.getPartition()).getBytes(StandardCharsets.UTF_8));
        dead.headers()
                .add(
                        "dead-letter-offset",
                        Long.toString(record.getMetadata(
                                                io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata
                                                        .class)
                                        .map(m -> m.getOffset())
                                        .orElse(-1L))
                                .getBytes(StandardCharsets.UTF_8));
        return sendOne(dead);
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
