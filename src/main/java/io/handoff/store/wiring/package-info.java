/**
 * Receives the store configuration; emits the configured {@link io.handoff.store.Store}. The only package that knows
 * both adapters, so the port and each adapter depend on nothing of each other but the port.
 */
package io.handoff.store.wiring;
