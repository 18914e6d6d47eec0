package io.handoff.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The committed dashboards are what {@link HandoffDashboards} generates, and hold together: every panel
 * described, data sources provisioned, Elasticsearch columns and query fields in the index mappings,
 * runbook links pointing at runbooks that exist. (Their PromQL is run against a real Prometheus by
 * PrometheusEndToEndIT.)
 */
class DashboardsTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Test
    void committedDashboardsAreWhatTheGeneratorWrites() throws IOException {
        Map<Path, ObjectNode> files = new java.util.LinkedHashMap<>();
        HandoffDashboards.all().forEach((name, dashboard) -> {
            files.put(DashboardFiles.DIRECTORY.resolve(name), dashboard);
            files.put(DashboardFiles.IMPORT.resolve(name), DashboardBuilder.forImport(dashboard));
        });
        for (Map.Entry<Path, ObjectNode> dashboard : files.entrySet()) {
            Path file = dashboard.getKey();
            String generated = JSON.writeValueAsString(dashboard.getValue()) + "\n";
            if (Boolean.getBoolean("handoff.dashboards.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, generated, StandardCharsets.UTF_8);
            }
            assertThat(file)
                    .as(
                            file
                                    + " is missing; generate: ./mvnw test -Dtest=DashboardsTest -Dhandoff.dashboards.update=true")
                    .exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as(
                            file
                                    + " drifted from HandoffDashboards; regenerate: ./mvnw test -Dtest=DashboardsTest -Dhandoff.dashboards.update=true")
                    .isEqualTo(generated);
        }
        assertThat(DashboardFiles.files()).hasSize(HandoffDashboards.all().size());
    }

    @Test
    void everyPanelIsDescribedAndQueriesAProvisionedDataSource() throws IOException {
        String provisioned = Files.readString(Path.of("dashboards/provisioning/datasources/handoff.yml"));
        int panels = 0;
        for (Path file : DashboardFiles.files()) {
            for (JsonNode panel : DashboardFiles.panels(DashboardFiles.read(file))) {
                String name = file.getFileName() + " / " + panel.path("title").asText();
                assertThat(panel.path("description").asText()).as(name).isNotBlank();
                assertThat(panel.path("targets").size())
                        .as(name + " has queries")
                        .isPositive();
                for (JsonNode target : panel.path("targets")) {
                    String uid = DashboardFiles.defaultUid(DashboardFiles.read(file), target.path("datasource"));
                    assertThat(provisioned).as(name).contains("uid: " + uid);
                }
                panels++;
            }
        }
        assertThat(panels).isGreaterThan(30);
    }

    @Test
    void elasticsearchTablesUseFieldsTheIndexMappingsHave() throws IOException {
        Map<String, String> mappings = Map.of(
                DashboardBuilder.ES_EXCEPTIONS, "src/main/resources/elasticsearch/exceptions.json",
                DashboardBuilder.ES_FLOWS, "src/main/resources/elasticsearch/flows.json",
                DashboardBuilder.ES_DECISIONS, "src/main/resources/elasticsearch/decisions.json");
        int tables = 0;
        for (Path file : DashboardFiles.files()) {
            for (JsonNode panel : DashboardFiles.panels(DashboardFiles.read(file))) {
                String uid = DashboardFiles.defaultUid(DashboardFiles.read(file), panel.path("datasource"));
                if (!mappings.containsKey(uid)) {
                    continue;
                }
                Set<String> fields = new HashSet<>();
                // The templates hold ${replicas}/${prefix} placeholders; fill them so they parse.
                String template = Files.readString(Path.of(mappings.get(uid)))
                        .replace("${replicas}", "1")
                        .replace("${prefix}", "handoff");
                new ObjectMapper()
                        .readTree(template)
                        .path("template")
                        .path("mappings")
                        .path("properties")
                        .fieldNames()
                        .forEachRemaining(fields::add);
                JsonNode target = panel.path("targets").get(0);
                assertThat(fields)
                        .as("time field of " + panel.path("title"))
                        .contains(target.path("timeField").asText());
                Matcher queried =
                        Pattern.compile("(\\w+):").matcher(target.path("query").asText());
                while (queried.find()) {
                    assertThat(fields)
                            .as("query field of " + panel.path("title"))
                            .contains(queried.group(1));
                }
                for (JsonNode column : panel.path("transformations")
                        .path(0)
                        .path("options")
                        .path("include")
                        .path("names")) {
                    assertThat(fields).as("column of " + panel.path("title")).contains(column.asText());
                }
                for (JsonNode aggregated : target.path("bucketAggs")) {
                    assertThat(fields)
                            .as("grouped by, in " + panel.path("title"))
                            .contains(aggregated.path("field").asText());
                }
                for (JsonNode metric : target.path("metrics")) {
                    if (metric.has("field")) {
                        assertThat(fields)
                                .as("summed in " + panel.path("title"))
                                .contains(metric.path("field").asText());
                    }
                }
                tables++;
            }
        }
        assertThat(tables).isEqualTo(5);
    }

    @Test
    void runbookLinksPointAtRunbooksThatExist() {
        long runbookLinks = DashboardFiles.links().stream()
                .filter(url -> url.startsWith("${runbooks}/"))
                .peek(url -> assertThat(Path.of("runbooks", url.substring("${runbooks}/".length())))
                        .as(url)
                        .exists())
                .count();
        assertThat(runbookLinks).isGreaterThanOrEqualTo(6);
    }

    @Test
    void dataSourcesAreVariablesSoTheDashboardsImportIntoAnyGrafana() throws IOException {
        for (Path file : DashboardFiles.files()) {
            JsonNode dashboard = DashboardFiles.read(file);
            for (JsonNode panel : DashboardFiles.panels(dashboard)) {
                for (JsonNode ds : List.of(
                        panel.path("datasource"), panel.path("targets").path(0).path("datasource"))) {
                    assertThat(ds.path("uid").asText())
                            .as(file.getFileName() + " / " + panel.path("title").asText())
                            .matches("\\$\\{\\w+}");
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("type").asText().equals("textbox")) {
                    assertThat(variable.path("hide").asInt())
                            .as(variable.path("name") + " is for the viewer to set")
                            .isZero();
                }
            }
        }
    }
}
