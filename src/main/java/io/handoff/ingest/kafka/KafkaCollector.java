package io.handoff.ingest.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.ingest.BufferFullException;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.Intake;
import io.handoff.ingest.StorageUnavailableException;
import io.handoff.ingest.Verdict;
import io.handoff.ingest.cloudevents.CloudEventReader;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes CloudEvents from the events topic in both Kafka bindings: <b>structured</b> (the value is
 * the event as JSON, {@code content-type: application/cloudevents+json}) and <b>binary</b> (attributes in
 * {@code ce_*} headers, the value is {@code data}). A record is acknowledged, so its offset may be
 * committed, only once its event is kept (at-least-once; a redelivery is a duplicate by event identity).
 * A record that is not a valid event is nacked: the connector sends it to the dead-letter topic with the
 * reason in {@code dead-letter-reason} and the partition goes on. A full buffer or unavailable storage is
 * waited out, never dead-lettered.
 */
@ApplicationScoped
public class KafkaCollector {
    private static final Logger LOG = Logger.getLogger(KafkaCollector.class);
    private static final String STRUCTURED = "application/cloudevents";

    private final CloudEventReader reader;
    private final Intake intake;
    private final KafkaObserver observer;
    private final ObjectMapper json;
    private final InstantSource clock;
    private final String source;

    public KafkaCollector(CloudEventReader reader, Intake intake, KafkaObserver observer, ObjectMapper json, InstantSource clock, KafkaConfig config) {
        this.reader = reader;
        this.intake = intake;
        this.observer = observer;
        this.json = json;
        this.clock = clock;
        this.source = config.source();
    }

    @Incoming("handoff-events")
    @Blocking
    public CompletionStage<Void> consume(Message<byte[]> record) {
        Headers headers = record.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getHeaders()).orElse(null);
        JsonNode event;
        try {
            event = event(record.getPayload(), headers);
        } catch (NotAnEvent e) {
            return deadLetter(record, e.getMessage());
        }
        Candidate candidate = reader.read(event, source, clock.instant());
        List<Verdict> verdicts = keep(candidate);
        if (verdicts == null) {
            // Shutting down before the event was kept: leave the record unacknowledged, so it is delivered again.
            return new java.util.concurrent.CompletableFuture<>();
        }
        if (candidate.rejection() != null) {
            return deadLetter(record, candidate.rejection().reason() + " at " + candidate.rejection().pointer() + ": " + candidate.rejection().detail());
        }
        observer.record(verdicts.get(0).status() == Verdict.Status.DUPLICATE ? "duplicate" : "accepted");
        return record.ack();
    }

    /**
     * Submits until kept: back-pressure and storage outages wait (the partition waits with them), nothing is
     * dropped. Null when interrupted (shutdown) before the event was kept.
     */
    private List<Verdict> keep(Candidate candidate) {
        long waitMillis = 100;
        while (true) {
            try {
                return intake.submit(source, List.of(candidate));
            } catch (BufferFullException | StorageUnavailableException e) {
                LOG.debugf("Kafka record not kept yet (%s); retrying in %d ms", e.getMessage(), waitMillis);
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                waitMillis = Math.min(5_000, waitMillis * 2);
            }
        }
    }

    private CompletionStage<Void> deadLetter(Message<byte[]> record, String reason) {
        LOG.debugf("Kafka record dead-lettered: %s", reason);
        // Counted once the dead-letter topic has it, so the counter never runs ahead of what a replay can read.
        return record.nack(new NotAnEvent(reason)).thenRun(() -> observer.record("dead-lettered"));
    }

    /** The CloudEvent of a record in either binding, as the JSON the HTTP collector reads. */
    JsonNode event(byte[] value, Headers headers) throws NotAnEvent {
        String contentType = header(headers, "content-type").orElse(null);
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(STRUCTURED)) {
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
        ObjectNode event = json.createObjectNode();
        for (Header h : headers) {
            if (h.key().startsWith("ce_") && h.value() != null) {
                event.put(h.key().substring(3), new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        if (contentType != null) {
            event.put("datacontenttype", contentType);
        }
        if (value != null && value.length > 0) {
            boolean isJson = contentType == null || contentType.contains("json");
            try {
                event.set("data", isJson ? json.readTree(value) : json.getNodeFactory().textNode(new String(value, StandardCharsets.UTF_8)));
            } catch (JsonProcessingException e) {
                throw new NotAnEvent("binary CloudEvent whose data is not JSON although content-type is " + contentType + ": " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                throw new NotAnEvent("unreadable data: " + e.getMessage());
            }
        }
        return event;
    }

    private static Optional<String> header(Headers headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? Optional.empty() : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    /** Why a record is not an event; its message becomes the dead letter's {@code dead-letter-reason}. */
    static final class NotAnEvent extends Exception {
        NotAnEvent(String reason) {
            super(reason);
        }
    }
}
