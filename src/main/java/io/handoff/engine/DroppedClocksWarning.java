package io.handoff.engine;

import io.handoff.correlate.Flow;
import io.handoff.correlate.FlowLookup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Says loudly in the log when the engine drops flows whose SLA clocks are still running (memory bound reached): their
 * clocks will never be decided, which the counter {@code handoff_flows_evicted_total{open="true"}} and the alert
 * {@code HandoffOpenClocksDropped} also report. The first drop is logged at once, later ones at most once a
 * {@link #EVERY} (on the next drop or engine tick after it), with how many there were since.
 */
@ApplicationScoped
public class DroppedClocksWarning implements FlowListener {
    static final Duration EVERY = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(DroppedClocksWarning.class);

    private final InstantSource clock;
    private final int maxFlows;
    private final Consumer<String> log;
    private Instant lastSaid;
    private long unsaid;
    private String example;

    @Inject
    public DroppedClocksWarning(InstantSource clock, EngineConfig config) {
        this(clock, config.maxFlows(), LOG::warn);
    }

    DroppedClocksWarning(InstantSource clock, int maxFlows, Consumer<String> log) {
        this.clock = clock;
        this.maxFlows = maxFlows;
        this.log = log;
    }

    @Override
    public synchronized void evicted(Flow flow, boolean hadOpenClocks) {
        if (!hadOpenClocks) {
            return;
        }
        unsaid++;
        if (example == null) {
            example = flow.key();
        }
        sayIfDue(clock.instant());
    }

    /** Drops within the last minute are said once the minute is over, even if no further flow is dropped. */
    @Override
    public synchronized void tick(FlowLookup lookup, Instant now) {
        if (unsaid > 0) {
            sayIfDue(now);
        }
    }

    private void sayIfDue(Instant now) {
        // a clock set back counts as due: better a warning early than one held back for as long as it was set back
        if (lastSaid != null && now.isBefore(lastSaid.plus(EVERY)) && !now.isBefore(lastSaid)) {
            return;
        }
        log.accept(String.format(
                "dropped %d flow%s with open SLA clocks%s to stay within handoff.engine.max-flows=%d (e.g. %s): their"
                        + " clocks will not be decided and their breaches not counted. Raise handoff.engine.max-flows"
                        + " and the heap with it (about 450 bytes per flow with one event), or settle the backlog;"
                        + " runbook HandoffOpenClocksDropped",
                unsaid,
                unsaid == 1 ? "" : "s",
                lastSaid == null
                        ? ""
                        : " in the last "
                                + Math.max(0, Duration.between(lastSaid, now).toSeconds()) + " s",
                maxFlows,
                example));
        lastSaid = now;
        unsaid = 0;
        example = null;
    }
}
