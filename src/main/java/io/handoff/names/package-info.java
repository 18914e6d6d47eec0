/**
 * What people call the records behind ids: the {@link io.handoff.names.Names} port the console and the e-mails ask
 * ("ACME Corp" for partner 1204, a timesheet line as "Jürgen Weiß · Mon 16 Nov 2026 · Migration workshop · 7.5 h").
 * Odoo's answers come through {@code ingest.poll.OdooNames}; without an Odoo API, ids are shown.
 */
package io.handoff.names;
