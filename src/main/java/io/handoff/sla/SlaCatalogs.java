package io.handoff.sla;

import io.handoff.event.EventType;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Turns {@link SlaConfig} into a {@link SlaCatalog}, failing with a message that names the key. */
public final class SlaCatalogs {
    private static final String PREFIX = "handoff.sla.definitions.";

    private SlaCatalogs() {}

    public static SlaCatalog from(SlaConfig config) {
        Map<String, WorkingTime> calendars = new HashMap<>();
        calendars.put("24x7", WorkingTime.CALENDAR);
        config.calendars().forEach((name, c) -> calendars.put(name, calendar(name, c)));

        List<SlaDefinition> definitions = new ArrayList<>();
        new TreeMap<>(config.definitions()).forEach((id, d) -> definitions.add(definition(id, d, calendars)));
        SlaCatalog slas = new SlaCatalog(definitions);
        List<Chain> chains = new ArrayList<>();
        new TreeMap<>(config.chains()).forEach((id, c) -> chains.add(chain(id, c, slas)));
        return new SlaCatalog(definitions, chains);
    }

    private static Chain chain(String id, SlaConfig.ChainStages c, SlaCatalog slas) {
        String key = "handoff.sla.chains." + id;
        if (!id.matches("[a-z0-9][a-z0-9-]{0,62}") || slas.indexOf(id) >= 0) {
            throw new IllegalArgumentException(
                    key + ": chain ids are lower-case letters, digits and dashes (metric labels), and not an SLA's id");
        }
        List<SlaDefinition> stages = new ArrayList<>();
        for (String stage : c.stages()) {
            stages.add(slas.find(stage.strip())
                    .orElseThrow(() -> new IllegalArgumentException(key + ".stages: unknown SLA '" + stage
                            + "', known: "
                            + slas.definitions().stream().map(SlaDefinition::id).toList())));
        }
        try {
            return new Chain(id, c.description().orElse(id), stages);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ".stages: " + e.getMessage(), e);
        }
    }

    private static BusinessCalendar calendar(String name, SlaConfig.Calendar c) {
        String key = "handoff.sla.calendars." + name;
        try {
            return new BusinessCalendar(
                    name,
                    ZoneId.of(c.zone()),
                    Set.copyOf(c.workingDays()),
                    c.dayStart(),
                    c.dayEnd(),
                    Set.copyOf(c.holidays().orElse(List.of())));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static SlaDefinition definition(String id, SlaConfig.Definition d, Map<String, WorkingTime> calendars) {
        String key = PREFIX + id;
        if (!id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException(
                    key + ": SLA ids are lower-case letters, digits and dashes (they become metric labels)");
        }
        WorkingTime time = calendars.get(d.calendar());
        if (time == null) {
            throw new IllegalArgumentException(key + ".calendar: unknown calendar '" + d.calendar() + "', known: "
                    + new TreeMap<>(calendars).keySet());
        }
        Join join = Join.parse(d.join())
                .orElseThrow(() -> new IllegalArgumentException(
                        key + ".join: expected same, link:<name> or linked-from:<name>, got '" + d.join() + "'"));
        EventType startsOn = type(key + ".starts-on", d.startsOn());
        EventType stopsOn = type(key + ".stops-on", d.stopsOn());
        EventType voidedBy = d.voidedBy().map(v -> type(key + ".voided-by", v)).orElse(null);
        MaintenanceMode maintenance = MaintenanceMode.of(d.maintenance())
                .orElseThrow(() -> new IllegalArgumentException(
                        key + ".maintenance: expected pause or exclude, got '" + d.maintenance() + "'"));
        try {
            return new SlaDefinition(
                    id,
                    d.description().orElse(id),
                    startsOn,
                    stopsOn,
                    join,
                    voidedBy,
                    d.target(),
                    time,
                    d.objective(),
                    d.atRiskAt(),
                    d.minDecided(),
                    windows(key + ".windows", d.windows(), time),
                    maintenance);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static EventType type(String key, String wireName) {
        return EventType.fromWireName(wireName)
                .orElseThrow(() -> new IllegalArgumentException(key + ": unknown event type '" + wireName + "'"));
    }

    private static List<ComplianceWindow> windows(String key, List<String> names, WorkingTime time) {
        List<ComplianceWindow> windows = new ArrayList<>();
        for (String name : names) {
            try {
                windows.add(ComplianceWindow.parse(name, time.zone()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        return windows;
    }
}
