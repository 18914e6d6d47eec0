package io.handoff.api;

import io.handoff.ingest.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

@ApplicationScoped
public class ApiProducer {
    private static final Logger LOG = Logger.getLogger(ApiProducer.class);

    @Produces
    @Singleton
    Access access(IngestConfig ingest, AccessConfig config) {
        Access access = Access.from(ingest, config);
        if (access.isEmpty()) {
            LOG.warn("No API keys configured (handoff.sources.*.api-key, handoff.access.keys.*): every API request will be refused with 401");
        }
        return access;
    }
}
