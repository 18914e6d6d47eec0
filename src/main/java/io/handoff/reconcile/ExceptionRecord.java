package io.handoff.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * A reconciliation exception: something that went wrong in a hand-off and needs a person.
 *
 * @param id stable: the same problem always has the same id, so it is never raised twice
 * @param type what kind of problem, e.g. {@code sla-breach}
 * @param flowKey the flow it is about
 * @param hours hours at stake, where known
 * @param amount money at stake, where known
 * @param openedAt when the problem began (for a breach: when the clock fell due)
 * @param resolvedAt when the condition cleared; null while it holds
 * @param version grows with every change; the store keeps the highest
 * @param acknowledgement who took it on, when, with what comment; null until someone does
 * @param evidence the events that show the problem (the latest of the flow and of the flows it links to)
 * @param assignee the person it is assigned to; null when nobody is
 * @param snoozedUntil hidden from the inbox until then, when it comes back with a notice if still open
 * @param activity what happened to it, oldest first, at most {@link #MAX_ACTIVITY}: opened, notices, what
 *     people did, resolved (see {@link Activity})
 */
public record ExceptionRecord(
        String id,
        String type,
        Severity severity,
        ExceptionStatus status,
        String sla,
        String flowKey,
        String client,
        String project,
        String group,
        Double hours,
        Double amount,
        Instant openedAt,
        Instant resolvedAt,
        Instant updatedAt,
        String summary,
        long version,
        Acknowledgement acknowledgement,
        List<Evidence> evidence,
        String assignee,
        Instant snoozedUntil,
        List<Activity> activity) {

    /** At most this many events are kept as evidence. */
    public static final int MAX_EVIDENCE = 25;

    /** At most this many entries of activity are kept: the first (how it opened) and the newest. */
    public static final int MAX_ACTIVITY = 100;

    public ExceptionRecord {
        evidence = evidence == null
                ? List.of()
                : List.copyOf(evidence.subList(0, Math.min(evidence.size(), MAX_EVIDENCE)));
        activity = bounded(activity);
    }

    private static List<Activity> bounded(List<Activity> activity) {
        if (activity == null) {
            return List.of();
        }
        if (activity.size() <= MAX_ACTIVITY) {
            return List.copyOf(activity);
        }
        List<Activity> kept = new java.util.ArrayList<>(MAX_ACTIVITY);
        kept.add(activity.get(0));
        kept.addAll(activity.subList(activity.size() - MAX_ACTIVITY + 1, activity.size()));
        return List.copyOf(kept);
    }

    /**
     * One thing that happened to an exception.
     *
     * @param action {@code opened}, {@code reopened}, {@code resolved}, {@code notified}, {@code escalated},
     *     {@code acknowledged}, {@code assigned}, {@code unassigned}, {@code commented}, {@code snoozed},
     *     {@code woke}
     * @param by who: a person's name, or {@value #HANDOFF} for what the service did itself
     * @param detail what was said or to whom; may be null
     */
    public record Activity(String action, String by, Instant at, String detail) {
        public static final String HANDOFF = "handoff";
    }

    /** A full record from an older shape: nobody assigned, not snoozed, no activity recorded. */
    public ExceptionRecord(
            String id,
            String type,
            Severity severity,
            ExceptionStatus status,
            String sla,
            String flowKey,
            String client,
            String project,
            String group,
            Double hours,
            Double amount,
            Instant openedAt,
            Instant resolvedAt,
            Instant updatedAt,
            String summary,
            long version,
            Acknowledgement acknowledgement,
            List<Evidence> evidence) {
        this(
                id,
                type,
                severity,
                status,
                sla,
                flowKey,
                client,
                project,
                group,
                hours,
                amount,
                openedAt,
                resolvedAt,
                updatedAt,
                summary,
                version,
                acknowledgement,
                evidence,
                null,
                null,
                List.of());
    }

    /** Someone took the exception on: it stays unresolved, but notices stop escalating. */
    public record Acknowledgement(String by, Instant at, String comment) {}

    /** One event that shows the problem: which flow, which event (source and id), what and when. */
    public record Evidence(String flow, String source, String id, String type, Instant time) {}

    /** A record without evidence. */
    public ExceptionRecord(
            String id,
            String type,
            Severity severity,
            ExceptionStatus status,
            String sla,
            String flowKey,
            String client,
            String project,
            String group,
            Double hours,
            Double amount,
            Instant openedAt,
            Instant resolvedAt,
            Instant updatedAt,
            String summary,
            long version,
            Acknowledgement acknowledgement) {
        this(
                id,
                type,
                severity,
                status,
                sla,
                flowKey,
                client,
                project,
                group,
                hours,
                amount,
                openedAt,
                resolvedAt,
                updatedAt,
                summary,
                version,
                acknowledgement,
                List.of());
    }

    /** A record nobody acknowledged (yet). */
    public ExceptionRecord(
            String id,
            String type,
            Severity severity,
            ExceptionStatus status,
            String sla,
            String flowKey,
            String client,
            String project,
            String group,
            Double hours,
            Double amount,
            Instant openedAt,
            Instant resolvedAt,
            Instant updatedAt,
            String summary,
            long version) {
        this(
                id,
                type,
                severity,
                status,
                sla,
                flowKey,
                client,
                project,
                group,
                hours,
                amount,
                openedAt,
                resolvedAt,
                updatedAt,
                summary,
                version,
                null,
                List.of());
    }

    /** This exception, acknowledged by {@code by} at {@code at}. */
    public ExceptionRecord acknowledged(String by, String comment, Instant at, long newVersion) {
        return handled(
                ExceptionStatus.ACKNOWLEDGED,
                new Acknowledgement(by, at, comment),
                assignee,
                snoozedUntil,
                new Activity("acknowledged", by, at, comment),
                at,
                newVersion);
    }

    /**
     * This exception as people left it: status, acknowledgement, assignee and snooze replaced, {@code happened}
     * added to its activity.
     */
    public ExceptionRecord handled(
            ExceptionStatus newStatus,
            Acknowledgement newAcknowledgement,
            String newAssignee,
            Instant newSnoozedUntil,
            Activity happened,
            Instant at,
            long newVersion) {
        List<Activity> more = new java.util.ArrayList<>(activity);
        more.add(happened);
        return copy(
                newStatus,
                newStatus == ExceptionStatus.RESOLVED ? at : resolvedAt,
                at,
                newAcknowledgement,
                newAssignee,
                newSnoozedUntil,
                more,
                newVersion);
    }

    /**
     * This record as a detector decided it, carrying over what people did about the same problem before
     * ({@code stored}, the version the store holds): the whole activity, and, while the problem stays
     * unresolved, the acknowledgement (so the status stays acknowledged), assignee and snooze. Adds
     * {@code opened}, {@code reopened} or {@code resolved} to the activity when the status changes. Its version is
     * above the stored one, so the store keeps it.
     */
    public ExceptionRecord after(ExceptionRecord stored) {
        if (stored == null) {
            List<Activity> opened = activity.isEmpty()
                    ? List.of(new Activity(
                            status == ExceptionStatus.RESOLVED ? "resolved" : "opened",
                            Activity.HANDOFF,
                            status == ExceptionStatus.RESOLVED ? updatedAt : openedAt,
                            summary))
                    : activity;
            return copy(status, resolvedAt, updatedAt, acknowledgement, assignee, snoozedUntil, opened, version);
        }
        List<Activity> more = new java.util.ArrayList<>(stored.activity);
        boolean wasResolved = stored.status == ExceptionStatus.RESOLVED;
        boolean resolvedNow = status == ExceptionStatus.RESOLVED;
        if (wasResolved && !resolvedNow) {
            more.add(new Activity("reopened", Activity.HANDOFF, updatedAt, summary));
        } else if (resolvedNow && !wasResolved) {
            more.add(new Activity("resolved", Activity.HANDOFF, updatedAt, summary));
        }
        long newVersion = Math.max(version, stored.version + 1);
        if (wasResolved) {
            return copy(status, resolvedAt, updatedAt, acknowledgement, assignee, snoozedUntil, more, newVersion);
        }
        Acknowledgement ack = acknowledgement != null ? acknowledgement : stored.acknowledgement;
        ExceptionStatus newStatus =
                status == ExceptionStatus.OPEN && ack != null ? ExceptionStatus.ACKNOWLEDGED : status;
        return copy(
                newStatus,
                resolvedAt,
                updatedAt,
                ack,
                assignee != null ? assignee : stored.assignee,
                resolvedNow ? null : snoozedUntil != null ? snoozedUntil : stored.snoozedUntil,
                more,
                newVersion);
    }

    private ExceptionRecord copy(
            ExceptionStatus newStatus,
            Instant newResolvedAt,
            Instant newUpdatedAt,
            Acknowledgement newAcknowledgement,
            String newAssignee,
            Instant newSnoozedUntil,
            List<Activity> newActivity,
            long newVersion) {
        return new ExceptionRecord(
                id,
                type,
                severity,
                newStatus,
                sla,
                flowKey,
                client,
                project,
                group,
                hours,
                amount,
                openedAt,
                newResolvedAt,
                newUpdatedAt,
                summary,
                newVersion,
                newAcknowledgement,
                evidence,
                newAssignee,
                newSnoozedUntil,
                newActivity);
    }
}
