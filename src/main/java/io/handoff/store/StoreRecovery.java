package io.handoff.store;

import io.handoff.engine.EngineRecovery;
import io.handoff.engine.FlowEngine;
import io.handoff.event.BusinessEvent;
import java.util.List;
import org.jboss.logging.Logger;

/** Reloads the open flows, their neighbours and every event of them from a durable store. */
public final class StoreRecovery implements EngineRecovery {
    private static final Logger LOG = Logger.getLogger(StoreRecovery.class);

    private final EventStore eventLog;
    private final FlowStore flows;

    public StoreRecovery(EventStore events, FlowStore flows) {
        this.eventLog = events;
        this.flows = flows;
    }

    @Override
    public void restore(FlowEngine engine) {
        if (!eventLog.durable()) {
            return;
        }
        long started = System.nanoTime();
        RecoveryPlan plan = flows.recoveryPlan();
        if (plan.flowKeys().isEmpty()) {
            LOG.info("recovery: no open flows in the store; starting empty");
            return;
        }
        List<BusinessEvent> events = eventLog.eventsOf(plan.flowKeys());
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
