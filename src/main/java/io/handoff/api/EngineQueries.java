package io.handoff.api;

import io.handoff.engine.EngineLoop;
import io.handoff.engine.FlowEngine;
import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/** Asks the engine thread a question and waits a bounded time for the answer. */
@ApplicationScoped
public class EngineQueries {
    private static final long TIMEOUT_SECONDS = 5;

    private final EngineLoop engine;

    public EngineQueries(EngineLoop engine) {
        this.engine = engine;
    }

    public <T> T ask(Function<FlowEngine, T> query) {
        try {
            return engine.query(query).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
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
