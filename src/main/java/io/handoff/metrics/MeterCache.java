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
        Labels key = new Labels(labels);
        M meter = meters.get(key);
        return meter != null ? meter : meters.computeIfAbsent(key, k -> register.apply(labels.clone()));
    }

    /** Label values compared by content; the array is never written after the lookup that made it. */
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
