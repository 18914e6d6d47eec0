package io.handoff.ingest.cloudevents;

import io.handoff.ingest.EdgeRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the CloudEvents reader with the edge's rules. */
@ApplicationScoped
public class CloudEventsProducer {
    @Produces
    @Singleton
    CloudEventReader cloudEventReader(EdgeRules rules, io.handoff.event.EventVocabulary vocabulary) {
        return new CloudEventReader(rules);
    }
}
