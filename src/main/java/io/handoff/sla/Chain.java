package io.handoff.sla;

import java.util.List;
import java.util.Objects;

/**
 * SLAs one after another across linked flows, timed end to end: {@code project-to-cash} is time approved → on a
 * posted invoice ({@code approved-to-invoice}) → paid ({@code invoice-to-payment}). Each stage starts where the one
 * before stopped, on the flow that stop was found in, so which stage consumed how much of the time can be told per
 * flow and in aggregate.
 */
public record Chain(String id, String description, List<SlaDefinition> stages) {
    public Chain {
        Objects.requireNonNull(id);
        stages = List.copyOf(stages);
        if (stages.size() < 2) {
            throw new IllegalArgumentException("chain " + id + ": at least two stages (SLA ids, in order)");
        }
        for (int i = 0; i < stages.size(); i++) {
            SlaDefinition stage = stages.get(i);
            if (stage.join().kind() == Join.Kind.LINKED_FROM) {
                throw new IllegalArgumentException("chain " + id + ": stage " + stage.id()
                        + " finds its stop in flows linking to it (" + stage.join()
                        + "): which one the chain goes on with would be ambiguous");
            }
            if (i > 0 && stages.get(i - 1).stopsOn() != stage.startsOn()) {
                SlaDefinition before = stages.get(i - 1);
                throw new IllegalArgumentException("chain " + id + ": stage " + stage.id() + " starts on "
                        + stage.startsOn() + " but " + before.id() + " before it stops on " + before.stopsOn()
                        + "; each stage must start on the event the one before stops on");
            }
        }
    }

    public SlaDefinition first() {
        return stages.get(0);
    }
}
