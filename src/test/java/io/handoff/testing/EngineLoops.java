package io.handoff.testing;

import io.handoff.engine.EngineListener;
import io.handoff.engine.EngineLoop;
import io.handoff.engine.FlowEngine;
import io.handoff.engine.FlowJournal;
import io.handoff.engine.GroupLabels;
import java.time.Duration;
import java.time.InstantSource;

/** Engine loops as tests use them: the shipped SLAs, room for 1,000 events, no journal, the system clock. */
public final class EngineLoops {
    private EngineLoops() {}

    /** A started loop around an engine of its own holding up to 1,000 flows, telling nobody. */
    public static EngineLoop started() {
        return new EngineLoop(
                        new FlowEngine(Slas.catalog(), EngineListener.NONE, new GroupLabels(10), 1000),
                        InstantSource.system(),
                        (n, nanos) -> {},
                        1000,
                        Duration.ofMillis(50),
                        FlowJournal.NONE,
                        Duration.ofSeconds(1))
                .start();
    }
}
