/**
 * Business notices to service delivery leads: an e-mail when an exception (an SLA breach among them)
 * opens above a severity, routed by practice, client and project to recipient groups, held through a
 * group's quiet hours, sent once per exception ever (claimed through the {@link io.handoff.notify.NoticeClaims}
 * port, which the store implements), retried when the mail server fails.
 */
package io.handoff.notify;
