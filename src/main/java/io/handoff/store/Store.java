package io.handoff.store;

import io.handoff.anomaly.AnomalyPoints;
import io.handoff.notify.NoticeClaims;
import io.handoff.reconcile.ExceptionStore;
import io.handoff.slo.DecisionStore;

/**
 * A whole store: every port by what it keeps (the event log, flow documents, exceptions, notice claims, anomaly
 * points, clock decisions), implemented together by each adapter (in memory, Elasticsearch). Code that uses the store asks for the
 * port it needs; each port has its contract tests, run against every adapter.
 */
public interface Store
        extends EventStore, FlowStore, ExceptionStore, NoticeClaims, AnomalyPoints, DecisionStore, AutoCloseable {
    /** Waits until everything handed over so far is written and visible to searches. */
    void flush();

    @Override
    void close();
}
