/**
 * Display names for the Odoo ids events carry (webhooks send many2one fields as bare ids): reads them back
 * through the poller's Odoo API in batches, caches them with a time to live, and lets the console and the
 * e-mails say "ACME Corp" and "Jürgen Weiß · Mon 16 Nov 2026 · Migration workshop · 7.5 h" beside the ids.
 */
package io.handoff.names;
