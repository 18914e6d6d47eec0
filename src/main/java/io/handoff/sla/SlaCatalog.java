package io.handoff.sla;

import java.util.List;
import java.util.Optional;

/** The SLAs in force, in a fixed order (their index is used by the engine's bookkeeping), and the chains of them. */
public record SlaCatalog(List<SlaDefinition> definitions, List<Chain> chains) {
    public SlaCatalog(List<SlaDefinition> definitions) {
        this(definitions, List.of());
    }

    public SlaCatalog {
        definitions = List.copyOf(definitions);
        chains = List.copyOf(chains);
        long distinct = definitions.stream().map(SlaDefinition::id).distinct().count();
        if (distinct != definitions.size()) {
            throw new IllegalArgumentException("SLA ids must be unique");
        }
    }

    public Optional<Chain> chain(String id) {
        return chains.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Optional<SlaDefinition> find(String id) {
        return definitions.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** Position of the SLA with this id, or -1. */
    public int indexOf(String id) {
        for (int i = 0; i < definitions.size(); i++) {
            if (definitions.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    public int size() {
        return definitions.size();
    }

    public SlaDefinition get(int index) {
        return definitions.get(index);
    }
}
