package io.handoff.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.engine.EngineListener;
import io.handoff.engine.FlowEngine;
import io.handoff.engine.GroupLabels;
import io.handoff.event.BusinessEvent;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.RecentEvents;
import io.handoff.ingest.cloudevents.CloudEventReader;
import io.handoff.ingest.odoo.OdooSnapshotMapper;
import io.handoff.sla.ClockState;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaTally;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo, driven by a simulated clock through the real edge and the shipped SLAs. */
class DemoFirmTest {
    @Test
    void withinAMinuteEverySlaHasMetAndBreachedClocksAndEveryIngestResultOccurs() throws IOException {
        SlaCatalog slas = io.handoff.testing.ShippedConfig.slas();
        Set<ClockState> openStatesSeen = EnumSet.noneOf(ClockState.class);
        EngineListener listener = new EngineListener() {
            @Override
            public void openClockMoved(
                    io.handoff.sla.SlaDefinition sla,
                    String fromGroup,
                    ClockState from,
                    String toGroup,
                    ClockState to) {
                if (to != null) {
                    openStatesSeen.add(to);
                }
            }
        };
        FlowEngine engine = new FlowEngine(slas, listener, new GroupLabels(50), 100_000);
        EdgeRules edge = new EdgeRules(Duration.ofMinutes(5), Duration.ofDays(400), "practice", Map.of());
        CloudEventReader reader = new CloudEventReader(edge);
        OdooSnapshotMapper odoo = new OdooSnapshotMapper(OdooSnapshotMapper.defaultRules(), edge);
        RecentEvents recent = new RecentEvents(100_000);
        DemoFirm firm = new DemoFirm(42, 3, 5);

        int rejected = 0;
        int duplicates = 0;
        Instant start = Instant.parse("2026-11-24T09:00:00Z");
        for (int second = 0; second < 60; second++) {
            Instant now = start.plusSeconds(second);
            DemoFirm.Tick tick = firm.tick(now);
            List<Candidate> candidates = new ArrayList<>();
            for (ObjectNode event : tick.cloudEvents()) {
                candidates.add(reader.read(event, "demo-timetracker", now));
            }
            for (ObjectNode event : tick.middlewareEvents()) {
                candidates.add(reader.read(event, "demo-middleware", now));
            }
            for (ObjectNode snapshot : tick.odooSnapshots()) {
                odoo.map(snapshot, "demo-odoo", now).events().forEach(e -> candidates.add(Candidate.of(e)));
            }
            for (Candidate candidate : candidates) {
                if (candidate.rejection() != null) {
                    rejected++;
                    continue;
                }
                BusinessEvent event = candidate.event();
                if (!recent.add(event.identity())) {
                    duplicates++;
                    continue;
                }
                engine.apply(event, now);
            }
            engine.advance(now);
        }

        for (SlaTally tally : engine.tallies()) {
            assertThat(tally.met()).as("%s met", tally.sla().id()).isPositive();
            assertThat(tally.breached()).as("%s breached", tally.sla().id()).isPositive();
        }
        assertThat(openStatesSeen).contains(ClockState.ON_TRACK, ClockState.AT_RISK, ClockState.BREACHED);
        assertThat(rejected).as("malformed events").isPositive();
        assertThat(duplicates).as("duplicate snapshots").isPositive();
    }
}
