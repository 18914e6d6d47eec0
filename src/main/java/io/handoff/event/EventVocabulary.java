package io.handoff.event;

import java.util.List;

/**
 * The event types declared in configuration, made known: whatever reads event types by name (the SLA catalog, the
 * Odoo rules, the CloudEvents reader) asks for this first, so the firm's own types are known before any is read.
 */
public record EventVocabulary(List<EventType> declared) {
    public EventVocabulary {
        declared = List.copyOf(declared);
    }
}
