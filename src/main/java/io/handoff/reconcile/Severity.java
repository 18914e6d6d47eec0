package io.handoff.reconcile;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How bad an exception is, least first: what decides whether a notice goes out. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    /** As written in documents, metrics labels, the API and configuration: lower case. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> of(String label) {
        return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst();
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** The labels, for messages that list what is allowed. */
    public static String labels() {
        return Arrays.stream(values()).map(Severity::label).toList().toString();
    }
}
