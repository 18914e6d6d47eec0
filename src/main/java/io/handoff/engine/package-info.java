/**
 * The flow engine: a coordinator ({@link io.handoff.engine.FlowEngine}) of the flow index, the clock books and
 * ownership between instances ({@code Handover}), run on a thread of its own ({@link io.handoff.engine.EngineLoop})
 * and read through {@link io.handoff.engine.FlowReads}. What it concludes goes to listeners split by concern
 * (clocks, flows, context for other owners); a flow's whole state can be taken out and put back as plain values
 * ({@link io.handoff.engine.FlowState}).
 */
package io.handoff.engine;
