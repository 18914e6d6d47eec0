package io.handoff.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads the committed dashboards: their panels and every query in them, as Grafana would run them. */
public final class DashboardFiles {
    public static final Path DIRECTORY = Path.of("dashboards");
    /** The same dashboards for Grafana's "Import dashboard", with {@code __inputs}; not provisioned. */
    public static final Path IMPORT = DIRECTORY.resolve("import");

    /** One PromQL query of one panel. */
    public record PromQuery(String dashboard, String panel, String expr) {
        /** The query with Grafana's variables replaced as "All" and a short range would replace them. */
        public String resolved() {
            return expr.replace("$__rate_interval", "1m")
                    .replace("$__range", "1h")
                    .replace("$__interval", "15s")
                    .replace("\"$sla\"", "\".*\"")
                    .replace("\"$group\"", "\".*\"")
                    .replace("\"$source\"", "\".*\"");
        }
    }

    private DashboardFiles() {}

    public static List<Path> files() {
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            if (!"row".equals(p.path("type").asText())) {
                panels.add(p);
            }
        });
        return panels;
    }

    public static List<PromQuery> promQueries() {
        List<PromQuery> queries = new ArrayList<>();
        for (Path file : files()) {
            JsonNode dashboard = read(file);
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    if ("prometheus"
                            .equals(target.path("datasource").path("type").asText())) {
                        queries.add(new PromQuery(
                                file.getFileName().toString(),
                                panel.path("title").asText(),
                                target.path("expr").asText()));
                    }
                }
            }
        }
        return queries;
    }

    /** Every link URL of the dashboards and their panels. */
    public static List<String> links() {
        List<String> links = new ArrayList<>();
        for (Path file : files()) {
            JsonNode dashboard = read(file);
            dashboard.path("links").forEach(l -> links.add(l.path("url").asText()));
            panels(dashboard)
                    .forEach(p ->
                            p.path("links").forEach(l -> links.add(l.path("url").asText())));
        }
        return links;
    }

    /** The data source a panel or query uses by default: its uid, or the default of the variable it names. */
    static String defaultUid(JsonNode dashboard, JsonNode datasource) {
        String uid = datasource.path("uid").asText();
        if (!uid.startsWith("${")) {
            return uid;
        }
        String variable = uid.substring(2, uid.length() - 1);
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals(variable)
                    && v.path("type").asText().equals("datasource")) {
                return v.path("current").path("value").asText();
            }
        }
        throw new AssertionError("no data source variable " + variable);
    }
}
