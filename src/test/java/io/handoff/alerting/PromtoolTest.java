package io.handoff.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        List<String> command = new java.util.ArrayList<>(List.of(tool));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(tool + " is not installed: run scripts/test.sh (it installs Debian's prometheus and prometheus-alertmanager)", e);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(tool + " finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s %s:%n%s", tool, String.join(" ", args), output).isZero();
        return output;
    }

    @Test
    void theRulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "alert-rules/handoff-sla.rules.yml", "alert-rules/handoff-ops.rules.yml",
                "alert-rules/handoff-business.rules.yml")).contains("SUCCESS");
    }

    @Test
    void theSloAlertsFireOnABurnAndStaySilentOnAHealthyNoisySeries() throws Exception {
        assertThat(promtool("test", "rules", "alert-rules/handoff-sla.test.yml")).contains("SUCCESS");
    }

    @Test
    void theOperationalAlertsFireWhenTheyShouldAndOnlyInBusinessHoursForSilence() throws Exception {
        assertThat(promtool("test", "rules", "alert-rules/handoff-ops.test.yml")).contains("SUCCESS");
    }

    @Test
    void theBusinessAlertsFireOnRealTroubleAndNotOnOrdinaryValues() throws Exception {
        assertThat(promtool("test", "rules", "alert-rules/handoff-business.test.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTest() throws Exception {
        for (String rules : List.of("handoff-sla", "handoff-ops", "handoff-business")) {
            String ruleText = java.nio.file.Files.readString(java.nio.file.Path.of("alert-rules", rules + ".rules.yml"));
            String testText = java.nio.file.Files.readString(java.nio.file.Path.of("alert-rules", rules + ".test.yml"));
            java.util.regex.Matcher alerts = java.util.regex.Pattern.compile("- alert: (\\w+)").matcher(ruleText);
            while (alerts.find()) {
                assertThat(testText).as("a promtool test of %s", alerts.group(1)).contains("alertname: " + alerts.group(1));
            }
        }
    }

    @Test
    void theAlertmanagerConfigIsValidAndRoutesPagesToThePagerAndTicketsToTheQueue() throws Exception {
        String config = "--config.file=alert-rules/alertmanager.yml";
        assertThat(amtool("check-config", "alert-rules/alertmanager.yml")).contains("SUCCESS");
        assertThat(receiver(amtool("config", "routes", "test", config, "severity=page", "alertname=HandoffSlaErrorBudgetBurnFast", "sla=approved-to-invoice")))
                .isEqualTo("sre-pager");
        assertThat(receiver(amtool("config", "routes", "test", config, "severity=ticket", "alertname=HandoffSourceSilent", "source=odoo-prod")))
                .isEqualTo("sre-tickets");
    }

    /** The receiver amtool names, without its warning (on stderr, interleaved) that --config.file overrides the server address. */
    private static String receiver(String output) {
        return output.replace("Warning: --config.file flag overrides the --alertmanager.url.", "").trim();
    }
}
