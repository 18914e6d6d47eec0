package io.handoff.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The demo workload: {@code handoff.demo.*}. */
@ConfigMapping(prefix = "handoff.demo")
public interface DemoConfig {
    /** Simulate a firm (off by default; never switch it on beside real sources). */
    @WithDefault("false")
    boolean enabled();

    /** Timesheet lines approved per second. */
    @WithDefault("3")
    int approvalsPerSecond();

    /** Middleware messages received per second. */
    @WithDefault("5")
    int messagesPerSecond();

    /** Random seed, for a repeatable run. */
    @WithDefault("42")
    long seed();
}
