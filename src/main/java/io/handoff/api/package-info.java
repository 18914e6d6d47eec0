/**
 * The HTTP surface: receives authenticated requests, answers with flows, SLA status and admin
 * views, and turns every refusal into an RFC 9457 problem+json body.
 */
package io.handoff.api;
