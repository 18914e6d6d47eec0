package io.handoff.ingest.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handoff.correlate.FlowBounds;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.cloudevents.BinaryMode;
import io.handoff.ingest.cloudevents.CloudEventReader;
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
 * Consumes the events topic, a poll's records at a time: CloudEvents in both Kafka bindings, <b>structured</b> (the
 * value is the event as JSON, {@code content-type: application/cloudevents+json}) and <b>binary</b> (attributes in
 * {@code ce_*} headers, the value is {@code data}). A valid event is passed on to the repartition topic keyed by its
 * flow, whatever the producer keyed it by, where the partition owning the flow keeps and applies it
 * ({@code io.handoff.scaleout}). A record that is not a valid event goes to the dead-letter topic with the reason in
 * {@code dead-letter-reason}, and the partition goes on.
 *
 * <p>A batch is acknowledged, so its offsets may be committed, only once every record's effect is kept: passed on and
 * acknowledged by the broker, or dead-lettered (at-least-once; a redelivered event is a duplicate where it is kept).
 */
@ApplicationScoped
public class KafkaCollector {
    private static final Logger LOG = Logger.getLogger(KafkaCollector.class);
    private static final String STRUCTURED = "application/cloudevents";

    private final CloudEventReader reader;
    private final KafkaPublisher publisher;
    private final KafkaObserver observer;
    private final ObjectMapper json;
    private final InstantSource clock;
    private final KafkaConfig config;
    private final FlowBounds bounds;

    public KafkaCollector(
            CloudEventReader reader,
            KafkaPublisher publisher,
            KafkaObserver observer,
            ObjectMapper json,
            InstantSource clock,
            KafkaConfig config,
            FlowBounds bounds) {
        this.reader = reader;
        this.publisher = publisher;
        this.observer = observer;
        this.json = json;
        this.clock = clock;
        this.config = config;
        this.bounds = bounds;
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
        List<BusinessEvent> valid = new ArrayList<>();
        for (KafkaRecord<String, byte[]> record : batch) {
            try {
                String fault = fault(record, valid);
                if (fault != null) {
                    pending.add(deadLetter(record, fault));
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
        if (!valid.isEmpty()) {
            pending.add(publisher.append(valid).thenRun(() -> observer.record("forwarded", valid.size())));
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /** Adds the record's event to {@code valid}, or says why it is not one. */
    private String fault(KafkaRecord<String, byte[]> record, List<BusinessEvent> valid) {
        JsonNode event;
        try {
            event = event(record.getPayload(), record.getHeaders());
        } catch (NotAnEvent e) {
            return e.getMessage();
        }
        Candidate candidate = reader.read(event, config.source(), clock.instant());
        if (candidate.rejection() != null) {
            return candidate.rejection().reason() + " at "
                    + candidate.rejection().pointer() + ": "
                    + candidate.rejection().detail();
        }
        String refusal = bounds.refusal(candidate.event());
        if (refusal != null) {
            return "flow-full: " + refusal;
        }
        valid.add(candidate.event());
        return null;
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
