package io.handoff.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Registered meters by label combination, so the hot path pays a map lookup, not a registration. */
final class MeterCache<M> {
    private final ConcurrentHashMap<String, M> meters = new ConcurrentHashMap<>();
    private final Function<String[], M> register;

    MeterCache(Function<String[], M> register) {
        this.register = register;
    }

    M get(String... labels) {
        String key = String.join("\u0000", labels);
        M meter = meters.get(key);
        return meter != null ? meter : meters.computeIfAbsent(key, k -> register.apply(labels));
    }
}
