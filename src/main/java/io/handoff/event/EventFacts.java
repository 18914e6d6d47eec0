package io.handoff.event;

/**
 * What Handoff reads out of an event's {@code data}: the owner grouping and the quantities at
 * stake. Every field may be null; later events of a flow fill in what earlier ones lacked.
 *
 * @param client client (partner) the work is for
 * @param project project the work belongs to
 * @param group value of the configured grouping label (e.g. the practice)
 * @param hours hours of work the event is about
 * @param amount money at stake, in the event's currency
 * @param link the object this event links its flow to (see {@link EventType#linkName()})
 */
public record EventFacts(String client, String project, String group, Double hours, Double amount, ObjectRef link) {
    public static final EventFacts NONE = new EventFacts(null, null, null, null, null, null);

    /** Names and hours recur across events: one shared instance each (a flow keeps its events for weeks). */
    public EventFacts {
        client = Canonical.of(client);
        project = Canonical.of(project);
        group = Canonical.of(group);
        hours = Canonical.of(hours);
        amount = Canonical.of(amount);
    }
}
