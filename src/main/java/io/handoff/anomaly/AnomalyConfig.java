package io.handoff.anomaly;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Live anomaly scoring of the service's own series. */
@ConfigMapping(prefix = "handoff.anomaly")
public interface AnomalyConfig {
    /** Score the series at all. */
    @WithDefault("true")
    boolean enabled();

    /** One point per series per interval; the scorer's warm-up is counted in points. */
    @WithDefault("1m")
    Duration interval();

    /**
     * Where each series' scorer keeps what it has learned (one JSON file, rewritten after every point), so a
     * restart does not start the warm-up and the seasons again; keep it on a volume. Empty: nothing is kept.
     */
    @WithDefault("data/anomaly")
    java.util.Optional<String> stateDir();
}
