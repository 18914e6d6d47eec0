package io.handoff.engine;

import java.util.HashSet;
import java.util.Set;

/**
 * Bounds the owner-grouping label (e.g. practice): the first {@code max} distinct values are kept,
 * later ones become {@value #OTHER}, a missing value is {@value #UNASSIGNED}. Keeps metric label
 * cardinality bounded whatever the input. Not thread-safe: owned by the engine thread.
 */
public final class GroupLabels {
    public static final String OTHER = "other";
    public static final String UNASSIGNED = "unassigned";

    private final int max;
    private final Set<String> known = new HashSet<>();

    public GroupLabels(int max) {
        this.max = max;
    }

    public String label(String value) {
        if (value == null || value.isBlank()) {
            return UNASSIGNED;
        }
        if (known.contains(value)) {
            return value;
        }
        if (known.size() < max) {
            known.add(value);
            return value;
        }
        return OTHER;
    }
}
