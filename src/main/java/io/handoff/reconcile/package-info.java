/**
 * Reconciliation exceptions: problems in a hand-off that need a person. Receives the engine's
 * conclusions; emits exception records (stable ids, lifecycle open → resolved) to the store.
 */
package io.handoff.reconcile;
