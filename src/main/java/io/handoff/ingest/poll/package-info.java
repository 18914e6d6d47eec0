/**
 * Reads Odoo records back by polling its API (JSON-2 or JSON-RPC) by {@code write_date} watermark,
 * and emits the same snapshots the webhook delivers: the collector that cannot miss an event.
 */
package io.handoff.ingest.poll;
