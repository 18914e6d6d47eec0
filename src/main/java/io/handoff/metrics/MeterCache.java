package io.handoff.metrics;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Registered meters by label combination, so the hot path pays a map lookup, not a registration. */
final class MeterCache<M> {
    private final ConcurrentHashMap<Labels, M> meters = new ConcurrentHashMap<>();
    private final Function<String[], M> register;

    MeterCache(Function<String[], M> register) {
        this.register = register;
    }

    M get(String... labels) {
        // The varargs array is the key as it is: joining the labels into one string was most of a lookup's garbage.
        M meter = meters.get(new Labels(labels));
        if (meter != null) {
            return meter;
        }
        String[] kept = labels.clone(); // the caller's array may change after the call; the key must not
        return meters.computeIfAbsent(new Labels(kept), k -> register.apply(kept));
    }

    /** Label values compared by content. */
    private record Labels(String[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Labels that && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
