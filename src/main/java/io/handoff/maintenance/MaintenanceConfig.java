package io.handoff.maintenance;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maintenance windows declared in configuration, and where those declared through the API are kept. */
@ConfigMapping(prefix = "handoff.maintenance")
public interface MaintenanceConfig {
    /** Windows by id: {@code handoff.maintenance.windows.<id>.*}; the id is shown on clocks, the console and the API. */
    Map<String, Window> windows();

    /**
     * Where windows declared through the API are kept (one JSON file, replaced atomically), so they survive a restart;
     * keep it on a volume. Empty: in memory only. With several instances, declare windows in configuration or on each.
     */
    @WithDefault("data/maintenance")
    Optional<String> stateDir();

    interface Window {
        /** When it begins: an ISO date-time with offset, e.g. {@code 2026-12-05T18:00:00+01:00}. */
        String start();

        /** When it ends (exclusive), as {@code start}; at most 31 days after it. */
        String end();

        /** The SLA ids it covers; unset: every SLA. */
        Optional<List<String>> slas();

        /**
         * A CloudEvents {@code source} prefix, e.g. {@code odoo/}: only the clocks of flows with an event from such a
         * source are covered. Unset: every flow.
         */
        Optional<String> source();

        /** Why, for the people who see it on the console and in the API. */
        String reason();
    }
}
