package io.handoff.store.spill;

import io.handoff.engine.EngineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;

/** The engine's spill: under {@code handoff.engine.spill-dir}, else the system's temporary directory. */
@ApplicationScoped
public class SpillProducer {

    @Produces
    @Singleton
    DiskFlowSpill spill(EngineConfig config) {
        return new DiskFlowSpill(
                Path.of(config.spillDir().orElseGet(() -> System.getProperty("java.io.tmpdir")), "handoff-spill"));
    }

    void close(@Disposes DiskFlowSpill spill) {
        spill.close();
    }
}
