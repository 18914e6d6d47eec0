package io.handoff.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The real promtool (Debian's prometheus package, installed by scripts/test.sh) checks and unit-tests the rules. */
class PromtoolTest {
    private static String promtool(String... args) throws IOException, InterruptedException {
        return run("promtool", args);
    }

    private static String amtool(String... args) throws IOException, InterruptedException {
        return run("amtool", args);
    }

    private static String run(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(
                    tool
                            + " is not installed: run scripts/test.sh (it installs Debian's prometheus and prometheus-alertmanager)",
                    e);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(tool + " finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as("%s %s:%n%s", tool, String.join(" ", args), output)
                .isZero();
        return output;
    }

    @Test
    void theRulesAreValid() throws Exception {
        assertThat(promtool(
                        "check",
                        "rules",
                        "alert-rules/handoff-sla.rules.yml",
                        "alert-rules/handoff-ops.rules.yml",
                        "alert-rules/handoff-business.rules.yml"))
                .contains("SUCCESS");
    }

    @Test
    void theSloAlertsFireOnABurnAndStaySilentOnAHealthyNoisySeries() throws Exception {
        assertThat(promtool("test", "rules", "alert-rules/handoff-sla.test.yml"))
                .contains("SUCCESS");
    }

    @Test
    void theOperationalAlertsFireWhenTheyShouldAndOnlyInBusinessHoursForSilence() throws Exception {
        assertThat(promtool("test", "rules", "alert-rules/handoff-ops.test.yml"))
                .contains("SUCCESS");
    }

    @Test
    void theBusinessAlertsFireOnRealTroubleAndNotOnOrdinaryValues() throws Exception {
        assertThat(promtool("test", "rules", "alert-rules/handoff-business.test.yml"))
                .contains("SUCCESS");
    }

    /**
     * An alert is one rule: its name and its fixed labels other than severity (the SLA rules repeat one name per SLA).
     * Each needs a promtool case where it fires and one, with series of its own in the input, where it does not:
     * a rule tested only where it fires would pass with any lower threshold.
     */
    @Test
    void everyAlertHasAFiringAndASilentCase() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        for (String rules : List.of("handoff-sla", "handoff-ops", "handoff-business")) {
            Set<Alert> alerts = new LinkedHashSet<>();
            for (JsonNode group : yaml.readTree(
                            Path.of("alert-rules", rules + ".rules.yml").toFile())
                    .path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        Map<String, String> labels = new TreeMap<>(
                                yaml.convertValue(rule.path("labels"), new TypeReference<Map<String, String>>() {}));
                        labels.remove("severity");
                        alerts.add(new Alert(rule.path("alert").asText(), labels));
                    }
                }
            }
            assertThat(alerts).as("alerts in %s", rules).isNotEmpty();
            Set<Alert> firing = new LinkedHashSet<>();
            Set<Alert> silent = new LinkedHashSet<>();
            for (JsonNode test : yaml.readTree(
                            Path.of("alert-rules", rules + ".test.yml").toFile())
                    .path("tests")) {
                List<Map<String, String>> inputs = new ArrayList<>();
                test.path("input_series")
                        .forEach(series ->
                                inputs.add(selectorLabels(series.path("series").asText())));
                for (JsonNode check : test.path("alert_rule_test")) {
                    String name = check.path("alertname").asText();
                    List<Map<String, String>> fired = new ArrayList<>();
                    check.path("exp_alerts")
                            .forEach(a -> fired.add(yaml.convertValue(
                                    a.path("exp_labels"), new TypeReference<Map<String, String>>() {})));
                    for (Alert alert : alerts) {
                        if (!alert.name().equals(name)) {
                            continue;
                        }
                        Map<String, String> wanted = alert.labels();
                        if (fired.stream().anyMatch(f -> f.entrySet().containsAll(wanted.entrySet()))) {
                            firing.add(alert);
                        } else if (inputs.stream().anyMatch(i -> i.entrySet().containsAll(wanted.entrySet()))) {
                            silent.add(alert);
                        }
                    }
                }
            }
            assertThat(firing)
                    .as("alerts of %s with a promtool case where they fire", rules)
                    .containsExactlyInAnyOrderElementsOf(alerts);
            assertThat(silent)
                    .as("alerts of %s with a promtool case where they stay silent", rules)
                    .containsExactlyInAnyOrderElementsOf(alerts);
        }
    }

    /** An alert rule: its name and its fixed labels other than severity. */
    private record Alert(String name, Map<String, String> labels) {}

    private static Map<String, String> selectorLabels(String series) {
        Map<String, String> labels = new TreeMap<>();
        Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(series);
        while (m.find()) {
            labels.put(m.group(1), m.group(2));
        }
        return labels;
    }

    @Test
    void theAlertmanagerConfigIsValidAndRoutesPagesToThePagerAndTicketsToTheQueue() throws Exception {
        String config = "--config.file=alert-rules/alertmanager.yml";
        assertThat(amtool("check-config", "alert-rules/alertmanager.yml")).contains("SUCCESS");
        assertThat(receiver(amtool(
                        "config",
                        "routes",
                        "test",
                        config,
                        "severity=page",
                        "alertname=HandoffSlaErrorBudgetBurnFast",
                        "sla=approved-to-invoice")))
                .isEqualTo("sre-pager");
        assertThat(receiver(amtool(
                        "config",
                        "routes",
                        "test",
                        config,
                        "severity=ticket",
                        "alertname=HandoffSourceSilent",
                        "source=odoo-prod")))
                .isEqualTo("sre-tickets");
    }

    /** The receiver amtool names, without its warning (on stderr, interleaved) that --config.file overrides the server address. */
    private static String receiver(String output) {
        return output.replace("Warning: --config.file flag overrides the --alertmanager.url.", "")
                .trim();
    }
}
