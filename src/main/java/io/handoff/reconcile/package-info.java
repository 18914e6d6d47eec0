/**
 * Reconciliation exceptions: problems in a hand-off that need a person. Receives the engine's conclusions; emits
 * exception records (stable ids, {@link io.handoff.reconcile.Severity}, lifecycle
 * {@link io.handoff.reconcile.ExceptionStatus open → acknowledged → resolved}) to the
 * {@link io.handoff.reconcile.ExceptionStore} port, which the store implements.
 */
package io.handoff.reconcile;
