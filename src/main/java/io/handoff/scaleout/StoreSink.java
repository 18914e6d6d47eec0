package io.handoff.scaleout;

import io.handoff.event.BusinessEvent;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.kafka.KafkaObserver;
import io.handoff.store.EventStore;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Writes the accepted events of the repartition topic into the event store (Elasticsearch: the record the timeline
 * and search read) in bulks as large as a poll, in a consumer group of its own, so the engine never waits for the
 * store's round trips. A poll is acknowledged once the store has all of it; an unavailable store is waited out with
 * backoff, the sink's lag growing meanwhile ({@code handoff_kafka_store_sink_lag}). Writing is idempotent (an event's
 * identity is its document), so a redelivery is harmless. Context copies and records that are not events are skipped:
 * the former were written where they were accepted, the latter are dead-lettered by the partition processor.
 */
@ApplicationScoped
public class StoreSink {
    private static final Logger LOG = Logger.getLogger(StoreSink.class);

    private final EventStore store;
    private final EdgeRules edge;
    private final KafkaObserver observer;

    public StoreSink(EventStore store, EdgeRules edge, KafkaObserver observer) {
        this.store = store;
        this.edge = edge;
        this.observer = observer;
    }

    @Incoming("handoff-store-sink")
    @Blocking(value = "handoff-store-sink", ordered = false)
    public CompletionStage<Void> consume(KafkaRecordBatch<String, byte[]> batch) {
        List<BusinessEvent> events = new ArrayList<>(batch.getRecords().size());
        for (KafkaRecord<String, byte[]> record : batch) {
            BusinessEvent event = eventOf(record);
            if (event != null) {
                events.add(event);
            }
        }
        long waitMillis = 100;
        while (!events.isEmpty()) {
            try {
                store.append(events).toCompletableFuture().get();
                observer.record("stored", events.size());
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CompletableFuture<>(); // shutting down: unacknowledged, so delivered again
            } catch (ExecutionException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                LOG.warnf(
                        "%d accepted events not stored yet, retrying in %d ms: %s",
                        events.size(), waitMillis, cause.toString());
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return new CompletableFuture<>();
                }
                waitMillis = Math.min(10_000, waitMillis * 2);
            }
        }
        return batch.ack();
    }

    /** An accepted event to store; null for context copies and records that are not events. */
    private BusinessEvent eventOf(KafkaRecord<String, byte[]> record) {
        if (RepartitionRecord.isContext(record.getHeaders())) {
            return null; // most records where flows link across partitions: not worth decoding to skip
        }
        RepartitionRecord read = RepartitionRecord.read(record.getHeaders(), record.getPayload(), edge);
        return read.context() ? null : read.event();
    }
}
