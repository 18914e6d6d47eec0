/**
 * The composition root, for choices that span packages: receives the capabilities' beans and configuration, emits the
 * configured store (by {@code handoff.store.kind}, the one place that knows every store adapter) and the engine's
 * listeners in one visible list. Depends on the capabilities; none depends on it.
 */
package io.handoff.wiring;
