package io.handoff.forecast;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Predictive at-risk: {@code handoff.forecast.*}. */
@ConfigMapping(prefix = "handoff.forecast")
public interface ForecastConfig {
    /** Open clocks at or above this breach probability are reported as likely to breach. */
    @WithDefault("0.8")
    double threshold();

    /** Decided clocks of an SLA needed before its forecast is trusted. */
    @WithDefault("30")
    int minObservations();

    /** How often the open clocks are scored. */
    @WithDefault("30s")
    Duration every();

    /**
     * Where the learned completion times are kept (one JSON file, rewritten at every scoring), so a restart does not
     * forget them; keep it on a volume. Empty: nothing is kept.
     */
    @WithDefault("data/forecast")
    java.util.Optional<String> stateDir();
}
