package io.handoff.api;

import io.handoff.web.ProblemException;
import io.handoff.web.ProblemType;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/** Turns query parameters into store queries, answering invalid ones with a problem that names them. */
final class Queries {
    static final int DEFAULT_SIZE = 50;

    private Queries() {}

    static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    ProblemType.INVALID_QUERY,
                    name + " must be an ISO-8601 instant such as 2026-11-23T09:00:00Z, not '" + value + "'");
        }
    }

    static int size(Integer size) {
        return size == null ? DEFAULT_SIZE : size;
    }

    /** Builds a query; the query's own checks (size range, cursor) become invalid-query problems. */
    static <T> T build(Supplier<T> query) {
        try {
            return query.get();
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_QUERY, e.getMessage());
        }
    }

    /** Runs a store search: a bad cursor is the caller's problem, an unreachable store is a 503. */
    static <T> T run(Supplier<T> search) {
        try {
            return search.get();
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_QUERY, e.getMessage());
        } catch (UncheckedIOException e) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "the store did not answer: " + e.getMessage());
        }
    }
}
