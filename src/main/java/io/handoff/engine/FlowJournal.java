package io.handoff.engine;

import java.time.Instant;
import java.util.List;

/** Takes the pictures of changed flows off the engine thread's hands, to be written somewhere. */
public interface FlowJournal {
    /** How many pictures it can take now; the engine keeps the rest marked for later. */
    int room();

    /** Must not block: called on the engine thread. */
    void changed(List<FlowView> flows, Instant now);

    FlowJournal NONE = new FlowJournal() {
        @Override
        public int room() {
            return 0;
        }

        @Override
        public void changed(List<FlowView> flows, Instant now) {}
    };
}
