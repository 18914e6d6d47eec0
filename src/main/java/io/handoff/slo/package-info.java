/**
 * Compliance windows and error budgets: every clock's decision in force (met at its stop, breached when it fell due,
 * withdrawn when reopened) kept through the {@link io.handoff.slo.DecisionStore} port, and per SLA and window
 * (rolling or calendar) the attainment and the error budget total, used and left, in clocks, hours and money, exact
 * from those decisions. Receives the engine's decisions; serves the API and the window gauges.
 */
package io.handoff.slo;
