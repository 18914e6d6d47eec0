package io.handoff.engine;

import java.time.Instant;
import java.util.List;

/** Takes the pictures of changed flows off the engine thread's hands, to be written somewhere. */
public interface FlowJournal {
    /** How many pictures it can take now; the engine keeps the rest marked for later. */
    int room();

    /** Must not block: called on the engine thread. */
    void changed(List<FlowView> flows, Instant now);

    /** How often this journal wants to see every flow with an open clock, changed or not; null: never. */
    default java.time.Duration reviewOpenEvery() {
        return null;
    }

    /** Every flow with an open clock, every {@link #reviewOpenEvery()}. Must not block. */
    default void reviewOpen(List<FlowView> flows, Instant now) {}

    /** Hands each picture to every journal; there is room for what all of them can take. */
    static FlowJournal all(List<FlowJournal> journals) {
        if (journals.size() == 1) {
            return journals.get(0);
        }
        return new FlowJournal() {
            @Override
            public int room() {
                return journals.stream().mapToInt(FlowJournal::room).min().orElse(0);
            }

            @Override
            public void changed(List<FlowView> flows, Instant now) {
                journals.forEach(journal -> journal.changed(flows, now));
            }

            @Override
            public java.time.Duration reviewOpenEvery() {
                return journals.stream()
                        .map(FlowJournal::reviewOpenEvery)
                        .filter(java.util.Objects::nonNull)
                        .min(java.util.Comparator.naturalOrder())
                        .orElse(null);
            }

            @Override
            public void reviewOpen(List<FlowView> flows, Instant now) {
                journals.forEach(journal -> journal.reviewOpen(flows, now));
            }
        };
    }

    /** Takes everything and does nothing: the place of a journal that is switched off. */
    FlowJournal NONE = new FlowJournal() {
        @Override
        public int room() {
            return Integer.MAX_VALUE;
        }

        @Override
        public void changed(List<FlowView> flows, Instant now) {}
    };
}
