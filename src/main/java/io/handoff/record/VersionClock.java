package io.handoff.record;

import java.time.Instant;

/**
 * Versions for documents written with "newest version wins": microseconds of the wall clock, bumped
 * when two changes share one, so they grow within a run and across restarts. Not thread-safe: one
 * writer per clock.
 */
public final class VersionClock {
    private long last;

    public long next(Instant now) {
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        last = Math.max(micros, last + 1);
        return last;
    }
}
