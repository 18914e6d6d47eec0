/**
 * SLA definitions and their clocks: receives a flow's start and stop instants, emits clock states
 * (on track, at risk, breached, met) measured in calendar or business time.
 */
package io.handoff.sla;
