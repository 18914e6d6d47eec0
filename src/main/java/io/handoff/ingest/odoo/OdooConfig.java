package io.handoff.ingest.odoo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** Which Odoo snapshots become which events: {@code handoff.odoo.*}. */
@ConfigMapping(prefix = "handoff.odoo")
public interface OdooConfig {
    /** Keep the built-in rules (README: "Odoo webhook mapping") besides the ones configured here. */
    @WithDefault("true")
    boolean defaultRules();

    /** Extra rules by name: {@code handoff.odoo.rules.<name>.model|when|emit}. */
    Map<String, Rule> rules();

    interface Rule {
        /** Odoo model, e.g. {@code account.move}. */
        String model();

        /** Conditions, comma-separated, e.g. {@code state=posted, move_type in out_invoice|out_refund}. */
        Optional<String> when();

        /** Event type to emit, e.g. {@code invoice.posted}. */
        String emit();
    }
}
