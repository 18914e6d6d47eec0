package io.handoff.api;

import io.handoff.engine.FlowReads;
import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Asks the engine thread a question and waits a bounded time for the answer. */
@ApplicationScoped
public class EngineQueries {
    private static final long TIMEOUT_SECONDS = 5;

    private final FlowReads reads;

    public EngineQueries(FlowReads reads) {
        this.reads = reads;
    }

    /** The engine's state, read through the narrow interface it offers. */
    public FlowReads reads() {
        return reads;
    }

    /**
     * Waits the same bounded time for the engine to have done something already recorded elsewhere: false when it has
     * not yet (it will: the work is queued), for an answer of 202 rather than a 503 that would say it was not done.
     */
    public boolean doneInTime(CompletableFuture<?> done) {
        try {
            done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("engine command failed", e.getCause());
        }
    }

    /** Waits a bounded time for an answer of the engine: 503 problem when it does not come. */
    public <T> T answer(CompletableFuture<T> answer) {
        try {
            return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ProblemException(
                    ProblemType.UNAVAILABLE, "the engine did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("engine query failed", e.getCause());
        }
    }
}
