/**
 * Prometheus metrics through Micrometer, one binder per capability: receives what the edge and
 * the engine report, emits {@code handoff_*} series whose labels come from bounded sets only.
 */
package io.handoff.metrics;
