/**
 * Stitches events into flows: one {@link io.handoff.correlate.Flow} per business object or correlation id, its
 * links, owner and quantities derived from the events' time order; the {@link io.handoff.correlate.FlowIndex} of
 * the flows held (links between them, correlation-id aliases, eviction beyond a bound) and the per-flow bounds the
 * edge enforces ({@link io.handoff.correlate.FlowBounds}).
 */
package io.handoff.correlate;
