/**
 * Business flows as OpenTelemetry traces. Receives the engine's pictures of changed flows; emits,
 * once a flow is settled or breached, a trace with a deterministic id (see {@link io.handoff.trace.FlowTraceIds})
 * through the standard OTLP exporter.
 */
package io.handoff.trace;
