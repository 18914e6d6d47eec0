package io.handoff.scaleout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.codec.EventCodec;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.kafka.KafkaObserver;
import io.handoff.ingest.kafka.KafkaPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * One partition of the repartition topic: keeps every event that reaches it (the partition's flows' own, and the
 * context other owners send) in the partition's state store, once per flow and event identity, and hands the new
 * ones to the engine. On start it hands the engine the whole store (after Kafka Streams restored it from the
 * changelog, when it was not on this disk); every checkpoint interval it records up to when the engine has told
 * the outcomes, which is what a next owner takes as told.
 *
 * <p>A record that is not a valid Handoff event goes to the dead-letter topic with the reason.
 */
final class PartitionProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = Logger.getLogger(PartitionProcessor.class);
    static final String REPORTED_UNTIL = "reported-until";

    private final EngineHost host;
    private final EdgeRules edge;
    private final ObjectMapper json;
    private final KafkaObserver observer;
    private final Duration checkpointEvery;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> events;
    private KeyValueStore<String, Long> checkpoints;
    private int partition = -1;
    private CompletableFuture<Instant> reporting;

    PartitionProcessor(
            EngineHost host, EdgeRules edge, ObjectMapper json, KafkaObserver observer, Duration checkpointEvery) {
        this.host = host;
        this.edge = edge;
        this.json = json;
        this.observer = observer;
        this.checkpointEvery = checkpointEvery;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.events = context.getStateStore(PartitionTopology.EVENTS);
        this.checkpoints = context.getStateStore(PartitionTopology.CHECKPOINTS);
        this.partition = context.taskId().partition();
        List<BusinessEvent> held = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = events.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                try {
                    held.add(EventCodec.read(json.readTree(entry.value)));
                } catch (java.io.IOException | RuntimeException e) {
                    // Written by this processor from a valid event: only a defect or a damaged disk gets here.
                    LOG.errorf(
                            "partition %d: stored event %s could not be read (%s); skipped", partition, entry.key, e);
                }
            }
        }
        Long until = checkpoints.get(REPORTED_UNTIL);
        host.take(partition, held, until == null ? null : Instant.ofEpochMilli(until));
        context.schedule(checkpointEvery, PunctuationType.WALL_CLOCK_TIME, now -> checkpoint());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String kind = header(record.headers(), KafkaPublisher.KIND);
        boolean isContext = KafkaPublisher.CONTEXT.equals(kind);
        if (!isContext && !KafkaPublisher.EVENT.equals(kind)) {
            deadLetter(
                    record,
                    "a repartition record needs header " + KafkaPublisher.KIND + " = event or context, got " + kind);
            return;
        }
        BusinessEvent event;
        try {
            event = EventCodec.read(json.readTree(record.value() == null ? new byte[0] : record.value()));
        } catch (java.io.IOException | RuntimeException e) {
            deadLetter(record, "not a Handoff event document: " + e.getMessage());
            return;
        }
        // Not trusted for having come over Handoff's own topic: the same limits as at every other edge.
        String fault = edge.fault(event);
        if (fault != null) {
            deadLetter(record, "a repartition record that no edge would have accepted: " + fault);
            return;
        }
        String key = event.flowKey() + '\u0000' + event.identity();
        if (events.get(key) != null) {
            observer.record(isContext ? "context" : "duplicate");
            return;
        }
        events.put(key, record.value());
        if (!host.apply(event, isContext)) {
            throw new IllegalStateException("interrupted while handing an event to the engine");
        }
        observer.record(isContext ? "context" : "accepted");
    }

    /** Records the previous interval's answer (so the store write happens on this thread) and asks again. */
    private void checkpoint() {
        if (reporting != null && reporting.isDone() && !reporting.isCompletedExceptionally()) {
            checkpoints.put(REPORTED_UNTIL, reporting.join().toEpochMilli());
            reporting = null;
        }
        if (reporting == null) {
            reporting = host.reportedUntil();
        }
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        LOG.debugf("repartition record dead-lettered: %s", reason);
        Record<String, byte[]> dead = record.withHeaders(record.headers());
        Headers headers = dead.headers();
        headers.add("dead-letter-reason", bytes(reason.length() > 1024 ? reason.substring(0, 1024) : reason));
        context.recordMetadata().ifPresent(m -> {
            headers.add("dead-letter-topic", bytes(m.topic()));
            headers.add("dead-letter-partition", bytes(Integer.toString(m.partition())));
            headers.add("dead-letter-offset", bytes(Long.toString(m.offset())));
        });
        context.forward(dead, PartitionTopology.DEAD_LETTERS);
        observer.record("dead-lettered");
    }

    @Override
    public void close() {
        if (partition >= 0) {
            host.give(partition);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
