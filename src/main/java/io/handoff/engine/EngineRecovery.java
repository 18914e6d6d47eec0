package io.handoff.engine;

/** Rebuilds a new engine's state from what a previous run left behind, before it takes events. */
public interface EngineRecovery {
    void restore(FlowEngine engine);

    EngineRecovery NONE = engine -> {};
}
