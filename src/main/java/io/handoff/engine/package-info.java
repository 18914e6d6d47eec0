/**
 * The flow engine: receives validated events and the passing of time, correlates them into flows,
 * evaluates every SLA clock they touch and emits state changes and outcomes to a listener.
 */
package io.handoff.engine;
