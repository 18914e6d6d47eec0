package io.handoff.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.handoff.engine.EngineListener;
import io.handoff.engine.FlowEngine;
import io.handoff.engine.GroupLabels;
import io.handoff.ingest.Candidate;
import io.handoff.ingest.EdgeRules;
import io.handoff.ingest.cloudevents.CloudEventReader;
import io.handoff.ingest.odoo.OdooConfig;
import io.handoff.ingest.odoo.OdooSnapshotMapper;
import io.handoff.sla.ClockState;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaCatalogs;
import io.handoff.sla.SlaClock;
import io.handoff.sla.SlaConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The firm's own event types, declared in configuration: accepted by the CloudEvents reader and the Odoo rules, usable
 * by SLAs (a CRM deal won sets a link to the project it became; the project's activation in Odoo stops the clock), and
 * every mistake in the declaration named by its key.
 */
class EventTypesConfigTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EdgeRules EDGE =
            new EdgeRules(Duration.ofMinutes(5), Duration.ofDays(400), "practice", Map.of());

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(EventTypesConfig.class)
                .withMapping(SlaConfig.class)
                .withMapping(OdooConfig.class)
                .withConverter(Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }

    private static Map<String, String> firm() {
        Map<String, String> p = new HashMap<>();
        p.put("handoff.events.types.deal-won.type", "crm.deal.won");
        p.put("handoff.events.types.deal-won.sets-link", "project");
        p.put("handoff.events.types.project-activated.type", "project.activated");
        p.put("handoff.odoo.rules.project-activated.model", "project.project");
        p.put("handoff.odoo.rules.project-activated.when", "stage_id=3");
        p.put("handoff.odoo.rules.project-activated.emit", "project.activated");
        p.put("handoff.sla.definitions.deal-to-kickoff.starts-on", "crm.deal.won");
        p.put("handoff.sla.definitions.deal-to-kickoff.stops-on", "project.activated");
        p.put("handoff.sla.definitions.deal-to-kickoff.join", "link:project");
        p.put("handoff.sla.definitions.deal-to-kickoff.target", "3d");
        return p;
    }

    @Test
    void aDeclaredTypeIsReadOnEveryDoorAndDrivesAnSlaClock() throws Exception {
        SmallRyeConfig config = config(firm());
        List<EventType> declared = EventTypesConfig.declare(config.getConfigMapping(EventTypesConfig.class));
        assertThat(declared).extracting(EventType::wireName).containsExactly("crm.deal.won", "project.activated");
        EventType won = EventType.fromWireName("crm.deal.won").orElseThrow();
        assertThat(won.linkName()).isEqualTo("project");
        assertThat(won.builtIn()).isFalse();
        assertThat(EventType.values()).contains(won).startsWith(EventType.TIMESHEET_SUBMITTED);
        SlaCatalog catalog = SlaCatalogs.from(config.getConfigMapping(SlaConfig.class));

        CloudEventReader reader = new CloudEventReader(EDGE);
        Candidate deal = reader.read(
                JSON.readTree(
                        "{\"specversion\":\"1.0\",\"id\":\"d-1\",\"source\":\"crm://acme\",\"type\":\"crm.deal.won\","
                                + "\"time\":\"2026-11-27T09:00:00Z\",\"subject\":\"crm.lead/88\","
                                + "\"data\":{\"project\":\"project.project/12\",\"client\":\"acme\"}}"),
                "crm",
                NOW);
        assertThat(deal.rejection()).isNull();
        Candidate noLink = reader.read(
                JSON.readTree(
                        "{\"specversion\":\"1.0\",\"id\":\"d-2\",\"source\":\"crm://acme\",\"type\":\"crm.deal.won\","
                                + "\"time\":\"2026-11-27T09:00:00Z\",\"subject\":\"crm.lead/89\",\"data\":{}}"),
                "crm",
                NOW);
        assertThat(noLink.rejection()).isNotNull();
        assertThat(noLink.rejection().pointer()).isEqualTo("/data/project");

        OdooSnapshotMapper odoo = OdooSnapshotMapper.from(config.getConfigMapping(OdooConfig.class), EDGE);
        ObjectNode project = JSON.createObjectNode()
                .put("_model", "project.project")
                .put("_id", 12)
                .put("id", 12)
                .put("stage_id", 3)
                .put("write_date", "2026-11-28 15:30:00.000000");
        List<BusinessEvent> activated = odoo.map(project, "odoo-prod", NOW).events();
        assertThat(activated).extracting(e -> e.type().wireName()).containsExactly("project.activated");

        FlowEngine engine = new FlowEngine(catalog, EngineListener.NONE, new GroupLabels(10), 100);
        engine.apply(deal.event(), NOW);
        engine.apply(activated.get(0), NOW);
        SlaClock clock = engine.find("crm.lead/88", NOW).orElseThrow().clocks().get(0);
        assertThat(clock.sla()).isEqualTo("deal-to-kickoff");
        assertThat(clock.state()).isEqualTo(ClockState.MET);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(30).plusMinutes(30));
    }

    @Test
    void mistakesAreNamedByTheirKey() {
        assertThatThrownBy(() -> declare("handoff.events.types.x.type", "Invoice Posted"))
                .hasMessageStartingWith("handoff.events.types.x.type: 'Invoice Posted': an event type is");
        assertThatThrownBy(() -> declare(
                        "handoff.events.types.x.type",
                        "invoice.posted",
                        "handoff.events.types.x.anchor",
                        "correlation"))
                .hasMessageStartingWith("handoff.events.types.x.type: invoice.posted is built in");
        assertThatThrownBy(() -> declare(
                        "handoff.events.types.x.type", "crm.deal.lost", "handoff.events.types.x.anchor", "deal"))
                .hasMessageStartingWith("handoff.events.types.x.anchor: expected subject or correlation");
        assertThatThrownBy(() -> declare(
                        "handoff.events.types.x.type", "crm.deal.lost",
                        "handoff.events.types.x.sets-link", "project",
                        "handoff.events.types.x.clears-link", "project"))
                .hasMessageStartingWith("handoff.events.types.x: a type sets a link or clears one, not both");
        // the same declaration twice (another profile, a restart in the same JVM) is harmless
        declare("handoff.events.types.x.type", "crm.deal.reopened");
        declare("handoff.events.types.y.type", "crm.deal.reopened");
        assertThatThrownBy(() -> declare(
                        "handoff.events.types.z.type",
                        "crm.deal.reopened",
                        "handoff.events.types.z.anchor",
                        "correlation"))
                .hasMessageContaining("crm.deal.reopened is declared already");
    }

    @Test
    void anOdooRuleCannotEmitWhatAnOdooRecordCannotCarry() {
        Map<String, String> p = new HashMap<>();
        p.put("handoff.events.types.ticket.type", "helpdesk.ticket.escalated");
        p.put("handoff.events.types.ticket.anchor", "correlation");
        p.put("handoff.events.types.handed.type", "crm.deal.handed-over");
        p.put("handoff.events.types.handed.sets-link", "project");
        p.put("handoff.odoo.rules.x.model", "helpdesk.ticket");
        p.put("handoff.odoo.rules.x.emit", "helpdesk.ticket.escalated");
        SmallRyeConfig config = config(p);
        EventTypesConfig.declare(config.getConfigMapping(EventTypesConfig.class));
        assertThatThrownBy(() -> OdooSnapshotMapper.from(config.getConfigMapping(OdooConfig.class), EDGE))
                .hasMessageStartingWith(
                        "handoff.odoo.rules.x.emit: helpdesk.ticket.escalated is anchored on a correlation id");
        p.put("handoff.odoo.rules.x.emit", "crm.deal.handed-over");
        assertThatThrownBy(() -> OdooSnapshotMapper.from(config(p).getConfigMapping(OdooConfig.class), EDGE))
                .hasMessageStartingWith("handoff.odoo.rules.x.emit: crm.deal.handed-over sets the link project");
    }

    private static List<EventType> declare(String... keyValues) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.put(keyValues[i], keyValues[i + 1]);
        }
        return EventTypesConfig.declare(config(p).getConfigMapping(EventTypesConfig.class));
    }
}
