package io.handoff.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.handoff.event.EventType;
import io.handoff.sla.Join;
import io.handoff.sla.MaintenanceWindow;
import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaDefinition;
import io.handoff.sla.WorkingTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows from configuration and the API: checked, kept across a restart, withdrawn with who and why. */
class MaintenancePlanTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final SlaCatalog CATALOG = new SlaCatalog(List.of(new SlaDefinition(
            "middleware-delivery",
            "",
            EventType.MIDDLEWARE_RECEIVED,
            EventType.MIDDLEWARE_DELIVERED,
            new Join(Join.Kind.SAME, null),
            null,
            Duration.ofMinutes(2),
            WorkingTime.CALENDAR,
            0.99,
            0.75)));
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @TempDir
    Path dir;

    private MaintenancePlan plan(Map<String, MaintenanceConfig.Window> configured, String stateDir) {
        return new MaintenancePlan(
                new MaintenanceConfig() {
                    @Override
                    public Map<String, Window> windows() {
                        return configured;
                    }

                    @Override
                    public Optional<String> stateDir() {
                        return Optional.ofNullable(stateDir);
                    }
                },
                CATALOG,
                JSON,
                InstantSource.fixed(NOW));
    }

    private static MaintenanceConfig.Window configured(String start, String end, List<String> slas, String reason) {
        return new MaintenanceConfig.Window() {
            @Override
            public String start() {
                return start;
            }

            @Override
            public String end() {
                return end;
            }

            @Override
            public Optional<List<String>> slas() {
                return Optional.of(slas);
            }

            @Override
            public Optional<String> source() {
                return Optional.empty();
            }

            @Override
            public String reason() {
                return reason;
            }
        };
    }

    private static MaintenanceWindow declared(String id, String reason) {
        return MaintenanceFields.window(
                id,
                "2026-12-05T18:00:00+01:00",
                "2026-12-07T06:00:00+01:00",
                List.of(),
                "odoo/",
                reason,
                "ops",
                NOW,
                CATALOG,
                NOW);
    }

    @Test
    void declaredWindowsSurviveARestartWithTheirWithdrawal() {
        MaintenancePlan first = plan(Map.of(), dir.toString());
        assertThat(first.declare(declared("odoo-upgrade", "Odoo 17 upgrade")))
                .isEqualTo(MaintenancePlan.Declared.CREATED);
        assertThat(first.declare(declared("odoo-upgrade", "Odoo 17 upgrade")))
                .isEqualTo(MaintenancePlan.Declared.UNCHANGED);
        assertThatThrownBy(() -> first.declare(declared("odoo-upgrade", "another reason")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("odoo-upgrade");
        first.declare(declared("esb-release", "ESB release"));
        first.withdraw("esb-release", "lena", "postponed");

        MaintenancePlan restarted = plan(Map.of(), dir.toString());
        assertThat(restarted.all()).isEqualTo(first.all());
        assertThat(restarted.inForce().windows())
                .extracting(MaintenanceWindow::id)
                .containsExactly("odoo-upgrade");
        MaintenanceEntry withdrawn = restarted.find("esb-release").orElseThrow();
        assertThat(withdrawn.status(NOW)).isEqualTo(MaintenanceEntry.Status.WITHDRAWN);
        assertThat(withdrawn.withdrawnBy()).isEqualTo("lena");
        assertThat(withdrawn.withdrawComment()).isEqualTo("postponed");
        assertThat(restarted.find("odoo-upgrade").orElseThrow().window().source())
                .isEqualTo("odoo/");
    }

    @Test
    void configuredWindowsAreCheckedAtStartAndNotWithdrawnThroughTheApi() {
        MaintenancePlan plan = plan(
                Map.of(
                        "release",
                        configured(
                                "2026-11-30T11:00:00Z",
                                "2026-11-30T13:00:00Z",
                                List.of("middleware-delivery"),
                                "release")),
                null);
        assertThat(plan.active("middleware-delivery", NOW)).isTrue();
        assertThat(plan.active("middleware-delivery", NOW.plusSeconds(3600))).isFalse();
        assertThat(plan.find("release").orElseThrow().origin()).isEqualTo(MaintenanceEntry.CONFIG);
        assertThatThrownBy(() -> plan.withdraw("release", "ops", null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("handoff.maintenance.windows.release");
        assertThat(Files.exists(dir.resolve("windows.json"))).isFalse();

        assertThatThrownBy(() -> plan(
                        Map.of("bad", configured("2026-11-30T11:00:00Z", "2026-11-30T13:00:00Z", List.of("nope"), "x")),
                        null))
                .hasMessageStartingWith("handoff.maintenance.windows.bad.slas: unknown SLA 'nope'");
        assertThatThrownBy(() -> plan(
                        Map.of("bad", configured("2026-11-30 11:00", "2026-11-30T13:00:00Z", List.of(), "x")), null))
                .hasMessageStartingWith("handoff.maintenance.windows.bad.start: start must be an ISO date-time");
        assertThatThrownBy(() -> plan(
                        Map.of("Bad Id", configured("2026-11-30T11:00:00Z", "2026-11-30T13:00:00Z", List.of(), "x")),
                        null))
                .hasMessageStartingWith("handoff.maintenance.windows.Bad Id: id must be");
    }

    @Test
    void anUnreadableFileIsSetAsideAndTheWindowsDeclaredSinceAreKept() throws Exception {
        Files.writeString(dir.resolve("windows.json"), "{not json");
        MaintenancePlan plan = plan(Map.of(), dir.toString());
        assertThat(plan.all()).isEmpty();
        assertThat(Files.exists(dir.resolve("windows.json.unreadable"))).isTrue();
        plan.declare(declared("odoo-upgrade", "Odoo 17 upgrade"));
        assertThat(plan(Map.of(), dir.toString()).find("odoo-upgrade")).isPresent();
        assertThat(Set.copyOf(plan.all())).hasSize(1);
    }
}
