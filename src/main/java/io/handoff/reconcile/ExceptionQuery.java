package io.handoff.reconcile;

import io.handoff.record.Page;

/**
 * Which exceptions to list, newest first. Null fields do not filter.
 *
 * @param after cursor from the previous page
 */
public record ExceptionQuery(
        String type, ExceptionStatus status, String client, String project, String group, int size, String after) {

    public ExceptionQuery {
        if (size < 1 || size > Page.MAX_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + Page.MAX_SIZE);
        }
    }

    public static ExceptionQuery all(int size) {
        return new ExceptionQuery(null, null, null, null, null, size, null);
    }

    public ExceptionQuery after(String cursor) {
        return new ExceptionQuery(type, status, client, project, group, size, cursor);
    }
}
