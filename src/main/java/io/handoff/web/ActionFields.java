package io.handoff.web;

import io.handoff.event.WireText;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The fields people fill in when they act on an exception, checked the same way whether they come from the API's
 * JSON or the console's forms: each fault is a problem naming the field ({@code /comment}, {@code /assignee},
 * {@code /until}).
 */
public final class ActionFields {
    public static final int MAX_COMMENT = 2000;
    public static final int MAX_NAME = 100;
    /** A snooze ends at most this far ahead: longer is not a snooze, it is a decision to resolve. */
    public static final Duration MAX_SNOOZE = Duration.ofDays(366);
    /** A snooze given as a date ends at this time of that day, in the console's zone. */
    public static final LocalTime SNOOZE_DATE_TIME = LocalTime.of(8, 0);

    private ActionFields() {}

    /** An optional comment: null when blank. */
    public static String comment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        String fault =
                WireText.fault(comment.replace('\n', ' ').replace('\r', ' ').replace('\t', ' '), 4 * MAX_COMMENT);
        if (comment.length() > MAX_COMMENT || fault != null) {
            throw invalid(
                    "/comment",
                    "comment must be at most " + MAX_COMMENT
                            + " characters without control characters other than line breaks and tabs");
        }
        return comment;
    }

    /** A comment that must be there. */
    public static String requiredComment(String comment) {
        String checked = comment(comment);
        if (checked == null) {
            throw invalid("/comment", "comment is required and must not be blank");
        }
        return checked;
    }

    /** Who an exception is assigned to: a name of at most 100 characters on one line; null or blank: nobody. */
    public static String assignee(String assignee) {
        if (assignee == null || assignee.isBlank()) {
            return null;
        }
        String name = assignee.strip();
        if (name.length() > MAX_NAME || WireText.fault(name, 4 * MAX_NAME) != null) {
            throw invalid("/assignee", "assignee must be a name of at most " + MAX_NAME + " characters on one line");
        }
        return name;
    }

    /**
     * When a snooze ends: an instant ({@code 2026-12-03T09:00:00Z}) or a date ({@code 2026-12-03}, meaning 08:00 that
     * day in {@code zone}); in the future and at most a year ahead.
     */
    public static Instant until(String until, ZoneId zone, Instant now) {
        if (until == null || until.isBlank()) {
            throw invalid(
                    "/until",
                    "until is required: a date such as 2026-12-03 or an instant such as 2026-12-03T09:00:00Z");
        }
        Instant at;
        try {
            at = until.length() <= 10
                    ? LocalDate.parse(until.strip())
                            .atTime(SNOOZE_DATE_TIME)
                            .atZone(zone)
                            .toInstant()
                    : Instant.parse(until.strip());
        } catch (DateTimeParseException e) {
            throw invalid(
                    "/until", "until must be a date such as 2026-12-03 or an instant such as 2026-12-03T09:00:00Z");
        } catch (DateTimeException e) {
            throw invalid("/until", "until is out of range");
        }
        if (!at.isAfter(now)) {
            throw invalid("/until", "until must be in the future (it is " + at + ", now is " + now + ")");
        }
        if (at.isAfter(now.plus(MAX_SNOOZE))) {
            throw invalid("/until", "until must be at most a year ahead");
        }
        return at;
    }

    private static ProblemException invalid(String pointer, String detail) {
        return new ProblemException(Problem.about(ProblemType.INVALID_ACTION, pointer, detail));
    }
}
