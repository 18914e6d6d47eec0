package io.handoff.metrics;

import io.handoff.engine.EngineLoop;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** The engine's health: live while its thread runs; ready while its buffer has room. */
@ApplicationScoped
public class EngineHealth {
    private final EngineLoop engine;

    public EngineHealth(EngineLoop engine) {
        this.engine = engine;
    }

    @Liveness
    HealthCheck engineThread() {
        return () -> HealthCheckResponse.named("engine-thread")
                .status(engine.isRunning())
                .build();
    }

    @Readiness
    HealthCheck engineBuffer() {
        return () -> HealthCheckResponse.named("engine-buffer")
                .status(engine.isRunning() && engine.backlog() < engine.capacity())
                .withData("backlog", engine.backlog())
                .withData("capacity", engine.capacity())
                .build();
    }
}
