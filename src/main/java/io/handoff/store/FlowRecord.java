package io.handoff.store;

import io.handoff.correlate.FlowEntry;
import io.handoff.engine.FlowView;
import io.handoff.sla.SlaClock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stored picture of one flow: what it is about, a summary of its timeline and its SLA clocks as
 * they stood at {@code updatedAt}. Derived from the events; the events themselves stay the record.
 *
 * @param timeline the latest {@value #TIMELINE_LIMIT} events in time order ({@code eventCount} tells how many there are);
 *     a store does not keep it in the flow document but makes it from the events it keeps
 * @param open true while any SLA clock of the flow runs
 * @param version grows with every change; the store keeps the highest
 */
public record FlowRecord(
        String key,
        String anchor,
        String client,
        String project,
        String group,
        Double hours,
        Double amount,
        Map<String, String> links,
        List<String> linkedFrom,
        List<String> correlationIds,
        int eventCount,
        Instant firstEventAt,
        Instant lastEventAt,
        List<Step> timeline,
        List<Clock> slas,
        boolean open,
        Instant updatedAt,
        long version) {

    public static final int TIMELINE_LIMIT = 200;

    /** One event as the timeline shows it. */
    public record Step(
            Instant time,
            Instant receivedAt,
            String type,
            String source,
            String id,
            String correlationId,
            String link,
            Double hours,
            Double amount) {

        public static Step of(io.handoff.event.BusinessEvent e) {
            return new Step(
                    e.time(),
                    e.receivedAt(),
                    e.type().wireName(),
                    e.source(),
                    e.id(),
                    e.correlationId(),
                    e.facts().link() == null ? null : e.facts().link().key(),
                    e.facts().hours(),
                    e.facts().amount());
        }

        /** Time order as the engine keeps it: event time, then type, source and id. */
        static final java.util.Comparator<Step> ORDER = java.util.Comparator.comparing(Step::time)
                .thenComparing(
                        s -> io.handoff.event.EventType.fromWireName(s.type()).orElse(null),
                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                .thenComparing(Step::type)
                .thenComparing(Step::source)
                .thenComparing(Step::id);
    }

    /** This flow with its timeline made of these events: the latest {@value #TIMELINE_LIMIT}, in time order. */
    public FlowRecord withTimelineOf(java.util.Collection<io.handoff.event.BusinessEvent> events) {
        List<Step> steps = new java.util.ArrayList<>(
                events.stream().map(Step::of).sorted(Step.ORDER).toList());
        List<Step> latest = List.copyOf(steps.subList(Math.max(0, steps.size() - TIMELINE_LIMIT), steps.size()));
        return new FlowRecord(
                key,
                anchor,
                client,
                project,
                group,
                hours,
                amount,
                links,
                linkedFrom,
                correlationIds,
                eventCount,
                firstEventAt,
                lastEventAt,
                latest,
                slas,
                open,
                updatedAt,
                version);
    }

    /** One SLA clock as it stood. */
    public record Clock(
            String sla,
            String state,
            Instant start,
            Instant atRiskAt,
            Instant due,
            Instant stop,
            double elapsedSeconds,
            String maintenance) {
        /** A clock no maintenance window touched. */
        public Clock(
                String sla,
                String state,
                Instant start,
                Instant atRiskAt,
                Instant due,
                Instant stop,
                double elapsedSeconds) {
            this(sla, state, start, atRiskAt, due, stop, elapsedSeconds, null);
        }

        public boolean isOpen() {
            return stop == null;
        }
    }

    /** The picture a store keeps: everything but the timeline, which a store makes from its events. */
    public static FlowRecord stored(FlowView view, Instant now, long version) {
        return of(view, now, version, false);
    }

    /** The whole picture, timeline included. */
    public static FlowRecord of(FlowView view, Instant now, long version) {
        return of(view, now, version, true);
    }

    private static FlowRecord of(FlowView view, Instant now, long version, boolean withTimeline) {
        Map<String, String> links = view.links().isEmpty() ? Map.of() : new LinkedHashMap<>(); // most flows: none
        view.links().forEach((name, ref) -> links.put(name, ref.key()));
        List<FlowEntry> entries = view.events();
        List<FlowEntry> latest = entries.subList(Math.max(0, entries.size() - TIMELINE_LIMIT), entries.size());
        List<Clock> clocks = view.clocks().stream().map(FlowRecord::clock).toList();
        return new FlowRecord(
                view.key(),
                view.anchor().name().toLowerCase(Locale.ROOT),
                view.client(),
                view.project(),
                view.group(),
                view.hours(),
                view.amount(),
                links,
                view.linkedFrom(),
                view.correlationIds(),
                entries.size(),
                entries.isEmpty() ? null : entries.get(0).time(),
                entries.isEmpty() ? null : entries.get(entries.size() - 1).time(),
                withTimeline ? latest.stream().map(FlowRecord::step).toList() : List.of(),
                clocks,
                clocks.stream().anyMatch(Clock::isOpen),
                now,
                version);
    }

    private static Step step(FlowEntry e) {
        return new Step(
                e.time(),
                e.receivedAt(),
                e.type().wireName(),
                e.source(),
                e.id(),
                e.correlationId(),
                e.facts().link() == null ? null : e.facts().link().key(),
                e.facts().hours(),
                e.facts().amount());
    }

    private static Clock clock(SlaClock c) {
        return new Clock(
                c.sla(),
                c.state().label(),
                c.start(),
                c.atRiskAt(),
                c.due(),
                c.stop(),
                c.elapsed().toMillis() / 1000.0,
                c.maintenance());
    }
}
