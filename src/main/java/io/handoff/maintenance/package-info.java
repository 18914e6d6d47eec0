/**
 * Maintenance windows: receives them from configuration and from operators (through the API), checks and keeps them
 * with who declared them and why; emits the set in force, which the engine's clocks pause or exclude by.
 */
package io.handoff.maintenance;
