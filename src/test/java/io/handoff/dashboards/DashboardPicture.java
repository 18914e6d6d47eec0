package io.handoff.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A picture of a provisioned dashboard without Grafana: each panel's own PromQL, asked of a real Prometheus over
 * the dashboard's time range, laid out on the dashboard's grid and drawn with uPlot (the console's charting
 * library) in a page Chromium then photographs. Elasticsearch table panels are shown as named placeholders.
 */
final class DashboardPicture {

    /** Prometheus's {@code /api/v1/query_range}: the answer for one expression. */
    interface RangeQuery {
        JsonNode range(String expr, long startSeconds, long endSeconds, long stepSeconds);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LEGEND = Pattern.compile("\\{\\{\\s*(\\w+)\\s*}}");

    private DashboardPicture() {}

    /** The page, with every panel's data in it; {@code uplot} is where uPlot's files are served. */
    static String html(String file, JsonNode dashboard, RangeQuery prometheus, long start, long end, String uplot) {
        long step = Math.max(1, (end - start) / 240);
        ObjectNode model = JSON.createObjectNode();
        model.put("title", dashboard.path("title").asText());
        model.put("file", file);
        model.put("start", start);
        model.put("end", end);
        ArrayNode panels = model.putArray("panels");
        for (JsonNode panel : dashboard.path("panels")) {
            ObjectNode out = panels.addObject();
            out.put("type", panel.path("type").asText());
            out.put("title", panel.path("title").asText());
            out.set("gridPos", panel.path("gridPos"));
            out.put(
                    "unit",
                    panel.path("fieldConfig").path("defaults").path("unit").asText("none"));
            out.set(
                    "thresholds",
                    panel.path("fieldConfig")
                            .path("defaults")
                            .path("thresholds")
                            .path("steps"));
            boolean fromPrometheus =
                    panel.path("datasource").path("uid").asText().equals("${prometheus}");
            out.put("prometheus", fromPrometheus);
            if (!fromPrometheus) {
                continue;
            }
            ArrayNode series = out.putArray("series");
            for (JsonNode target : panel.path("targets")) {
                String expr = resolve(target.path("expr").asText(), end - start);
                JsonNode answer = prometheus.range(expr, start, end, step);
                if (!"success".equals(answer.path("status").asText())) {
                    throw new AssertionError(file + " / " + panel.path("title").asText() + ": " + answer);
                }
                for (JsonNode result : answer.path("data").path("result")) {
                    ObjectNode one = series.addObject();
                    one.put("name", legend(target.path("legendFormat").asText(), result.path("metric")));
                    ArrayNode points = one.putArray("points");
                    for (JsonNode value : result.path("values")) {
                        double v = Double.parseDouble(value.get(1).asText());
                        ArrayNode point = points.addArray().add(value.get(0).asLong());
                        if (Double.isFinite(v)) {
                            point.add(v);
                        } else {
                            point.addNull(); // no value yet (0/0 before any decision): drawn as a gap, not as 0
                        }
                    }
                }
            }
        }
        try (InputStream page = DashboardPicture.class.getResourceAsStream("/dashboard-picture.html")) {
            return new String(page.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("UPLOT_BASE", uplot)
                    .replace("/*MODEL*/null", model.toString().replace("</", "<\\/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Panels the picture draws from Prometheus (the page marks each drawn one). */
    static int prometheusPanels(JsonNode dashboard) {
        int count = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("datasource").path("uid").asText().equals("${prometheus}")) count++;
        }
        return count;
    }

    /** Grafana's variables as "All" and the picture's range would set them. */
    static String resolve(String expr, long rangeSeconds) {
        return new DashboardFiles.PromQuery("", "", expr.replace("$__range", rangeSeconds + "s")).resolved();
    }

    private static String legend(String format, JsonNode labels) {
        if (format.isBlank()) {
            StringBuilder all = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> label = it.next();
                if (!label.getKey().equals("__name__")) {
                    all.append(all.isEmpty() ? "" : ", ")
                            .append(label.getKey())
                            .append('=')
                            .append(label.getValue().asText());
                }
            }
            return all.isEmpty() ? "value" : all.toString();
        }
        Matcher m = LEGEND.matcher(format);
        StringBuilder out = new StringBuilder();
        while (m.find())
            m.appendReplacement(
                    out, Matcher.quoteReplacement(labels.path(m.group(1)).asText()));
        m.appendTail(out);
        return out.toString();
    }
}
