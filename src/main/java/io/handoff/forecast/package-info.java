/**
 * Predictive at-risk: how likely an open SLA clock is to breach, given how long it has run (in the
 * SLA's working time) and how long this SLA's clocks have taken so far.
 */
package io.handoff.forecast;
