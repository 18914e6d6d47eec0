/**
 * The way in: receives CloudEvents and Odoo webhook snapshots from collectors, validates them at the
 * edge, drops duplicates and hands accepted events to the engine, or refuses what it cannot keep.
 */
package io.handoff.ingest;
