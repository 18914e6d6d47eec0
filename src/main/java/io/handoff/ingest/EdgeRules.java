package io.handoff.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The checks every reader applies at the edge, whatever the wire format: plausible event times and
 * how the owner group is found.
 */
public record EdgeRules(Duration maxFutureSkew, Duration maxAge, String groupField, Map<String, String> groupByProject) {
    public EdgeRules {
        groupByProject = Map.copyOf(groupByProject);
    }

    public static EdgeRules from(IngestConfig config) {
        return new EdgeRules(
                config.ingest().maxFutureSkew(), config.ingest().maxAge(), config.grouping().field(), config.grouping().byProject());
    }

    /** Null when the time is plausible, else what is wrong with it. */
    public String implausibility(Instant time, Instant now) {
        if (time.isAfter(now.plus(maxFutureSkew))) {
            return "lies more than " + maxFutureSkew + " in the future (now is " + now + ")";
        }
        if (time.isBefore(now.minus(maxAge))) {
            return "lies more than " + maxAge.toDays() + " days in the past (now is " + now + ")";
        }
        return null;
    }

    /** The group an event belongs to: its own, else its project's, else null. */
    public String group(String own, String project) {
        if (own != null && !own.isBlank()) {
            return own;
        }
        return project == null ? null : groupByProject.get(project);
    }
}
