/**
 * SLA definitions and their clocks: from a flow's start and stop instants (its neighbours' stops passed in), clock
 * states (on track, at risk, breached, met) in calendar or business time; the {@link io.handoff.sla.ClockBook} that
 * evaluates flows' clocks, tells each outcome once, counts revisions and open clocks, and knows when each flow next
 * falls due; per-flow clock marks as plain values ({@link io.handoff.sla.ClockMark}).
 */
package io.handoff.sla;
