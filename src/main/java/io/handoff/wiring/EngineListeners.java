package io.handoff.wiring;

import io.handoff.engine.DroppedClocksWarning;
import io.handoff.engine.EngineListener;
import io.handoff.forecast.BreachForecaster;
import io.handoff.ingest.kafka.ContextForwarder;
import io.handoff.metrics.SlaMetrics;
import io.handoff.reconcile.ExceptionDetectors;
import io.handoff.reconcile.SlaBreachExceptions;
import io.handoff.slo.DecisionJournal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/** Who listens to the engine, by concern and in the order they are told: the one list of them. */
@ApplicationScoped
public class EngineListeners {
    @Produces
    @Singleton
    EngineListener engineListener(
            SlaMetrics metrics,
            SlaBreachExceptions breaches,
            BreachForecaster forecaster,
            DecisionJournal decisions,
            ExceptionDetectors detectors,
            DroppedClocksWarning dropped,
            ContextForwarder context) {
        return EngineListener.of(
                // clocks: counted and measured, breaches opened as exceptions, outcomes learned for the forecast,
                // decisions kept for the compliance windows
                List.of(metrics, breaches, forecaster, decisions),
                // flows: reconciliation detectors on every applied event and tick; evictions counted, and logged
                // when they drop running clocks
                List.of(detectors, metrics, dropped),
                // ownership: events other instances need, sent over Kafka (never called when every flow is owned here)
                List.of(context));
    }
}
