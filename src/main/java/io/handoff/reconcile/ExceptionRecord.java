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
        List<Evidence> evidence) {

    /** At most this many events are kept as evidence. */
    public static final int MAX_EVIDENCE = 25;

    public ExceptionRecord {
        evidence = evidence == null
                ? List.of()
                : List.copyOf(evidence.subList(0, Math.min(evidence.size(), MAX_EVIDENCE)));
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
        return new ExceptionRecord(
                id,
                type,
                severity,
                ExceptionStatus.ACKNOWLEDGED,
                sla,
                flowKey,
                client,
                project,
                group,
                hours,
                amount,
                openedAt,
                resolvedAt,
                at,
                summary,
                newVersion,
                new Acknowledgement(by, at, comment),
                evidence);
    }
}
