package io.handoff.reconcile;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where an exception stands: open until someone acknowledges it or its condition clears (resolved). */
public enum ExceptionStatus {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED;

    /** As written in documents, the API and query parameters: lower case. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExceptionStatus> of(String label) {
        return Arrays.stream(values()).filter(s -> s.label().equals(label)).findFirst();
    }

    /** The labels, for messages that list what is allowed. */
    public static String labels() {
        return Arrays.stream(values()).map(ExceptionStatus::label).toList().toString();
    }
}
