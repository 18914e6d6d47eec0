package io.handoff.reconcile;

import io.handoff.engine.EngineConfig;
import io.handoff.reconcile.ExceptionRecord.Activity;
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
    /** Snoozed exceptions still unresolved, and until when: they wake with a notice. */
    private final java.util.Map<String, Instant> snoozed = new java.util.concurrent.ConcurrentHashMap<>();

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
            LOG.info("exceptions: " + loaded + " open and acknowledged exceptions counted from the store");
        }
        this.observers.forEach(o -> o.totalsChanged(open));
    }

    private int loadOpen() {
        int[] loaded = {0};
        // Acknowledged ones too: they count as open until resolved, and their condition clearing still resolves them.
        store.eachUnresolvedException(exception -> {
            open.record(exception);
            if (exception.snoozedUntil() != null) {
                snoozed.put(exception.id(), exception.snoozedUntil());
            }
            loaded[0]++;
            return true;
        });
        return loaded[0];
    }

    /**
     * Saves a decided exception, carrying over what people did about it (the stored version's activity, and its
     * acknowledgement, assignee and snooze while it stays unresolved): a detector that re-decides an exception
     * never erases an assignment or a comment.
     */
    public synchronized void save(ExceptionRecord decided) {
        persist(decided.after(store.exception(decided.id()).orElse(null)));
    }

    private void persist(ExceptionRecord exception) {
        store.saveExceptions(List.of(exception));
        if (exception.snoozedUntil() != null && exception.status() != ExceptionStatus.RESOLVED) {
            snoozed.put(exception.id(), exception.snoozedUntil());
        } else {
            snoozed.remove(exception.id());
        }
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
        return Optional.of(act(current.get().acknowledged(by, comment, now, version(current.get(), now))));
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
        return Optional.of(act(e.handled(
                ExceptionStatus.RESOLVED,
                e.acknowledgement(),
                e.assignee(),
                null,
                new Activity("resolved", by, now, comment),
                now,
                version(e, now))));
    }

    /**
     * Assigns the exception to {@code assignee} (null: to nobody), with an optional comment. Idempotent: the same
     * assignment again changes nothing.
     *
     * @return empty when there is no such exception
     * @throws IllegalStateException when it is resolved already
     */
    public synchronized Optional<ExceptionRecord> assign(String id, String by, String assignee, String comment) {
        Optional<ExceptionRecord> current = unresolved(id);
        if (current.isEmpty() || java.util.Objects.equals(current.get().assignee(), assignee)) {
            return current;
        }
        Instant now = clock.instant();
        ExceptionRecord e = current.get();
        String detail = assignee == null ? comment : comment == null ? assignee : assignee + ": " + comment;
        return Optional.of(act(e.handled(
                e.status(),
                e.acknowledgement(),
                assignee,
                e.snoozedUntil(),
                new Activity(assignee == null ? "unassigned" : "assigned", by, now, detail),
                now,
                version(e, now))));
    }

    /** Adds a comment; allowed on resolved exceptions too (a note on how it was settled). */
    public synchronized Optional<ExceptionRecord> comment(String id, String by, String comment) {
        Optional<ExceptionRecord> current = store.exception(id);
        if (current.isEmpty() || repeats(current.get(), "commented", by, comment)) {
            return current;
        }
        Instant now = clock.instant();
        ExceptionRecord e = current.get();
        return Optional.of(act(e.handled(
                e.status(),
                e.acknowledgement(),
                e.assignee(),
                e.snoozedUntil(),
                new Activity("commented", by, now, comment),
                now,
                version(e, now))));
    }

    /**
     * Hides the exception from the inbox until {@code until}; if it is still unresolved then, it comes back
     * with a notice. Snoozing again moves the time.
     *
     * @throws IllegalStateException when it is resolved already
     * @throws IllegalArgumentException when {@code until} is not in the future
     */
    public synchronized Optional<ExceptionRecord> snooze(String id, String by, Instant until, String comment) {
        Instant now = clock.instant();
        if (!until.isAfter(now)) {
            throw new IllegalArgumentException("until must be in the future");
        }
        Optional<ExceptionRecord> current = unresolved(id);
        if (current.isEmpty() || until.equals(current.get().snoozedUntil())) {
            return current;
        }
        ExceptionRecord e = current.get();
        String detail = "until " + until + (comment == null || comment.isBlank() ? "" : ": " + comment);
        return Optional.of(act(e.handled(
                e.status(),
                e.acknowledgement(),
                e.assignee(),
                until,
                new Activity("snoozed", by, now, detail),
                now,
                version(e, now))));
    }

    @io.quarkus.scheduler.Scheduled(
            every = "${handoff.reconcile.snooze-check-every:30s}",
            delayed = "5s",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    void wakeSnoozedOnSchedule() {
        try {
            wakeSnoozed();
        } catch (RuntimeException e) {
            LOG.warn("could not wake snoozed exceptions (" + e.getMessage() + "); trying again later");
        }
    }

    /** Wakes the exceptions whose snooze has ended and that are still unresolved: observers send a notice. */
    public void wakeSnoozed() {
        Instant now = clock.instant();
        for (var entry : java.util.List.copyOf(snoozed.entrySet())) {
            if (!entry.getValue().isAfter(now)) {
                wake(entry.getKey(), now);
            }
        }
    }

    private synchronized void wake(String id, Instant now) {
        Optional<ExceptionRecord> current = store.exception(id);
        if (current.isEmpty()
                || current.get().status() == ExceptionStatus.RESOLVED
                || current.get().snoozedUntil() == null
                || current.get().snoozedUntil().isAfter(now)) {
            snoozed.remove(id, snoozed.get(id));
            current.filter(e -> e.snoozedUntil() != null && e.status() != ExceptionStatus.RESOLVED)
                    .ifPresent(e -> snoozed.put(id, e.snoozedUntil()));
            return;
        }
        ExceptionRecord e = current.get();
        ExceptionRecord woken = act(e.handled(
                e.status(),
                e.acknowledgement(),
                e.assignee(),
                null,
                new Activity("woke", Activity.HANDOFF, now, "snoozed until " + e.snoozedUntil()),
                now,
                version(e, now)));
        observers.forEach(o -> o.woke(woken));
    }

    /** Records that a notice about the exception went out (or escalated), to whom; a no-op for an unknown id. */
    public synchronized void noticed(String id, String action, String detail) {
        store.exception(id).ifPresent(e -> {
            Instant now = clock.instant();
            act(e.handled(
                    e.status(),
                    e.acknowledgement(),
                    e.assignee(),
                    e.snoozedUntil(),
                    new Activity(action, Activity.HANDOFF, now, detail),
                    e.updatedAt(),
                    version(e, now)));
        });
    }

    /** The snoozed exceptions this ledger will wake, by id. */
    public java.util.Map<String, Instant> snoozed() {
        return java.util.Map.copyOf(snoozed);
    }

    /** Above the stored version whatever clock wrote it, so the store keeps what was done last. */
    private long version(ExceptionRecord stored, Instant now) {
        return Math.max(versions.next(now), stored.version() + 1);
    }

    /** A retried request: the newest activity is the same action by the same person with the same words. */
    private static boolean repeats(ExceptionRecord e, String action, String by, String detail) {
        if (e.activity().isEmpty()) {
            return false;
        }
        Activity last = e.activity().get(e.activity().size() - 1);
        return last.action().equals(action) && last.by().equals(by) && java.util.Objects.equals(last.detail(), detail);
    }

    private Optional<ExceptionRecord> unresolved(String id) {
        Optional<ExceptionRecord> current = store.exception(id);
        if (current.isPresent() && current.get().status() == ExceptionStatus.RESOLVED) {
            throw new IllegalStateException("exception '" + id + "' is resolved already");
        }
        return current;
    }

    /** Saves what a person did to the record as the store held it (so nothing is carried over twice). */
    private ExceptionRecord act(ExceptionRecord done) {
        persist(done);
        return done;
    }

    public OpenExceptions open() {
        return open;
    }
}
