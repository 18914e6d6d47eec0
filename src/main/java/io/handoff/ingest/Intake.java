package io.handoff.ingest;

import io.handoff.correlate.FlowBounds;
import io.handoff.engine.EngineLoop;
import io.handoff.event.BusinessEvent;
import io.handoff.store.EventStore;
import io.handoff.store.StoreFullException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Admits validated inputs: answers duplicates at once, keeps new events in the store and hands them
 * to the engine once kept. With an {@link EventLog} (Kafka), inputs accepted at the edge are only
 * written to the log and acknowledged once it has them; the partition owning their flow keeps, counts and applies
 * them ({@code io.handoff.scaleout}). A request is acknowledged only when its new events are stored (at once for
 * the in-memory store); when they cannot be buffered or are not stored within the acknowledgement
 * timeout, the whole request is refused with a retry hint and none of its events count as seen, so the
 * retry is accepted (storing is idempotent, so nothing is kept twice). Thread-safe.
 */
public final class Intake {
    private final EngineLoop engine;
    private final EventStore store;
    private final RecentEvents recent;
    private final IngestObserver observer;
    private final int retryAfterSeconds;
    private final long ackTimeoutNanos;
    private final EventLog log;
    private final FlowBounds bounds;

    /**
     * @param log where accepted events go first when it is in use; null or not in use: admitted here
     * @param bounds flows and link targets that may not grow any more: events about them are refused at the edge
     */
    public Intake(
            EngineLoop engine,
            EventStore store,
            RecentEvents recent,
            IngestObserver observer,
            int retryAfterSeconds,
            Duration ackTimeout,
            EventLog log,
            FlowBounds bounds) {
        this.log = log != null && log.inUse() ? log : null;
        this.bounds = bounds;
        this.engine = engine;
        this.store = store;
        this.recent = recent;
        this.observer = observer;
        this.retryAfterSeconds = retryAfterSeconds;
        this.ackTimeoutNanos = ackTimeout.toNanos();
    }

    /**
     * Admits and waits until the new events are kept.
     *
     * @throws BufferFullException when the new events do not fit; nothing of the request was accepted
     * @throws StorageUnavailableException when they were not stored in time; retry
     */
    public List<Verdict> submit(String origin, List<Candidate> candidates) {
        return admit(origin, candidates).await();
    }

    /**
     * First half of {@link #submit}: decides every verdict and hands the new events to the store and the
     * engine, without waiting for them to be kept, so a caller can release what it holds (a CPU
     * bulkhead, say) before {@link Admission#await}.
     *
     * @throws BufferFullException when the new events do not fit; nothing of the request was accepted
     */
    public Admission admit(String origin, List<Candidate> candidates) {
        List<Candidate> bounded = withinBounds(candidates);
        return log == null ? admitHere(origin, bounded) : logged(origin, bounded);
    }

    /**
     * Events about a flow or link target at its bound are refused here, at the edge, where the sender hears of it
     * (the Kafka collector checks the bounds itself and dead-letters).
     */
    private List<Candidate> withinBounds(List<Candidate> candidates) {
        List<Candidate> out = null;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            String refusal = candidate.event() == null ? null : bounds.refusal(candidate.event());
            if (refusal != null) {
                out = out == null ? new ArrayList<>(candidates) : out;
                out.set(
                        i,
                        Candidate.rejected(
                                new Rejection("flow-full", "", refusal), candidate.id(), candidate.source()));
            }
        }
        return out == null ? candidates : out;
    }

    /** Valid inputs are accepted once the log has them; duplicates are found where their flow is owned. */
    private Admission logged(String origin, List<Candidate> candidates) {
        List<Verdict> verdicts = new ArrayList<>(candidates.size());
        List<BusinessEvent> valid = new ArrayList<>(candidates.size());
        List<Candidate> rejected = new ArrayList<>();
        List<Verdict> rejections = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            Verdict verdict;
            if (candidate.rejection() != null) {
                verdict = new Verdict(
                        i, candidate.id(), candidate.source(), Verdict.Status.REJECTED, candidate.rejection());
                rejected.add(candidate);
                rejections.add(verdict);
            } else {
                verdict = new Verdict(i, candidate.id(), candidate.source(), Verdict.Status.ACCEPTED, null);
                valid.add(candidate.event());
            }
            verdicts.add(verdict);
        }
        CompletableFuture<Void> kept = valid.isEmpty() ? CompletableFuture.completedFuture(null) : log.append(valid);
        // Counted where their flow's partition keeps them and duplicates are known; only the rejections are counted
        // here.
        return new Admission(origin, rejected, rejections, valid, kept, verdicts, true, null);
    }

    private Admission admitHere(String origin, List<Candidate> candidates) {
        long acceptedAt = System.nanoTime();
        List<Verdict> verdicts = new ArrayList<>(candidates.size());
        List<BusinessEvent> fresh = new ArrayList<>(candidates.size());
        CompletableFuture<Void> stored = new CompletableFuture<>();
        // What duplicates of these events wait for: stored, or refused (which the store's own future cannot say on a
        // timeout,
        // since the engine applies the events whenever the store does keep them).
        CompletableFuture<Void> claim = new CompletableFuture<>();
        List<CompletableFuture<Void>> originals = null;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            Verdict.Status status;
            CompletableFuture<Void> original = null;
            if (candidate.rejection() != null) {
                status = Verdict.Status.REJECTED;
            } else if ((original = recent.claim(candidate.event().identity(), claim)) == null) {
                status = Verdict.Status.ACCEPTED;
                fresh.add(candidate.event());
            } else {
                status = Verdict.Status.DUPLICATE;
                if (!original.isDone() || original.isCompletedExceptionally()) {
                    originals = originals == null ? new ArrayList<>() : originals;
                    originals.add(original);
                }
            }
            verdicts.add(new Verdict(i, candidate.id(), candidate.source(), status, candidate.rejection()));
        }
        if (fresh.isEmpty()) {
            stored.complete(null);
        } else {
            keep(origin, fresh, acceptedAt, stored, claim);
            stored.whenComplete((ok, failure) -> {
                if (failure == null) {
                    claim.complete(null);
                } else {
                    claim.completeExceptionally(failure);
                }
            });
        }
        // A duplicate of an event still being stored answers as its original does: kept, or not (retry).
        CompletableFuture<Void> kept = originals == null
                ? stored
                : CompletableFuture.allOf(stored, CompletableFuture.allOf(originals.toArray(CompletableFuture[]::new)));
        return new Admission(origin, candidates, verdicts, fresh, kept, verdicts, false, claim);
    }

    private void keep(
            String origin,
            List<BusinessEvent> fresh,
            long acceptedAt,
            CompletableFuture<Void> kept,
            CompletableFuture<Void> claim) {
        if (!engine.offer(fresh, acceptedAt, kept)) {
            claim.completeExceptionally(new BufferFullException(retryAfterSeconds));
            refuse(origin, fresh, "buffer-full", false, claim);
            throw new BufferFullException(retryAfterSeconds);
        }
        try {
            store.append(fresh).whenComplete((ok, failure) -> {
                if (failure == null) {
                    kept.complete(null);
                } else {
                    kept.completeExceptionally(failure);
                }
            });
        } catch (StoreFullException e) {
            kept.completeExceptionally(e);
            claim.completeExceptionally(e);
            refuse(origin, fresh, "buffer-full", false, claim);
            throw new BufferFullException(e.getMessage() + "; nothing of this request was accepted", retryAfterSeconds);
        }
    }

    /** A request whose verdicts are decided and whose new events are on their way to being kept. */
    public final class Admission {
        private final String origin;
        private final List<Candidate> candidates;
        private final List<Verdict> verdicts;
        private final List<BusinessEvent> fresh;
        private final CompletableFuture<Void> kept;
        private final List<Verdict> answer;
        /** Written to the event log: {@code fresh} are the events sent, counted when read back. */
        private final boolean logged;
        /** What the fresh events' identities were recorded with, so a refusal forgets only those records. */
        private final CompletableFuture<Void> claim;

        private Admission(
                String origin,
                List<Candidate> candidates,
                List<Verdict> verdicts,
                List<BusinessEvent> fresh,
                CompletableFuture<Void> kept,
                List<Verdict> answer,
                boolean logged,
                CompletableFuture<Void> claim) {
            this.claim = claim;
            this.answer = answer;
            this.logged = logged;
            this.origin = origin;
            this.candidates = candidates;
            this.verdicts = verdicts;
            this.fresh = fresh;
            this.kept = kept;
        }

        /**
         * Waits until the new events are kept (at most the acknowledgement timeout) and only then
         * counts the request.
         *
         * @throws StorageUnavailableException when they were not stored in time; retry
         */
        public List<Verdict> await() {
            try {
                kept.get(ackTimeoutNanos, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // Not acknowledged: a duplicate waiting on these events must not be told they are kept either.
                if (claim != null) {
                    claim.completeExceptionally(
                            new StorageUnavailableException("not stored in time", retryAfterSeconds));
                }
                refuse(origin, fresh, "storage-unavailable", logged, claim);
                throw new StorageUnavailableException(
                        "the events were not stored within "
                                + Duration.ofNanos(ackTimeoutNanos).toMillis()
                                + " ms; they are not acknowledged, retry (a retry never stores an event twice)",
                        retryAfterSeconds);
            } catch (ExecutionException e) {
                refuse(origin, fresh, "storage-unavailable", logged, claim);
                throw new StorageUnavailableException(
                        "the events could not be stored: " + e.getCause().getMessage(), retryAfterSeconds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                refuse(origin, fresh, "storage-unavailable", logged, claim);
                throw new StorageUnavailableException("interrupted while storing the events", retryAfterSeconds);
            }
            observer.verdicts(origin, candidates, verdicts);
            if (!logged) {
                observer.accepted(origin, fresh);
            }
            return answer;
        }
    }

    private void refuse(
            String origin, List<BusinessEvent> fresh, String reason, boolean logged, CompletableFuture<Void> claim) {
        if (!logged) {
            fresh.forEach(event -> recent.forget(event.identity(), claim));
        }
        observer.refused(origin, fresh.size(), reason);
    }
}
