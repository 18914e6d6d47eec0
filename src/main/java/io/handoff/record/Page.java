package io.handoff.record;

import java.util.List;

/**
 * One page of a search, newest first.
 *
 * @param next opaque cursor for the following page ({@code search_after}); null on the last page
 */
public record Page<T>(List<T> items, long total, String next) {
    /** The largest page a search returns. */
    public static final int MAX_SIZE = 500;
}
