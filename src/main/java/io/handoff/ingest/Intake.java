package io.handoff.ingest;

import io.handoff.engine.EngineLoop;
import io.handoff.event.BusinessEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Admits validated inputs: answers duplicates at once, hands new events to the engine and
 * refuses a whole request, keeping nothing of it, when the engine's buffer cannot take it. Every
 * input gets exactly one verdict and is counted once. Thread-safe.
 */
public final class Intake {
    private final EngineLoop engine;
    private final RecentEvents recent;
    private final IngestObserver observer;
    private final int retryAfterSeconds;

    public Intake(EngineLoop engine, RecentEvents recent, IngestObserver observer, int retryAfterSeconds) {
        this.engine = engine;
        this.recent = recent;
        this.observer = observer;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * @throws BufferFullException when the new events do not fit; then nothing of the request was
     *     accepted, and a retry of the same request is not treated as a duplicate
     */
    public List<Verdict> submit(String origin, List<Candidate> candidates) {
        long acceptedAt = System.nanoTime();
        List<Verdict> verdicts = new ArrayList<>(candidates.size());
        List<BusinessEvent> fresh = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            Verdict.Status status;
            if (candidate.rejection() != null) {
                status = Verdict.Status.REJECTED;
            } else if (recent.add(candidate.event().identity())) {
                status = Verdict.Status.ACCEPTED;
                fresh.add(candidate.event());
            } else {
                status = Verdict.Status.DUPLICATE;
            }
            verdicts.add(new Verdict(i, candidate.id(), candidate.source(), status, candidate.rejection()));
        }
        if (!engine.offer(fresh, acceptedAt)) {
            fresh.forEach(event -> recent.forget(event.identity()));
            observer.bufferFull(origin, fresh.size());
            throw new BufferFullException(retryAfterSeconds);
        }
        observer.verdicts(origin, candidates, verdicts);
        observer.accepted(origin, fresh);
        return verdicts;
    }
}
