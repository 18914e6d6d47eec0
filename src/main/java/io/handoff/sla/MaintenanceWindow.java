package io.handoff.sla;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * A span of time declared as maintenance (an Odoo upgrade weekend, a middleware release), during which the clocks it
 * covers pause or have their outcome excluded, as each SLA chooses ({@link MaintenanceMode}).
 *
 * @param id unique name, e.g. {@code odoo-17-upgrade}
 * @param end exclusive
 * @param slas the SLA ids it covers; empty: every SLA
 * @param source a CloudEvents {@code source} prefix (e.g. {@code odoo/}): only the clocks of flows with an event from
 *     such a source are covered; null: every flow
 * @param reason why, for the people who see it
 * @param declaredBy who declared it (the API key's name, or {@code config})
 */
public record MaintenanceWindow(
        String id,
        Instant start,
        Instant end,
        Set<String> slas,
        String source,
        String reason,
        String declaredBy,
        Instant declaredAt) {

    public MaintenanceWindow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("maintenance window " + id + ": end must be after start");
        }
        slas = Set.copyOf(slas);
        if (source != null && source.isBlank()) {
            source = null;
        }
    }

    /** Whether it covers this SLA's clocks, on flows whose events came from {@code sources}. */
    public boolean covers(SlaDefinition sla, Collection<String> sources) {
        if (!slas.isEmpty() && !slas.contains(sla.id())) {
            return false;
        }
        if (source == null) {
            return true;
        }
        for (String s : sources) {
            if (s.startsWith(source)) {
                return true;
            }
        }
        return false;
    }

    /** Whether it could cover this SLA on some flow (its source not considered). */
    public boolean names(SlaDefinition sla) {
        return slas.isEmpty() || slas.contains(sla.id());
    }

    public boolean activeAt(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }

    /** Whether it overlaps {@code [from, to)}. */
    public boolean overlaps(Instant from, Instant to) {
        return start.isBefore(to) && end.isAfter(from);
    }
}
