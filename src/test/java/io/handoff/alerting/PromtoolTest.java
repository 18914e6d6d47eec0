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
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: run scripts/test.sh (it installs Debian's prometheus package)", e);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
        return output;
    }

    @Test
    void theRulesAreValid() throws Exception {
        assertThat(promtool("check", "rules", "alert-rules/handoff-sla.rules.yml", "alert-rules/handoff-ops.rules.yml")).contains("SUCCESS");
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
    void everyAlertHasAUnitTest() throws Exception {
        for (String rules : List.of("handoff-sla", "handoff-ops")) {
            String ruleText = java.nio.file.Files.readString(java.nio.file.Path.of("alert-rules", rules + ".rules.yml"));
            String testText = java.nio.file.Files.readString(java.nio.file.Path.of("alert-rules", rules + ".test.yml"));
            java.util.regex.Matcher alerts = java.util.regex.Pattern.compile("- alert: (\\w+)").matcher(ruleText);
            while (alerts.find()) {
                assertThat(testText).as("a promtool test of %s", alerts.group(1)).contains("alertname: " + alerts.group(1));
            }
        }
    }
}
