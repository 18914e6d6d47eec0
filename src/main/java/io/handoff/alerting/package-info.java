/**
 * Alerting as code: receives the SLA catalog, emits Prometheus recording and multi-window,
 * multi-burn-rate alerting rules (Google SRE Workbook, Sloth's defaults).
 */
package io.handoff.alerting;
