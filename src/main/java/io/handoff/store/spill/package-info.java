/**
 * The engine's flows beyond {@code handoff.engine.max-flows}, on local disk (RocksDB): receives the flows the engine
 * has no room for, gives them back when an event, a falling due or a query needs them.
 */
package io.handoff.store.spill;
