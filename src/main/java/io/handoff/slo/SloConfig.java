package io.handoff.slo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Compliance windows as metrics: {@code handoff.slo.*} (the windows themselves are declared per SLA). */
@ConfigMapping(prefix = "handoff.slo")
public interface SloConfig {
    /**
     * How often the {@code handoff_sla_window_*} gauges are read again from the decided clocks in the store
     * (the API and the console read them on every request).
     */
    @WithDefault("1m")
    Duration refreshEvery();
}
