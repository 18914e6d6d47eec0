/**
 * Where Handoff keeps what it accepted and concluded, as ports by what they keep: {@link io.handoff.store.EventStore}
 * (the event log, the system of record, with its retention), {@link io.handoff.store.FlowStore} (one document per
 * flow, and what recovery reloads), and the ports other capabilities declare for themselves
 * ({@code reconcile.ExceptionStore}, {@code notify.NoticeClaims}, {@code anomaly.AnomalyPoints}).
 * {@link io.handoff.store.Store} is all of them together; adapters: {@code memory/} (the embedded default) and
 * {@code elastic/}, each held to every port's contract test.
 */
package io.handoff.store;
