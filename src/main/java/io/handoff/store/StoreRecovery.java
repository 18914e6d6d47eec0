package io.handoff.store;

import io.handoff.engine.EngineRecovery;
import io.handoff.engine.FlowEngine;
import io.handoff.event.BusinessEvent;
import java.util.List;
import org.jboss.logging.Logger;

/** Reloads the open flows, their neighbours and every event of them from a durable store. */
public final class StoreRecovery implements EngineRecovery {
    private static final Logger LOG = Logger.getLogger(StoreRecovery.class);

    private final Store store;

    public StoreRecovery(Store store) {
        this.store = store;
    }

    @Override
    public void restore(FlowEngine engine) {
        if (!store.durable()) {
            return;
        }
        long started = System.nanoTime();
        RecoveryPlan plan = store.recoveryPlan();
        if (plan.flowKeys().isEmpty()) {
            LOG.info("recovery: no open flows in the store; starting empty");
            return;
        }
        List<BusinessEvent> events = store.eventsOf(plan.flowKeys());
        engine.restore(events, plan.checkpoint());
        LOG.info(String.format(
                "recovery: %d flows (%d with their neighbours, %d events) reloaded up to %s in %d ms",
                engine.flowCount(),
                plan.flowKeys().size(),
                events.size(),
                plan.checkpoint(),
                (System.nanoTime() - started) / 1_000_000));
    }
}
