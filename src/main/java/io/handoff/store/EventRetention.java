package io.handoff.store;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.List;
import org.jboss.logging.Logger;

/** Deletes events older than the retention period, a month at a time, where the store keeps them. */
@ApplicationScoped
public class EventRetention {
    private static final Logger LOG = Logger.getLogger(EventRetention.class);

    private final EventStore store;
    private final StoreConfig config;
    private final InstantSource clock;

    public EventRetention(EventStore store, StoreConfig config, InstantSource clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "6h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        List<String> deleted = store.deleteExpiredEvents(
                clock.instant(), config.elasticsearch().retention());
        if (!deleted.isEmpty()) {
            LOG.info("retention " + config.elasticsearch().retention() + ": deleted events indices " + deleted);
        }
    }
}
