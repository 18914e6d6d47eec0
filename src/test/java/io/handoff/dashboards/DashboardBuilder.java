package io.handoff.dashboards;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a Grafana dashboard (JSON model, schema 39) from a short description: panels flow left to
 * right in rows of 24 columns, every panel has a description. Data sources are dashboard variables
 * (type datasource) defaulting to the provisioned ones (see dashboards/provisioning), so the same JSON
 * works provisioned by the stack and imported into a Grafana whose data sources have other names.
 */
final class DashboardBuilder {
    static final String PROMETHEUS = "handoff-prometheus";
    static final String ES_EXCEPTIONS = "handoff-es-exceptions";
    static final String ES_FLOWS = "handoff-es-flows";
    static final String ES_DECISIONS = "handoff-es-decisions";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each provisioned data source: its variable, the provisioned name, its type, what it is for. */
    private record Source(String variable, String name, String type, String label, String description) {}

    private static final java.util.Map<String, Source> SOURCES = java.util.Map.of(
            PROMETHEUS,
                    new Source(
                            "prometheus",
                            "Handoff Prometheus",
                            "prometheus",
                            "Prometheus",
                            "The Prometheus that scrapes Handoff (its management port, /q/metrics) and loads its rules"),
            ES_EXCEPTIONS,
                    new Source(
                            "es_exceptions",
                            "Handoff exceptions (Elasticsearch)",
                            "elasticsearch",
                            "Exceptions index",
                            "An Elasticsearch data source on the handoff-exceptions alias, time field opened_at"),
            ES_FLOWS,
                    new Source(
                            "es_flows",
                            "Handoff flows (Elasticsearch)",
                            "elasticsearch",
                            "Flows index",
                            "An Elasticsearch data source on the handoff-flows alias, time field last_event_at"),
            ES_DECISIONS,
                    new Source(
                            "es_decisions",
                            "Handoff clock decisions (Elasticsearch)",
                            "elasticsearch",
                            "Decisions index",
                            "An Elasticsearch data source on the handoff-decisions alias, time field decided_at"));

    private final java.util.Set<String> sourceVariables = new java.util.HashSet<>();

    private final ObjectNode dashboard = JSON.createObjectNode();
    private final ArrayNode panels;
    private final ArrayNode variables;
    private int nextId = 1;
    private int x;
    private int y;
    private int rowHeight;

    DashboardBuilder(String uid, String title, String description, String... tags) {
        dashboard.put("uid", uid);
        dashboard.put("title", title);
        dashboard.put("description", description);
        ArrayNode tagList = dashboard.putArray("tags");
        tagList.add("handoff");
        for (String tag : tags) {
            tagList.add(tag);
        }
        dashboard.put("editable", true);
        dashboard.put("schemaVersion", 39);
        dashboard.put("version", 1);
        dashboard.put("refresh", "30s");
        dashboard.put("timezone", "browser");
        dashboard.putObject("time").put("from", "now-6h").put("to", "now");
        variables = dashboard.putObject("templating").putArray("list");
        ArrayNode links = dashboard.putArray("links");
        links.addObject()
                .put("title", "Handoff dashboards")
                .put("type", "dashboards")
                .put("asDropdown", true)
                .put("includeVars", true)
                .put("keepTime", true)
                .putArray("tags")
                .add("handoff");
        panels = dashboard.putArray("panels");
        source(PROMETHEUS);
        textVariable(
                "handoff",
                "Handoff URL",
                "http://localhost:8080",
                "Handoff's public URL (the console and API), for the drill-down links: set it to yours");
        textVariable(
                "runbooks",
                "Runbooks URL",
                "http://localhost:8080/runbooks",
                "Where the runbooks are published: Handoff serves them at its URL + /runbooks (set it to yours)");
    }

    /** Adds the variable choosing this provisioned data source (once); panels name it as {@code ${variable}}. */
    private void source(String uid) {
        Source source = SOURCES.get(uid);
        if (!sourceVariables.add(uid)) {
            return;
        }
        ObjectNode v = variables.addObject();
        v.put("name", source.variable());
        v.put("label", source.label());
        v.put("description", source.description());
        v.put("type", "datasource");
        v.put("query", source.type());
        v.put("regex", "");
        v.put("refresh", 1);
        v.put("hide", 0);
        v.putObject("current").put("text", source.name()).put("value", uid);
    }

    /** A multi-value variable over a label of a metric; queries use it as {@code label=~"$name"}. */
    DashboardBuilder labelVariable(String name, String label, String metric, String description) {
        ObjectNode v = variables.addObject();
        v.put("name", name);
        v.put("label", label);
        v.put("description", description);
        v.put("type", "query");
        v.set("datasource", datasource("prometheus", PROMETHEUS));
        String query = "label_values(" + metric + ", " + name + ")";
        v.put("definition", query);
        v.putObject("query").put("query", query).put("refId", name);
        v.put("refresh", 2);
        v.put("includeAll", true);
        v.put("multi", true);
        v.put("allValue", ".*");
        v.putObject("current").put("text", "All").put("value", "$__all");
        v.put("sort", 1);
        return this;
    }

    private void textVariable(String name, String label, String value, String description) {
        ObjectNode v = variables.addObject();
        v.put("name", name);
        v.put("label", label);
        v.put("description", description);
        v.put("type", "textbox");
        v.put("query", value);
        v.putObject("current").put("text", value).put("value", value);
        v.put("hide", 0);
    }

    DashboardBuilder row(String title) {
        newLine();
        ObjectNode row = panels.addObject();
        row.put("id", nextId++);
        row.put("type", "row");
        row.put("title", title);
        row.put("collapsed", false);
        row.set("gridPos", grid(0, y, 24, 1));
        row.putArray("panels");
        y += 1;
        return this;
    }

    Panel timeseries(String title, String description, String unit, int width) {
        return panel("timeseries", title, description, unit, width, 8, PROMETHEUS);
    }

    Panel stat(String title, String description, String unit, int width) {
        return panel("stat", title, description, unit, width, 5, PROMETHEUS);
    }

    Panel bars(String title, String description, String unit, int width) {
        Panel panel = panel("bargauge", title, description, unit, width, 8, PROMETHEUS);
        panel.node.putObject("options").put("displayMode", "gradient").put("orientation", "horizontal");
        return panel;
    }

    /** A table of documents from an Elasticsearch index: the newest/oldest first, the given columns. */
    Panel documents(
            String title,
            String description,
            String datasourceUid,
            String luceneQuery,
            String timeField,
            int width,
            String... columns) {
        Panel panel = panel("table", title, description, null, width, 9, datasourceUid);
        ObjectNode target = elasticsearchQuery(panel, datasourceUid, luceneQuery, timeField);
        target.putArray("bucketAggs");
        ObjectNode rawData = target.putArray("metrics").addObject();
        rawData.put("id", "1");
        rawData.put("type", "raw_data");
        rawData.putObject("settings").put("size", "100");
        // Grafana keeps only the columns named here, in this order: every other field of the documents is hidden.
        ArrayNode transformations = panel.node.putArray("transformations");
        ArrayNode names = transformations
                .addObject()
                .put("id", "filterFieldsByName")
                .putObject("options")
                .putObject("include")
                .putArray("names");
        ObjectNode order = transformations
                .addObject()
                .put("id", "organize")
                .putObject("options")
                .putObject("indexByName");
        for (int i = 0; i < columns.length; i++) {
            names.add(columns[i]);
            order.put(columns[i], i);
        }
        panel.node.putObject("options").put("showHeader", true);
        panel.node
                .putObject("fieldConfig")
                .putObject("defaults")
                .putObject("custom")
                .put("filterable", true);
        return panel;
    }

    /**
     * A table of the top values of {@code field} among the documents matching {@code luceneQuery} in the range: how many,
     * and the sums of {@code sums}, largest count first.
     */
    Panel topValues(
            String title,
            String description,
            String datasourceUid,
            String luceneQuery,
            String timeField,
            String field,
            int size,
            int width,
            String... sums) {
        Panel panel = panel("table", title, description, null, width, 9, datasourceUid);
        ObjectNode target = elasticsearchQuery(panel, datasourceUid, luceneQuery, timeField);
        ObjectNode terms = target.putArray("bucketAggs").addObject();
        terms.put("id", "2").put("type", "terms").put("field", field);
        terms.putObject("settings")
                .put("size", Integer.toString(size))
                .put("order", "desc")
                .put("orderBy", "_count")
                .put("min_doc_count", "1");
        ArrayNode metrics = target.putArray("metrics");
        metrics.addObject().put("id", "1").put("type", "count");
        for (int i = 0; i < sums.length; i++) {
            metrics.addObject()
                    .put("id", Integer.toString(3 + i))
                    .put("type", "sum")
                    .put("field", sums[i]);
        }
        panel.node.putObject("options").put("showHeader", true);
        return panel;
    }

    /** The panel's one Elasticsearch query: the documents matching {@code luceneQuery} in the dashboard's range. */
    private static ObjectNode elasticsearchQuery(
            Panel panel, String datasourceUid, String luceneQuery, String timeField) {
        ObjectNode target = panel.node.withArray("targets").addObject();
        target.put("refId", "A");
        target.set("datasource", datasource("elasticsearch", datasourceUid));
        target.put("query", luceneQuery);
        target.put("timeField", timeField);
        return target;
    }

    private Panel panel(
            String type, String title, String description, String unit, int width, int height, String datasourceUid) {
        source(datasourceUid);
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("every panel needs a description: " + title);
        }
        if (x + width > 24) {
            newLine();
        }
        ObjectNode node = panels.addObject();
        node.put("id", nextId++);
        node.put("type", type);
        node.put("title", title);
        node.put("description", description);
        node.set(
                "datasource",
                datasource(datasourceUid.equals(PROMETHEUS) ? "prometheus" : "elasticsearch", datasourceUid));
        node.set("gridPos", grid(x, y, width, height));
        if (unit != null) {
            node.putObject("fieldConfig").putObject("defaults").put("unit", unit);
        }
        x += width;
        rowHeight = Math.max(rowHeight, height);
        return new Panel(node);
    }

    private void newLine() {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
    }

    ObjectNode build() {
        return dashboard;
    }

    /**
     * The same dashboard for Grafana's "Import dashboard": {@code __inputs} ask for each data source at import time,
     * and each data-source variable starts on the one chosen ({@code ${DS_...}}, replaced by Grafana on import).
     */
    static ObjectNode forImport(ObjectNode provisioned) {
        ObjectNode imported = JSON.createObjectNode();
        ArrayNode inputs = imported.putArray("__inputs");
        ArrayNode requires = imported.putArray("__requires");
        requires.addObject()
                .put("type", "grafana")
                .put("id", "grafana")
                .put("name", "Grafana")
                .put("version", "11.0.0");
        ObjectNode copy = provisioned.deepCopy();
        java.util.Set<String> plugins = new java.util.TreeSet<>();
        for (com.fasterxml.jackson.databind.JsonNode variable :
                copy.path("templating").path("list")) {
            if (!variable.path("type").asText().equals("datasource")) {
                continue;
            }
            String input = "DS_" + variable.path("name").asText().toUpperCase(java.util.Locale.ROOT);
            String plugin = variable.path("query").asText();
            inputs.addObject()
                    .put("name", input)
                    .put("label", variable.path("label").asText())
                    .put("description", variable.path("description").asText())
                    .put("type", "datasource")
                    .put("pluginId", plugin)
                    .put("pluginName", plugin.equals("prometheus") ? "Prometheus" : "Elasticsearch");
            ((ObjectNode) variable)
                    .putObject("current")
                    .put("text", "${" + input + "}")
                    .put("value", "${" + input + "}");
            plugins.add(plugin);
        }
        for (String plugin : plugins) {
            requires.addObject()
                    .put("type", "datasource")
                    .put("id", plugin)
                    .put("name", plugin.equals("prometheus") ? "Prometheus" : "Elasticsearch")
                    .put("version", "1.0.0");
        }
        copy.remove("id");
        imported.setAll(copy);
        return imported;
    }

    private static ObjectNode grid(int x, int y, int w, int h) {
        return JSON.createObjectNode().put("h", h).put("w", w).put("x", x).put("y", y);
    }

    /** A data source as the dashboard's variable for it: the provisioned one unless the viewer picks another. */
    private static ObjectNode datasource(String type, String uid) {
        return JSON.createObjectNode()
                .put("type", type)
                .put("uid", "${" + SOURCES.get(uid).variable() + "}");
    }

    /** One panel being described. */
    static final class Panel {
        private final ObjectNode node;

        private Panel(ObjectNode node) {
            this.node = node;
        }

        /** A PromQL query; {@code legend} uses Grafana's {{label}} syntax. */
        Panel query(String expr, String legend) {
            ArrayNode targets = node.withArray("targets");
            ObjectNode target = targets.addObject();
            target.put("refId", String.valueOf((char) ('A' + targets.size() - 1)));
            target.set("datasource", datasource("prometheus", PROMETHEUS));
            target.put("expr", expr);
            target.put("legendFormat", legend);
            return this;
        }

        Panel link(String title, String url) {
            node.withArray("links")
                    .addObject()
                    .put("title", title)
                    .put("url", url)
                    .put("targetBlank", true);
            return this;
        }

        Panel runbook(String alert) {
            return link("Runbook: " + alert, "${runbooks}/" + alert + ".md");
        }

        /** For a value where lower is better: green, orange from {@code warn}, red from {@code bad}. */
        Panel thresholds(double warn, double bad) {
            return steps("green", warn, "red", bad);
        }

        /** For a value where higher is better (attainment): red below {@code warn}, green from {@code good}. */
        Panel goodFrom(double warn, double good) {
            return steps("red", warn, "green", good);
        }

        /** Grafana's absolute thresholds: {@code base}, orange from {@code warn}, {@code last} from {@code at}. */
        private Panel steps(String base, double warn, String last, double at) {
            ObjectNode thresholds = node.with("fieldConfig").with("defaults").putObject("thresholds");
            thresholds.put("mode", "absolute");
            ArrayNode steps = thresholds.putArray("steps");
            steps.addObject().put("color", base).putNull("value");
            steps.addObject().put("color", "orange").put("value", warn);
            steps.addObject().put("color", last).put("value", at);
            return this;
        }

        Panel stacked() {
            node.with("fieldConfig")
                    .with("defaults")
                    .putObject("custom")
                    .putObject("stacking")
                    .put("mode", "normal");
            return this;
        }
    }
}
