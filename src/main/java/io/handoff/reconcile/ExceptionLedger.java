package io.handoff.reconcile;

import io.handoff.engine.EngineConfig;
import io.handoff.record.VersionClock;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where exceptions go once decided: saved to the store, counted among the open ones, and reported to
 * the observers. At start-up it counts the exceptions the store still holds open, so the open totals
 * survive a restart.
 */
@Startup
@ApplicationScoped
public class ExceptionLedger {
    private static final Logger LOG = Logger.getLogger(ExceptionLedger.class);

    private final ExceptionStore store;
    private final OpenExceptions open;
    private final List<ExceptionObserver> observers;
    private final InstantSource clock;
    private final VersionClock versions = new VersionClock();

    @Inject
    public ExceptionLedger(
            ExceptionStore store, EngineConfig engine, Instance<ExceptionObserver> observers, InstantSource clock) {
        this(store, engine.maxGroups(), observers.stream().toList(), clock);
    }

    public ExceptionLedger(
            ExceptionStore store, int maxGroups, List<ExceptionObserver> observers, InstantSource clock) {
        this.store = store;
        this.clock = clock;
        this.open = new OpenExceptions(maxGroups);
        this.observers = List.copyOf(observers);
        int loaded = loadOpen();
        if (loaded > 0) {
            LOG.info("exceptions: " + loaded + " open exceptions counted from the store");
        }
        this.observers.forEach(o -> o.totalsChanged(open));
    }

    private int loadOpen() {
        int[] loaded = {0};
        store.eachOpenException(exception -> {
            open.record(exception);
            loaded[0]++;
            return true;
        });
        return loaded[0];
    }

    public void save(ExceptionRecord exception) {
        store.saveExceptions(List.of(exception));
        OpenExceptions.Change change = open.record(exception);
        for (ExceptionObserver observer : observers) {
            switch (change) {
                // An acknowledgement of an exception this process had not counted is counted, not announced.
                case OPENED -> {
                    if (exception.status() == ExceptionStatus.OPEN) {
                        observer.opened(exception);
                    }
                }
                case RESOLVED -> observer.resolved(exception);
                case NONE -> {}
            }
            if (change != OpenExceptions.Change.NONE) {
                observer.totalsChanged(open);
            }
        }
    }

    /**
     * Records that {@code by} took the exception on, with an optional comment. Idempotent: an exception
     * already acknowledged is answered as it is.
     *
     * @return empty when there is no such exception
     * @throws IllegalStateException when it is resolved already
     */
    public synchronized Optional<ExceptionRecord> acknowledge(String id, String by, String comment) {
        Optional<ExceptionRecord> current = store.exception(id);
        if (current.isEmpty() || current.get().acknowledgement() != null) {
            return current;
        }
        if (current.get().status() == ExceptionStatus.RESOLVED) {
            throw new IllegalStateException("exception '" + id + "' is resolved already");
        }
        Instant now = clock.instant();
        ExceptionRecord acknowledged = current.get().acknowledged(by, comment, now, versions.next(now));
        save(acknowledged);
        return Optional.of(acknowledged);
    }

    /**
     * Records that {@code by} resolved the exception by hand (e.g. settled outside the systems Handoff
     * watches). Idempotent. If its condition still holds, the next event about the flow raises it again
     * under the same id (its notice is not sent twice).
     *
     * @return empty when there is no such exception
     */
    public synchronized Optional<ExceptionRecord> resolve(String id, String by, String comment) {
        Optional<ExceptionRecord> current = store.exception(id);
        if (current.isEmpty() || current.get().status() == ExceptionStatus.RESOLVED) {
            return current;
        }
        Instant now = clock.instant();
        ExceptionRecord e = current.get();
        ExceptionRecord resolved = new ExceptionRecord(
                e.id(),
                e.type(),
                e.severity(),
                ExceptionStatus.RESOLVED,
                e.sla(),
                e.flowKey(),
                e.client(),
                e.project(),
                e.group(),
                e.hours(),
                e.amount(),
                e.openedAt(),
                now,
                now,
                e.summary() + " — resolved by " + by + (comment == null || comment.isBlank() ? "" : ": " + comment),
                versions.next(now),
                e.acknowledgement(),
                e.evidence());
        save(resolved);
        return Optional.of(resolved);
    }

    public OpenExceptions open() {
        return open;
    }
}
