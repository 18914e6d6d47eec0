package io.handoff.ingest.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.codec.EventCodec;
import io.handoff.correlate.FlowBounds;
import io.handoff.engine.EngineLoop;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.BufferFullException;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.Intake;
import io.handoff.ingest.StorageUnavailableException;
import io.handoff.ingest.Verdict;
import io.handoff.ingest.cloudevents.BinaryMode;
import io.handoff.ingest.cloudevents.CloudEventReader;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes both topics, a poll's records at a time.
 *
 * <p>The <b>events topic</b> carries CloudEvents in both Kafka bindings: <b>structured</b> (the value is
 * the event as JSON, {@code content-type: application/cloudevents+json}) and <b>binary</b> (attributes in
 * {@code ce_*} headers, the value is {@code data}). A valid event whose flow's partition is assigned here is
 * admitted at once (one instance: every event); any other is written to the repartition topic keyed by its
 * flow, so it reaches the instance that owns the flow whatever the producer keyed it by. A record that is
 * not a valid event goes to the dead-letter topic with the reason in {@code dead-letter-reason},
 * and the partition goes on.
 *
 * <p>The <b>repartition topic</b> carries Handoff's own records: accepted events, admitted here (stored,
 * then applied; duplicates by event identity), and context other instances send for the flows owned here,
 * applied to the engine only (the sender's owner stored them).
 *
 * <p>A batch is acknowledged, so its offsets may be committed, only once every record's effect is kept:
 * forwarded and acknowledged by the broker, dead-lettered, or stored (at-least-once). A full buffer or
 * unavailable storage is waited out, never dead-lettered.
 */
@ApplicationScoped
public class KafkaCollector {
    private static final Logger LOG = Logger.getLogger(KafkaCollector.class);
    private static final String STRUCTURED = "application/cloudevents";

    private final CloudEventReader reader;
    private final Intake intake;
    private final EngineLoop engine;
    private final KafkaPublisher publisher;
    private final KafkaRebalance partitions;
    private final KafkaObserver observer;
    private final ObjectMapper json;
    private final InstantSource clock;
    private final KafkaConfig config;
    private final EdgeRules edge;
    private final FlowBounds bounds;

    public KafkaCollector(
            CloudEventReader reader,
            Intake intake,
            EngineLoop engine,
            KafkaPublisher publisher,
            @Identifier("handoff-rebalance") KafkaRebalance partitions,
            KafkaObserver observer,
            ObjectMapper json,
            InstantSource clock,
            KafkaConfig config,
            EdgeRules edge,
            FlowBounds bounds) {
        this.edge = edge;
        this.bounds = bounds;
        this.reader = reader;
        this.intake = intake;
        this.engine = engine;
        this.publisher = publisher;
        this.partitions = partitions;
        this.observer = observer;
        this.json = json;
        this.clock = clock;
        this.config = config;
    }

    @Incoming("handoff-events")
    @Blocking(value = "handoff-kafka", ordered = false)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        long waitMillis = 100;
        while (true) {
            try {
                if (!process(batch)) {
                    return new CompletableFuture<>(); // shutting down: unacknowledged, so delivered again
                }
                return batch.ack();
            } catch (ExecutionException | RuntimeException e) {
                // The broker did not take a forward or a dead letter: do the batch again (all of it is idempotent).
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                LOG.warnf(
                        "Kafka batch of %d records not kept yet, retrying in %d ms: %s",
                        batch.getRecords().size(), waitMillis, cause.toString());
                if (!sleep(waitMillis)) {
                    return new CompletableFuture<>();
                }
                waitMillis = Math.min(10_000, waitMillis * 2);
            }
        }
    }

    /** False when interrupted (shutdown) before everything was kept. */
    private boolean process(KafkaRecordBatch<String, byte[]> batch) throws ExecutionException {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        Map<String, List<Candidate>> owned = new LinkedHashMap<>();
        List<BusinessEvent> context = new ArrayList<>();
        List<BusinessEvent> forwarded = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch) {
            try {
                if (record.getTopic().equals(config.repartitionTopic())) {
                    internal(record, owned, context, pending);
                } else {
                    external(record, owned, forwarded, pending);
                }
            } catch (RuntimeException | StackOverflowError e) {
                // Whatever a record throws, it becomes a dead letter: retrying the batch would stall the partition for
                // ever.
                LOG.warnf(
                        "Kafka record at %s-%d dead-lettered after an unexpected %s; a check is missing",
                        record.getTopic(), record.getPartition(), e.getClass().getSimpleName());
                pending.add(
                        deadLetter(record, "could not be read: " + e.getClass().getSimpleName()));
            }
        }
        if (!forwarded.isEmpty()) {
            pending.add(publisher.append(forwarded).thenRun(() -> observer.record("forwarded", forwarded.size())));
        }
        for (Map.Entry<String, List<Candidate>> byOrigin : owned.entrySet()) {
            List<Verdict> verdicts = keep(byOrigin.getKey(), byOrigin.getValue());
            if (verdicts == null) {
                return false;
            }
            int duplicates = (int) verdicts.stream()
                    .filter(v -> v.status() == Verdict.Status.DUPLICATE)
                    .count();
            observer.record("duplicate", duplicates);
            observer.record("accepted", verdicts.size() - duplicates);
        }
        if (!context.isEmpty() && !applyContext(context)) {
            return false;
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /**
     * An event from outside: validated, then kept here when its flow's partition is assigned here (one
     * instance: always), or sent on to that partition; or dead-lettered.
     */
    private void external(
            KafkaRecord<String, byte[]> record,
            Map<String, List<Candidate>> owned,
            List<BusinessEvent> forwarded,
            List<CompletableFuture<Void>> pending) {
        JsonNode event;
        try {
            event = event(record.getPayload(), record.getHeaders());
        } catch (NotAnEvent e) {
            pending.add(deadLetter(record, e.getMessage()));
            return;
        }
        Candidate candidate = reader.read(event, config.source(), clock.instant());
        if (candidate.rejection() != null) {
            pending.add(deadLetter(
                    record,
                    candidate.rejection().reason() + " at "
                            + candidate.rejection().pointer() + ": "
                            + candidate.rejection().detail()));
            return;
        }
        String refusal = bounds.refusal(candidate.event());
        if (refusal != null) {
            pending.add(deadLetter(record, "flow-full: " + refusal));
            return;
        }
        if (partitions.owns(candidate.event().flowKey())) {
            owned.computeIfAbsent(config.source(), o -> new ArrayList<>()).add(candidate);
        } else {
            forwarded.add(candidate.event());
        }
    }

    private void internal(
            KafkaRecord<String, byte[]> record,
            Map<String, List<Candidate>> owned,
            List<BusinessEvent> context,
            List<CompletableFuture<Void>> pending) {
        String kind = header(record.getHeaders(), KafkaPublisher.KIND).orElse(null);
        if (!KafkaPublisher.EVENT.equals(kind) && !KafkaPublisher.CONTEXT.equals(kind)) {
            pending.add(deadLetter(
                    record,
                    "a repartition record needs header " + KafkaPublisher.KIND + " = event or context, got " + kind));
            return;
        }
        BusinessEvent event;
        try {
            event = EventCodec.read(json.readTree(record.getPayload() == null ? new byte[0] : record.getPayload()));
        } catch (java.io.IOException | RuntimeException e) {
            pending.add(deadLetter(record, "not a Handoff event document: " + e.getMessage()));
            return;
        }
        // Not trusted for having come over Handoff's own topic: the same limits as at every other edge.
        String fault = edge.fault(event);
        if (fault != null) {
            pending.add(deadLetter(record, "a repartition record that no edge would have accepted: " + fault));
            return;
        }
        if (KafkaPublisher.CONTEXT.equals(kind)) {
            context.add(event);
        } else {
            owned.computeIfAbsent(event.origin(), o -> new ArrayList<>()).add(Candidate.of(event));
        }
    }

    /**
     * Submits until kept: back-pressure and storage outages wait (the partition waits with them), nothing is
     * dropped. Null when interrupted (shutdown) before the events were kept.
     */
    private List<Verdict> keep(String origin, List<Candidate> candidates) {
        long waitMillis = 100;
        while (true) {
            try {
                return intake.submitHere(origin, candidates);
            } catch (BufferFullException | StorageUnavailableException e) {
                LOG.debugf("Kafka records not kept yet (%s); retrying in %d ms", e.getMessage(), waitMillis);
                if (!sleep(waitMillis)) {
                    return null;
                }
                waitMillis = Math.min(5_000, waitMillis * 2);
            }
        }
    }

    /** Context goes to the engine only: it was stored where it was accepted. False when interrupted. */
    private boolean applyContext(List<BusinessEvent> context) {
        long waitMillis = 50;
        while (!engine.offer(context, System.nanoTime(), CompletableFuture.completedFuture(null), true)) {
            if (!sleep(waitMillis)) {
                return false;
            }
            waitMillis = Math.min(1_000, waitMillis * 2);
        }
        observer.record("context", context.size());
        return true;
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private CompletableFuture<Void> deadLetter(KafkaRecord<String, byte[]> record, String reason) {
        LOG.debugf("Kafka record dead-lettered: %s", reason);
        // Counted once the dead-letter topic has it, so the counter never runs ahead of what a replay can read.
        return publisher.deadLetter(record, reason).thenRun(() -> observer.record("dead-lettered"));
    }

    /** The CloudEvent of a record in either binding, as the JSON the HTTP collector reads. */
    JsonNode event(byte[] value, Headers headers) throws NotAnEvent {
        String contentType = header(headers, "content-type").orElse(null);
        if (contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(STRUCTURED)) {
            try {
                return json.readTree(value == null ? new byte[0] : value);
            } catch (JsonProcessingException e) {
                throw new NotAnEvent("structured CloudEvent whose value is not JSON: " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                throw new NotAnEvent("unreadable value: " + e.getMessage());
            }
        }
        if (header(headers, "ce_specversion").isEmpty()) {
            throw new NotAnEvent("not a CloudEvent: no ce_specversion header (binary mode) and content-type is not "
                    + STRUCTURED + "+json (structured mode), but " + contentType);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Header h : headers) {
            if (h.key().startsWith("ce_") && h.value() != null) {
                attributes.put(h.key().substring(3), new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        try {
            // Kafka's binding carries attribute values as they are (no percent-encoding, unlike HTTP's).
            return BinaryMode.structured(json, attributes, contentType, value, false);
        } catch (BinaryMode.UnreadableData e) {
            throw new NotAnEvent(e.getMessage());
        }
    }

    private static Optional<String> header(Headers headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null
                ? Optional.empty()
                : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    /** Why a record is not an event; its message becomes the dead letter's {@code dead-letter-reason}. */
    static final class NotAnEvent extends Exception {
        NotAnEvent(String reason) {
            super(reason);
        }
    }
}
