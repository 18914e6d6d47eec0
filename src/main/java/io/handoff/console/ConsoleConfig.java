package io.handoff.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

/** The web console at {@code /console}: {@code handoff.console.*}. */
@ConfigMapping(prefix = "handoff.console")
public interface ConsoleConfig {
    /** Serve the console; when false, {@code /console} answers 404. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The zone times are shown in, and a snooze given as a date ends in (08:00 that day). The firm's zone, usually
     * the business-hours calendar's.
     */
    @WithDefault("UTC")
    ZoneId zone();

    /** How long a sign-in lasts without use; each page view extends it. */
    @WithDefault("8h")
    Duration sessionIdle();

    /** Signed-in sessions held at most; beyond, the one idle longest is signed out. */
    @WithDefault("10000")
    int maxSessions();

    /** Open exceptions the inbox ranks at most (the rest are counted, and reachable through filters). */
    @WithDefault("2000")
    int inboxLimit();
}
