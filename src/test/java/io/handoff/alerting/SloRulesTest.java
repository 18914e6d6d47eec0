package io.handoff.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaDefinition;
import io.handoff.testing.ShippedConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The committed rules are exactly what the shipped SLA configuration generates. */
class SloRulesTest {
    static final Path RULES = Path.of("alert-rules/handoff-sla.rules.yml");
    /** The console where the shipped rules point: the default of handoff.notify.links.console. */
    static final String CONSOLE = "http://localhost:8080/console";
    /** Where the shipped rules' runbooks are: Handoff serves them (the Grafana variable runbooks says the same). */
    static final String RUNBOOKS = "http://localhost:8080/runbooks/";

    @Test
    void committedRulesMatchTheSlaConfiguration() throws IOException {
        String generated = new SloRuleGenerator(RUNBOOKS, CONSOLE).generate(ShippedConfig.slas());
        if (Boolean.getBoolean("handoff.rules.update")) {
            Files.writeString(RULES, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(RULES, StandardCharsets.UTF_8))
                .as(
                        "alert-rules/handoff-sla.rules.yml drifted from the SLA config; regenerate: ./mvnw test -Dtest=SloRulesTest -Dhandoff.rules.update=true")
                .isEqualTo(generated);
    }

    @Test
    void everyBusinessAlertLinksTheConsolePageWhereALeadActsOnIt() throws IOException {
        for (Path file : List.of(RULES, Path.of("alert-rules/handoff-business.rules.yml"))) {
            String rules = Files.readString(file, StandardCharsets.UTF_8);
            long alerts = Pattern.compile("- alert: ").matcher(rules).results().count();
            List<String> links = Pattern.compile("console_url: \"?([^\"\\n]+)\"?\\n")
                    .matcher(rules)
                    .results()
                    .map(m -> m.group(1))
                    .toList();
            // The anomaly alert is about a series, not work to do: it links its runbook only.
            long anomalyAlerts = Pattern.compile("- alert: HandoffAnomalyScoreHigh")
                    .matcher(rules)
                    .results()
                    .count();
            assertThat(links).as(file + ": a console link per alert").hasSize((int) (alerts - anomalyAlerts));
            assertThat(links).allSatisfy(l -> assertThat(l).startsWith(CONSOLE));
        }
        assertThat(Files.readString(RULES, StandardCharsets.UTF_8))
                .contains("console_url: " + CONSOLE + "/slas#sla-approved-to-invoice\n");
        assertThat(Files.readString(Path.of("src/main/resources/templates/console/slas.html")))
                .as("the anchor the SLA alerts link to")
                .contains("id=\"sla-{s.sla.id}\"");
    }

    @Test
    void everySlaGetsAPageAndATicketAlertWithItsOwnBudget() {
        String rules = new SloRuleGenerator("runbooks/", CONSOLE).generate(ShippedConfig.slas());
        assertThat(rules).contains("handoff:sla_error_ratio:rate5m{sla=\"middleware-delivery\"} > (14.4 * 0.01)");
        assertThat(rules).contains("handoff:sla_error_ratio:rate3d{sla=\"approved-to-invoice\"} > (1 * 0.05)");
        assertThat(rules).contains("handoff:sla_error_ratio:rate6h{sla=\"invoice-to-payment\"} > (6 * 0.1)");
        assertThat(Pattern.compile("alert: ").matcher(rules).results().count())
                .isEqualTo(3L * ShippedConfig.slas().size());
        assertThat(rules)
                .contains(
                        "max by (sla, window) (handoff_sla_window_error_budget_remaining{sla=\"approved-to-invoice\"}) < 0\n"
                                + "          and on (sla, window)\n"
                                + "          max by (sla, window) (handoff_sla_window_decided{sla=\"approved-to-invoice\"}) >= 10");
    }

    @Test
    void eachBurnWindowIsGuardedByItsSlasMinimumOfDecidedClocksAndZeroTurnsTheGuardOff() {
        SlaDefinition quiet = withMinDecided("quiet", 3);
        SlaDefinition unguarded = withMinDecided("unguarded", 0);

        String rules = new SloRuleGenerator("runbooks/", CONSOLE).generate(new SlaCatalog(List.of(quiet, unguarded)));

        for (String window : List.of("1h", "6h", "1d", "3d")) {
            assertThat(rules)
                    .contains("record: handoff:sla_decided:increase" + window)
                    .contains("handoff:sla_decided:increase" + window + "{sla=\"quiet\"} >= 3");
        }
        assertThat(rules).doesNotContain("{sla=\"unguarded\"} >=");
    }

    @Test
    void numbersAreWrittenWithoutNoise() {
        assertThat(List.of(
                        SloRuleGenerator.number(14.4),
                        SloRuleGenerator.number(1 - 0.95),
                        SloRuleGenerator.number(6),
                        SloRuleGenerator.number(99.9)))
                .containsExactly("14.4", "0.05", "6", "99.9");
    }

    @Test
    void everyAlertHasItsRunbookWithTheSameSections() throws IOException {
        Matcher urls = Pattern.compile("runbook_url: " + Pattern.quote(RUNBOOKS) + "(\\S+)")
                .matcher(Files.readString(RULES)
                        + Files.readString(Path.of("alert-rules/handoff-ops.rules.yml"))
                        + Files.readString(Path.of("alert-rules/handoff-business.rules.yml")));
        int alerts = 0;
        while (urls.find()) {
            Path runbook = Path.of("runbooks", urls.group(1));
            assertThat(runbook).as("runbook of an alert").exists();
            assertThat(Files.readString(runbook))
                    .contains("## What it means", "## Business impact", "## Diagnose", "## Mitigate", "## Escalate");
            alerts++;
        }
        // Every alert of the three files, none linking elsewhere.
        assertThat(alerts).isGreaterThan(20);
    }

    /** The shipped middleware SLA under another id, with its own low-traffic guard. */
    private static SlaDefinition withMinDecided(String id, int minDecided) {
        SlaDefinition shipped = ShippedConfig.slas().find("middleware-delivery").orElseThrow();
        return new SlaDefinition(
                id,
                "",
                shipped.startsOn(),
                shipped.stopsOn(),
                shipped.join(),
                null,
                shipped.target(),
                shipped.workingTime(),
                0.99,
                0.8,
                minDecided);
    }
}
