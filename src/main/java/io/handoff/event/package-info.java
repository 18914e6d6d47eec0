/**
 * The shared vocabulary: canonical business events, the objects they name and the links they carry.
 * Records and enums only; no I/O and no framework types.
 */
package io.handoff.event;
