package io.handoff.ingest.poll;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Odoo databases to poll: {@code handoff.odoo.poll.*}. No source configured, no polling. */
@ConfigMapping(prefix = "handoff.odoo.poll")
public interface PollConfig {
    /** Directory of the watermark files (one JSON file per source); keep it on a volume. */
    @WithDefault("data/odoo-poll")
    String stateDir();

    /**
     * Databases by name: {@code handoff.odoo.poll.sources.<name>.*}. Use the name of the source its
     * webhooks arrive as ({@code handoff.sources.<name>}), so a record seen both ways counts once.
     */
    Map<String, Source> sources();

    interface Source {
        /** Base URL of the Odoo server, e.g. {@code https://acme.odoo.com}. */
        String url();

        /** {@code json-2} (Odoo 19+, bearer API key) or {@code json-rpc} (Odoo 17/18: execute_kw with login and API key). */
        @WithDefault("json-2")
        String api();

        /** Database name: required for json-rpc; for json-2 when the server hosts several ({@code X-Odoo-Database}). */
        Optional<String> database();

        /** The integration user's login: required for json-rpc. */
        Optional<String> login();

        /** The integration user's API key; put it in the environment, not in a file. */
        String apiKey();

        /** Models to poll, of: account.analytic.line, account.move, project.milestone, hr.expense (19+), hr.expense.sheet (17/18). */
        @WithDefault("account.analytic.line,account.move,project.milestone")
        List<String> models();

        /** How often each model is polled when all is well. */
        @WithDefault("1m")
        Duration every();

        /** Records per request. */
        @WithDefault("500")
        int pageSize();

        /** How far before the watermark each poll reads again, for transactions that commit late. */
        @WithDefault("5m")
        Duration overlap();

        /** How far back the very first poll of a model reads (no watermark yet). */
        @WithDefault("P1D")
        Duration initialLookback();

        /** Connect and answer timeout per request. */
        @WithDefault("30s")
        Duration timeout();

        /** Longest wait between attempts of a failing model. */
        @WithDefault("15m")
        Duration maxBackoff();
    }
}
