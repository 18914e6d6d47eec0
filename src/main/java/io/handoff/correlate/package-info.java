/**
 * Stitches events into flows: receives validated business events, keeps one flow per business
 * object or correlation id, and derives links, owner and quantities from the events' time order.
 */
package io.handoff.correlate;
