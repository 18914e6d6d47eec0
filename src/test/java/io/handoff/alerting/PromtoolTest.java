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
        assertThat(promtool("check", "rules", "alert-rules/handoff-sla.rules.yml")).contains("SUCCESS");
    }

    @Test
    void theAlertsFireOnABurnAndStaySilentOnAHealthyNoisySeries() throws Exception {
        assertThat(promtool("test", "rules", "alert-rules/handoff-sla.test.yml")).contains("SUCCESS");
    }
}
