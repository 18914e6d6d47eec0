package io.handoff.forecast;

import java.util.Optional;

/**
 * The learned distribution of one SLA's completion times, as fractions of its target, in constant
 * memory (buckets of 1/40 of the target up to the target, and one for "beyond"). Each decided clock is
 * one observation: met at its elapsed fraction, breached as beyond the target. The breach probability of
 * an open clock that has run a fraction {@code a} is P(T > 1 | T > a), Laplace-smoothed. Thread-safe.
 */
public final class CompletionForecast {
    static final int BUCKETS = 40;

    private final long[] metWithin = new long[BUCKETS];
    private long beyond;
    private long total;
    private final int minObservations;

    public CompletionForecast(int minObservations) {
        this.minObservations = minObservations;
    }

    /** A clock met after {@code fraction} of its target (0 ≤ fraction ≤ 1). */
    public synchronized void met(double fraction) {
        int bucket = (int) Math.floor(Math.max(0, Math.min(fraction, 1)) * BUCKETS);
        metWithin[Math.min(bucket, BUCKETS - 1)]++;
        total++;
    }

    /** A clock that went beyond its target. */
    public synchronized void breached() {
        beyond++;
        total++;
    }

    /** Probability that a clock still open after {@code elapsedFraction} of its target breaches; empty until enough clocks were seen. */
    public synchronized Optional<Double> breachProbability(double elapsedFraction) {
        if (total < minObservations) {
            return Optional.empty();
        }
        if (elapsedFraction >= 1) {
            return Optional.of(1.0);
        }
        // Clocks that were still running at elapsedFraction: met in a later bucket, or beyond.
        int from = (int) Math.floor(Math.max(0, elapsedFraction) * BUCKETS);
        long survivors = beyond;
        for (int b = from; b < BUCKETS; b++) {
            survivors += metWithin[b];
        }
        return Optional.of((beyond + 1.0) / (survivors + 2.0));
    }

    public synchronized long observations() {
        return total;
    }

    /** What has been learned: clocks met per fortieth of the target, and beyond it. */
    public record State(long[] metWithin, long beyond) {}

    public synchronized State state() {
        return new State(metWithin.clone(), beyond);
    }

    /** Goes on from a state taken earlier (ignored when it does not have this version's buckets). */
    public synchronized boolean restore(State state) {
        if (state == null || state.metWithin() == null || state.metWithin().length != BUCKETS || state.beyond() < 0) {
            return false;
        }
        System.arraycopy(state.metWithin(), 0, metWithin, 0, BUCKETS);
        beyond = state.beyond();
        total = beyond;
        for (long met : metWithin) {
            total += met;
        }
        return true;
    }
}
