package io.handoff.scaleout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.codec.EventCodec;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.IngestObserver;
import io.handoff.ingest.Verdict;
import io.handoff.ingest.kafka.DeadLetter;
import io.handoff.ingest.kafka.KafkaObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    private final IngestObserver ingest;
    private final Duration checkpointEvery;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> events;
    private KeyValueStore<String, Long> checkpoints;
    private int partition = -1;
    private CompletableFuture<Instant> reporting;

    PartitionProcessor(
            EngineHost host,
            EdgeRules edge,
            ObjectMapper json,
            KafkaObserver observer,
            IngestObserver ingest,
            Duration checkpointEvery) {
        this.host = host;
        this.ingest = ingest;
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
        RepartitionRecord read = RepartitionRecord.read(record.headers(), record.value(), json, edge);
        if (read.fault() != null) {
            deadLetter(record, read.fault());
            return;
        }
        BusinessEvent event = read.event();
        String key = event.flowKey() + '\u0000' + event.identity();
        if (events.get(key) != null) {
            counted(event, read.context(), Verdict.Status.DUPLICATE);
            return;
        }
        events.put(key, record.value());
        if (!host.apply(event, read.context())) {
            throw new IllegalStateException("interrupted while handing an event to the engine");
        }
        counted(event, read.context(), Verdict.Status.ACCEPTED);
    }

    /** Accepted events and their duplicates count here, where duplicates are known, under the source they came from. */
    private void counted(BusinessEvent event, boolean isContext, Verdict.Status status) {
        if (isContext) {
            observer.record("context");
            return;
        }
        Candidate candidate = Candidate.of(event);
        ingest.verdicts(
                event.origin(),
                List.of(candidate),
                List.of(new Verdict(0, candidate.id(), candidate.source(), status, null)));
        if (status == Verdict.Status.ACCEPTED) {
            ingest.accepted(event.origin(), List.of(event));
            observer.record("accepted");
        } else {
            observer.record("duplicate");
        }
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
        String topic = context.recordMetadata().map(m -> m.topic()).orElse("");
        int from = context.recordMetadata().map(m -> m.partition()).orElse(partition);
        long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
        DeadLetter dead = DeadLetter.of(record.value(), record.headers(), reason, topic, from, offset);
        context.forward(record.withValue(dead.value()).withHeaders(dead.headers()), PartitionTopology.DEAD_LETTERS);
        observer.record("dead-lettered");
    }

    @Override
    public void close() {
        if (partition >= 0) {
            host.give(partition);
        }
    }
}
