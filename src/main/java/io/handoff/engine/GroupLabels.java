package io.handoff.engine;

import java.util.HashSet;
import java.util.Set;

/**
 * Bounds the owner-grouping label (e.g. practice): declared values are always labels; of the others, the
 * first {@code max} distinct values are kept and later ones become {@value #OTHER}; a missing value is
 * {@value #UNASSIGNED}. Keeps metric label cardinality bounded whatever the input, and a sender of junk
 * values cannot push the firm's declared practices into "other". Not thread-safe: owned by the engine thread.
 */
public final class GroupLabels {
    public static final String OTHER = "other";
    public static final String UNASSIGNED = "unassigned";

    private final int max;
    private final Set<String> known = new HashSet<>();
    private final Set<String> declared;

    public GroupLabels(int max) {
        this(max, Set.of());
    }

    public GroupLabels(int max, Set<String> declared) {
        this.max = max;
        this.declared = Set.copyOf(declared);
    }

    public String label(String value) {
        if (value == null || value.isBlank()) {
            return UNASSIGNED;
        }
        if (declared.contains(value) || known.contains(value)) {
            return value;
        }
        if (known.size() < max) {
            known.add(value);
            return value;
        }
        return OTHER;
    }
}
