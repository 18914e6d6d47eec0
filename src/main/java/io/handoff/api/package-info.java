/**
 * The query and admin API: receives authenticated requests (through {@code web}), answers with flows, exceptions,
 * SLA status and admin views.
 */
package io.handoff.api;
