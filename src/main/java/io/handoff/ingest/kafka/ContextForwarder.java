package io.handoff.ingest.kafka;

import io.handoff.engine.ContextListener;
import io.handoff.event.BusinessEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Sends what the engine says other instances need for the flows they own onto the repartition topic. */
@ApplicationScoped
public class ContextForwarder implements ContextListener {
    private final KafkaPublisher publisher;
    private final boolean enabled;

    public ContextForwarder(KafkaPublisher publisher, KafkaConfig config) {
        this.publisher = publisher;
        this.enabled = config.enabled();
    }

    @Override
    public void contextNeeded(String ownerKey, List<BusinessEvent> events) {
        if (enabled) {
            publisher.context(ownerKey, events);
        }
    }
}
