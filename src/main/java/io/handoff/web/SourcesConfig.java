package io.handoff.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sources allowed to send, by name (the {@code source} metric label): {@code handoff.sources.<name>.*}. */
@ConfigMapping(prefix = "handoff.sources")
public interface SourcesConfig {
    @WithParentName
    Map<String, Source> all();

    interface Source {
        /**
         * Secret key of this source: a bearer token for {@code /api/v1/events}, the {@code token}
         * query parameter for {@code /api/v1/odoo/webhook/<name>}. At least 16 characters.
         */
        String apiKey();

        /** What the source is, for people. */
        Optional<String> description();

        /**
         * Which door the key opens: {@code cloudevents} (bearer key on {@code /api/v1/events}) or
         * {@code odoo-webhook} (the {@code token} of {@code /api/v1/odoo/webhook/<name>} only: it travels in URLs).
         */
        @WithDefault("cloudevents")
        String kind();

        /**
         * CloudEvent {@code source} prefixes a {@code cloudevents} key may claim, e.g. {@code esb/}; unset: any
         * source that does not start with {@code odoo/} (Odoo's side comes from the webhook and the poller only).
         */
        Optional<List<String>> allowedSources();
    }
}
