package io.handoff.store;

import java.time.Instant;
import java.util.Set;

/**
 * What to reload after a restart.
 *
 * @param flowKeys the flows that had open clocks, and the flows they link to or are linked from
 * @param checkpoint the latest moment the previous run is known to have evaluated; outcomes due up to it
 *     were already reported then and are not reported again; null when the store is empty
 */
public record RecoveryPlan(Set<String> flowKeys, Instant checkpoint) {
    public static final RecoveryPlan NOTHING = new RecoveryPlan(Set.of(), null);
}
