/**
 * Where Handoff keeps what it accepted and concluded: events (the system of record), one document per
 * flow, exceptions. Receives appends from the intake and flow/exception changes from the engine; serves
 * the read API and recovery. Adapters: {@code memory/} (the embedded default) and {@code elastic/}.
 */
package io.handoff.store;
