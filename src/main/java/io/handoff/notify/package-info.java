/**
 * Business notices to service delivery leads: an e-mail when an exception (an SLA breach among them)
 * opens above a severity, routed by practice, client and project to recipient groups, held through a
 * group's quiet hours, sent once per exception ever, retried when the mail server fails.
 */
package io.handoff.notify;
