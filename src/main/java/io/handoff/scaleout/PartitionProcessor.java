package io.handoff.scaleout;

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
import java.util.concurrent.atomic.AtomicLong;
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
 * changelog, when it was not on this disk), unless the engine kept the partition's flows (its task closed here and
 * was made here again, see {@link EngineHost}); every checkpoint interval it asks up to when the engine has told the
 * outcomes, and records the answer as soon as it comes: what a next owner takes as told.
 *
 * <p>A record that is not a valid Handoff event goes to the dead-letter topic with the reason.
 */
final class PartitionProcessor implements Processor<String, byte[], String, byte[]> {
    private static final Logger LOG = Logger.getLogger(PartitionProcessor.class);
    static final String REPORTED_UNTIL = "reported-until";
    /** The incarnation of the instance whose task last wrote to the store (see {@link EngineHost#take}). */
    static final String OWNER = "owner";
    /** How often an idle partition looks whether the engine has answered (an active one looks at every record). */
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);

    private final EngineHost host;
    private final EdgeRules edge;
    private final KafkaObserver observer;
    private final IngestObserver ingest;
    private final Duration checkpointEvery;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> events;
    private KeyValueStore<String, Long> checkpoints;
    private int partition = -1;
    private CompletableFuture<Instant> reporting;
    private long lastAsked;
    private AtomicLong countedUpTo;

    PartitionProcessor(
            EngineHost host, EdgeRules edge, KafkaObserver observer, IngestObserver ingest, Duration checkpointEvery) {
        this.host = host;
        this.ingest = ingest;
        this.edge = edge;
        this.observer = observer;
        this.checkpointEvery = checkpointEvery;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.events = context.getStateStore(PartitionTopology.EVENTS);
        this.checkpoints = context.getStateStore(PartitionTopology.CHECKPOINTS);
        this.partition = context.taskId().partition();
        Long until = checkpoints.get(REPORTED_UNTIL);
        host.take(partition, this::held, until == null ? null : Instant.ofEpochMilli(until), checkpoints.get(OWNER));
        // After take: a partition reloaded from another owner's store starts counting afresh.
        this.countedUpTo = host.countedUpTo(partition);
        checkpoints.put(OWNER, host.incarnation());
        context.schedule(
                checkpointEvery.compareTo(LOOK_EVERY) < 0 ? checkpointEvery : LOOK_EVERY,
                PunctuationType.WALL_CLOCK_TIME,
                this::checkpoint);
    }

    private List<BusinessEvent> held() {
        List<BusinessEvent> held = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = events.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                try {
                    held.add(EventCodec.read(entry.value));
                } catch (RuntimeException e) {
                    // Written by this processor from a valid event: only a defect or a damaged disk gets here.
                    LOG.errorf(
                            "partition %d: stored event %s could not be read (%s); skipped", partition, entry.key, e);
                }
            }
        }
        return held;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        recordAnswer();
        // Processed again after a transaction aborted under this instance: counted the first time.
        long offset = context.recordMetadata().map(m -> m.offset()).orElse(Long.MAX_VALUE);
        boolean firstTime = offset > countedUpTo.get();
        keep(record, firstTime);
        // Only once it is counted: a fenced producer throws from the store's write, and the record comes back.
        if (firstTime && offset != Long.MAX_VALUE) {
            countedUpTo.set(offset);
        }
    }

    /** Keeps the record's event, or dead-letters the record; counts what it did when {@code counts}. */
    private void keep(Record<String, byte[]> record, boolean counts) {
        RepartitionRecord read = RepartitionRecord.read(record.headers(), record.value(), edge);
        if (read.fault() != null) {
            deadLetter(record, read.fault());
            if (counts) {
                observer.record("dead-lettered");
            }
            return;
        }
        BusinessEvent event = read.event();
        String key = storeKey(event);
        if (events.get(key) != null) {
            if (counts) {
                counted(event, read.context(), Verdict.Status.DUPLICATE);
            }
            return;
        }
        events.put(key, record.value());
        if (!host.apply(event, read.context())) {
            throw new IllegalStateException("interrupted while handing an event to the engine");
        }
        if (counts) {
            counted(event, read.context(), Verdict.Status.ACCEPTED);
        }
    }

    /**
     * An event's key in the partition's store: its flow, then its identity as {@code Identity}'s record text had it
     * (stores written by earlier versions hold those keys, and a redelivered event must find its own). Built by hand:
     * the record's {@code toString} goes through {@code String.format}, 7 % of the stream thread's garbage.
     */
    static String storeKey(BusinessEvent event) {
        return event.flowKey() + "\u0000Identity[source=" + event.source() + ", id=" + event.id() + ']';
    }

    /** Accepted events and their duplicates count here, where duplicates are known, under the source they came from. */
    private void counted(BusinessEvent event, boolean isContext, Verdict.Status status) {
        if (isContext) {
            observer.record("context");
            return;
        }
        Candidate candidate = Candidate.of(event);
        ingest.verdict(event.origin(), candidate, new Verdict(0, candidate.id(), candidate.source(), status, null));
        if (status == Verdict.Status.ACCEPTED) {
            ingest.accepted(event.origin(), List.of(event));
            observer.record("accepted");
        } else {
            observer.record("duplicate");
        }
    }

    /** Records the engine's answer once it has come, and asks again once an interval has passed since the last ask. */
    private void checkpoint(long now) {
        recordAnswer();
        if (reporting == null && now - lastAsked >= checkpointEvery.toMillis()) {
            reporting = host.reportedUntil();
            lastAsked = now;
        }
    }

    /**
     * Puts the engine's answer in the store as soon as it has come (on this thread, which owns the store): what the
     * old owner told after the last recorded answer, the next owner tells again when the partition moves, so the
     * answer must not wait for the next interval (it did: up to two intervals of outcomes told twice).
     */
    private void recordAnswer() {
        CompletableFuture<Instant> answer = reporting;
        if (answer == null || !answer.isDone()) {
            return;
        }
        reporting = null;
        if (!answer.isCompletedExceptionally()) {
            checkpoints.put(REPORTED_UNTIL, answer.join().toEpochMilli());
        }
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        LOG.debugf("repartition record dead-lettered: %s", reason);
        var metadata = context.recordMetadata();
        DeadLetter dead = DeadLetter.of(
                record.value(),
                record.headers(),
                reason,
                metadata.map(m -> m.topic()).orElse(""),
                metadata.map(m -> m.partition()).orElse(partition),
                metadata.map(m -> m.offset()).orElse(-1L));
        context.forward(record.withValue(dead.value()).withHeaders(dead.headers()), PartitionTopology.DEAD_LETTERS);
    }

    @Override
    public void close() {
        if (partition >= 0) {
            host.give(partition);
        }
    }
}
