package io.handoff.alerting;

import io.handoff.sla.SlaCatalog;
import io.handoff.sla.SlaDefinition;
import java.util.List;
import java.util.Locale;

/**
 * Writes the Prometheus rules for every SLA: error ratios per SLA over each window (recording
 * rules), then per SLA a page and a ticket alert on the error-budget burn rate, with the windows
 * and factors of Sloth's defaults. The SLI is the share of decided clocks that breached
 * ({@code handoff_sla_outcomes_total}); the budget is 1 − objective from the SLA configuration. A low-traffic
 * guard keeps an alert silent while fewer than the SLA's {@code min-decided} clocks were decided in its long
 * window: with two clocks at night, one late one is a 50 % error ratio but not a burn worth waking anyone for.
 * Output is deterministic, so it is committed and compared (alert-rules/handoff-sla.rules.yml).
 */
public final class SloRuleGenerator {
    /** One alert condition: both windows must burn faster than {@code factor} × budget. */
    record BurnWindow(String longWindow, String shortWindow, double factor) {}

    static final List<String> WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");
    static final List<BurnWindow> PAGE = List.of(new BurnWindow("1h", "5m", 14.4), new BurnWindow("6h", "30m", 6));
    static final List<BurnWindow> TICKET = List.of(new BurnWindow("1d", "2h", 3), new BurnWindow("3d", "6h", 1));

    public static final String PAGE_ALERT = "HandoffSlaErrorBudgetBurnFast";
    public static final String TICKET_ALERT = "HandoffSlaErrorBudgetBurnSlow";
    public static final String WINDOW_ALERT = "HandoffSlaWindowBudgetSpent";

    private final String runbookBase;
    private final String consoleBase;

    /**
     * @param runbookBase prefix of runbook URLs: Handoff's URL + {@code /runbooks/} (it serves them), or where the
     *     firm publishes them
     * @param consoleBase the console's public URL ({@code handoff.notify.links.console}): each alert links its SLA's page
     */
    public SloRuleGenerator(String runbookBase, String consoleBase) {
        this.runbookBase = runbookBase;
        this.consoleBase = consoleBase;
    }

    public String generate(SlaCatalog catalog) {
        StringBuilder yaml = new StringBuilder();
        yaml.append(
                "# Generated from Handoff's SLA configuration (application.properties) by SloRuleGenerator. Do not edit:\n");
        yaml.append("# regenerate with ./mvnw test -Dtest=SloRulesTest -Dhandoff.rules.update=true\n");
        yaml.append("groups:\n");
        yaml.append("  - name: handoff-sla-error-ratios\n");
        yaml.append("    rules:\n");
        for (String window : WINDOWS) {
            yaml.append("      - record: handoff:sla_error_ratio:rate")
                    .append(window)
                    .append('\n');
            yaml.append("        expr: |\n");
            yaml.append("          sum by (sla) (rate(handoff_sla_outcomes_total{outcome=\"breached\"}[")
                    .append(window)
                    .append("]))\n");
            yaml.append("          /\n");
            yaml.append("          sum by (sla) (rate(handoff_sla_outcomes_total{outcome!=\"excluded\"}[")
                    .append(window)
                    .append("]))\n");
        }
        for (String window : guardWindows()) {
            yaml.append("      - record: handoff:sla_decided:increase")
                    .append(window)
                    .append('\n');
            yaml.append("        expr: sum by (sla) (increase(handoff_sla_outcomes_total{outcome!=\"excluded\"}[")
                    .append(window)
                    .append("]))\n");
        }
        for (SlaDefinition sla : catalog.definitions()) {
            double budget = 1 - sla.objective();
            yaml.append("  - name: handoff-sla-").append(sla.id()).append('\n');
            yaml.append("    rules:\n");
            yaml.append("      - record: handoff:sla_error_budget:ratio\n");
            yaml.append("        expr: vector(").append(number(budget)).append(")\n");
            yaml.append("        labels:\n");
            yaml.append("          sla: ").append(sla.id()).append('\n');
            alert(
                    yaml,
                    sla,
                    budget,
                    PAGE_ALERT,
                    "page",
                    PAGE,
                    "fast enough to exhaust the 30-day error budget within days");
            alert(
                    yaml,
                    sla,
                    budget,
                    TICKET_ALERT,
                    "ticket",
                    TICKET,
                    "steadily: the 30-day error budget will run out if this goes on");
            windowAlert(yaml, sla);
        }
        return yaml.toString();
    }

    private void alert(
            StringBuilder yaml,
            SlaDefinition sla,
            double budget,
            String name,
            String severity,
            List<BurnWindow> windows,
            String pace) {
        yaml.append("      - alert: ").append(name).append('\n');
        yaml.append("        expr: |\n");
        yaml.append("          (\n");
        for (int i = 0; i < windows.size(); i++) {
            BurnWindow w = windows.get(i);
            String threshold = "(" + number(w.factor()) + " * " + number(budget) + ")";
            yaml.append(i == 0 ? "          (\n" : "          or\n          (\n");
            yaml.append("            handoff:sla_error_ratio:rate")
                    .append(w.longWindow())
                    .append("{sla=\"")
                    .append(sla.id())
                    .append("\"} > ")
                    .append(threshold)
                    .append('\n');
            yaml.append("            and\n");
            yaml.append("            handoff:sla_error_ratio:rate")
                    .append(w.shortWindow())
                    .append("{sla=\"")
                    .append(sla.id())
                    .append("\"} > ")
                    .append(threshold)
                    .append('\n');
            if (sla.minDecided() > 0) {
                yaml.append("            and\n");
                yaml.append("            handoff:sla_decided:increase")
                        .append(w.longWindow())
                        .append("{sla=\"")
                        .append(sla.id())
                        .append("\"} >= ")
                        .append(sla.minDecided())
                        .append('\n');
            }
            yaml.append("          )\n");
        }
        yaml.append("          )\n");
        unlessInMaintenance(yaml, sla);
        yaml.append("        labels:\n");
        yaml.append("          severity: ").append(severity).append('\n');
        yaml.append("          sla: ").append(sla.id()).append('\n');
        yaml.append("        annotations:\n");
        yaml.append("          summary: \"SLA ")
                .append(sla.id())
                .append(" is burning its error budget (")
                .append(severity)
                .append(")\"\n");
        yaml.append("          description: \"")
                .append(escape(sla.description()))
                .append(": {{ $value | humanizePercentage }} of decided clocks breached over the last ")
                .append(windows.get(0).shortWindow())
                .append(" to ")
                .append(windows.get(windows.size() - 1).longWindow())
                .append(", against an objective of ")
                .append(number(sla.objective() * 100))
                .append(" %; ")
                .append(pace)
                .append(".\"\n");
        yaml.append("          runbook_url: ").append(runbookBase).append(name).append(".md\n");
        yaml.append("          console_url: ")
                .append(consoleBase)
                .append("/slas#sla-")
                .append(sla.id())
                .append('\n');
    }

    /**
     * A ticket when the error budget of one of the SLA's compliance windows (the calendar month, a rolling 28 days)
     * is spent: the SLA fails that period unless fewer clocks breach. Read from the exact window gauges, guarded by
     * the same minimum of decided clocks; a calendar window's budget starts again with the period, and the alert
     * resolves.
     */
    private void windowAlert(StringBuilder yaml, SlaDefinition sla) {
        String selector = "{sla=\"" + sla.id() + "\"}";
        yaml.append("      - alert: ").append(WINDOW_ALERT).append('\n');
        yaml.append("        expr: |\n");
        // max by: every instance exports the same store-derived gauges; one alert per SLA and window, not per instance.
        yaml.append("          max by (sla, window) (handoff_sla_window_error_budget_remaining")
                .append(selector)
                .append(") < 0\n");
        if (sla.minDecided() > 0) {
            yaml.append("          and on (sla, window)\n");
            yaml.append("          max by (sla, window) (handoff_sla_window_decided")
                    .append(selector)
                    .append(") >= ")
                    .append(sla.minDecided())
                    .append('\n');
        }
        unlessInMaintenance(yaml, sla);
        yaml.append("        for: 15m\n");
        yaml.append("        labels:\n");
        yaml.append("          severity: ticket\n");
        yaml.append("          sla: ").append(sla.id()).append('\n');
        yaml.append("        annotations:\n");
        yaml.append("          summary: \"SLA ")
                .append(sla.id())
                .append(" has spent the error budget of its {{ $labels.window }} window\"\n");
        yaml.append("          description: \"")
                .append(escape(sla.description()))
                .append(": more clocks breached in the current {{ $labels.window }} window than an objective of ")
                .append(number(sla.objective() * 100))
                .append(" % allows (budget left {{ $value | humanizePercentage }}); the SLA fails this period unless"
                        + " fewer clocks breach from now on.\"\n");
        yaml.append("          runbook_url: ")
                .append(runbookBase)
                .append(WINDOW_ALERT)
                .append(".md\n");
        yaml.append("          console_url: ")
                .append(consoleBase)
                .append("/slas#sla-")
                .append(sla.id())
                .append('\n');
    }

    /** Silent while a maintenance window covers the SLA: what an operator declared is not an incident. */
    private static void unlessInMaintenance(StringBuilder yaml, SlaDefinition sla) {
        yaml.append("          unless on (sla)\n");
        yaml.append("          max by (sla) (handoff_sla_maintenance{sla=\"")
                .append(sla.id())
                .append("\"}) > 0\n");
    }

    /** The long windows of every alert: where the low-traffic guard counts decided clocks. */
    static List<String> guardWindows() {
        return java.util.stream.Stream.concat(PAGE.stream(), TICKET.stream())
                .map(BurnWindow::longWindow)
                .distinct()
                .toList();
    }

    static String number(double value) {
        String text = String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
