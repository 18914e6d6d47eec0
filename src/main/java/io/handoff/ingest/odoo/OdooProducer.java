package io.handoff.ingest.odoo;

import io.handoff.ingest.EdgeRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the Odoo snapshot mapper from its configuration and the edge's rules. */
@ApplicationScoped
public class OdooProducer {
    @Produces
    @Singleton
    OdooSnapshotMapper odooMapper(OdooConfig config, EdgeRules rules, io.handoff.event.EventVocabulary vocabulary) {
        return OdooSnapshotMapper.from(config, rules);
    }
}
