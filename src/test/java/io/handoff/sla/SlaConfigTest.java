package io.handoff.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.handoff.event.EventType;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SlaConfigTest {
    private static Map<String, String> sample() throws IOException {
        Properties properties = new Properties();
        try (var in = SlaConfigTest.class.getResourceAsStream("/config/slas.properties")) {
            properties.load(in);
        }
        Map<String, String> map = new HashMap<>();
        properties.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }

    private static SlaCatalog catalog(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SlaConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return SlaCatalogs.from(config.getConfigMapping(SlaConfig.class));
    }

    @Test
    void readsDefinitionsWithDefaultsAndCalendars() throws IOException {
        SlaCatalog catalog = catalog(sample());
        SlaDefinition invoice = catalog.find("approved-to-invoice").orElseThrow();
        assertThat(invoice.join()).isEqualTo(new Join(Join.Kind.LINK, "invoice"));
        assertThat(invoice.voidedBy()).isEqualTo(EventType.INVOICE_CANCELLED);
        assertThat(invoice.target()).isEqualTo(Duration.ofHours(40));
        assertThat(invoice.workingTime()).isInstanceOf(BusinessCalendar.class);
        assertThat(((BusinessCalendar) invoice.workingTime()).holidays()).hasSize(1);
        SlaDefinition delivery = catalog.find("delivery").orElseThrow();
        assertThat(delivery.objective()).isEqualTo(0.95);
        assertThat(delivery.atRiskRatio()).isEqualTo(0.8);
        assertThat(delivery.minDecided()).isEqualTo(SlaDefinition.DEFAULT_MIN_DECIDED);
        assertThat(delivery.workingTime()).isSameAs(WorkingTime.CALENDAR);
        assertThat(delivery.join()).isEqualTo(Join.SAME);
    }

    @Test
    void anUnknownEventTypeFailsNamingTheKey() throws IOException {
        Map<String, String> properties = sample();
        properties.put("handoff.sla.definitions.delivery.stops-on", "middleware.message.arrived");
        assertThatThrownBy(() -> catalog(properties))
                .hasMessageContaining("handoff.sla.definitions.delivery.stops-on")
                .hasMessageContaining("middleware.message.arrived");
    }

    @Test
    void anUnknownCalendarFailsNamingTheKey() throws IOException {
        Map<String, String> properties = sample();
        properties.put("handoff.sla.definitions.delivery.calendar", "night-shift");
        assertThatThrownBy(() -> catalog(properties)).hasMessageContaining("handoff.sla.definitions.delivery.calendar");
    }

    @Test
    void aBadJoinFailsNamingTheKey() throws IOException {
        Map<String, String> properties = sample();
        properties.put("handoff.sla.definitions.delivery.join", "nearby");
        assertThatThrownBy(() -> catalog(properties)).hasMessageContaining("handoff.sla.definitions.delivery.join");
    }

    @Test
    void anObjectiveOutsideZeroAndOneIsRefused() throws IOException {
        Map<String, String> properties = sample();
        properties.put("handoff.sla.definitions.delivery.objective", "95");
        assertThatThrownBy(() -> catalog(properties))
                .hasMessageContaining("handoff.sla.definitions.delivery")
                .hasMessageContaining("objective");
    }

    @Test
    void theLowTrafficGuardIsReadAndANegativeOneIsRefused() throws IOException {
        Map<String, String> properties = sample();
        properties.put("handoff.sla.definitions.delivery.min-decided", "0");
        assertThat(catalog(properties).find("delivery").orElseThrow().minDecided())
                .isZero();

        properties.put("handoff.sla.definitions.delivery.min-decided", "-1");
        assertThatThrownBy(() -> catalog(properties))
                .hasMessageContaining("handoff.sla.definitions.delivery")
                .hasMessageContaining("min-decided");
    }

    @Test
    void complianceWindowsAreReadInTheCalendarsZoneAndAnUnknownOneFailsNamingTheKey() throws IOException {
        Map<String, String> properties = sample();
        assertThat(catalog(properties).find("delivery").orElseThrow().windows())
                .containsExactly(SlaDefinition.DEFAULT_WINDOW);

        properties.put("handoff.sla.definitions.approved-to-invoice.windows", "month,28d");
        SlaDefinition invoice = catalog(properties).find("approved-to-invoice").orElseThrow();
        assertThat(invoice.windows()).extracting(ComplianceWindow::name).containsExactly("month", "28d");
        assertThat(invoice.windows().get(0))
                .isEqualTo(new ComplianceWindow.Calendar(
                        ComplianceWindow.Calendar.Unit.MONTH,
                        invoice.workingTime().zone()));
        assertThat(invoice.workingTime().zone()).isNotEqualTo(java.time.ZoneOffset.UTC);

        properties.put("handoff.sla.definitions.approved-to-invoice.windows", "fortnight");
        assertThatThrownBy(() -> catalog(properties))
                .hasMessageContaining("handoff.sla.definitions.approved-to-invoice.windows")
                .hasMessageContaining("fortnight");
    }

    @Test
    void aChainOfStagesThatDoNotMeetFailsNamingTheKey() throws IOException {
        Map<String, String> properties = sample();
        properties.put("handoff.sla.chains.to-cash.stages", "delivery,approved-to-invoice");
        assertThatThrownBy(() -> catalog(properties))
                .hasMessageStartingWith(
                        "handoff.sla.chains.to-cash.stages: chain to-cash: stage approved-to-invoice starts on");
        properties.put("handoff.sla.chains.to-cash.stages", "approved-to-invoice,nope");
        assertThatThrownBy(() -> catalog(properties))
                .hasMessageStartingWith("handoff.sla.chains.to-cash.stages: unknown SLA 'nope'");
        properties.put("handoff.sla.chains.to-cash.stages", "approved-to-invoice");
        assertThatThrownBy(() -> catalog(properties)).hasMessageContaining("at least two stages");
    }
}
