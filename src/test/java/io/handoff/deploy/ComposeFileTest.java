package io.handoff.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of docker-compose.yml without a Docker engine: docker-compose accepts it, every
 * mounted file exists, every rule file is mounted, images are pinned, services have health checks, the
 * addresses in the Prometheus, Alertmanager and Grafana files are services of the file, and Handoff's
 * environment names real configuration keys.
 */
class ComposeFileTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path COMPOSE = Path.of("docker-compose.yml");

    private static JsonNode compose() throws IOException {
        return YAML.readTree(COMPOSE.toFile());
    }

    @Test
    void dockerComposeAcceptsTheFile() throws Exception {
        // Handoff's env_file is .env, which a fresh clone lacks: check the file with .env.example's keys, as a new
        // user's first `cp .env.example .env` makes it (and leave an .env of the user's own alone).
        Path env = Path.of(".env");
        boolean borrowed = !Files.exists(env);
        Thread cleanUp = new Thread(() -> env.toFile().delete());
        if (borrowed) {
            // Even if the JVM dies here, no .env with public keys stays behind for a later `docker compose up`.
            Runtime.getRuntime().addShutdownHook(cleanUp);
            Files.copy(Path.of(".env.example"), env);
        }
        try {
            Process check;
            try {
                check = new ProcessBuilder("docker-compose", "-f", COMPOSE.toString(), "config", "-q")
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                throw new AssertionError(
                        "docker-compose is not installed: run scripts/test.sh (it installs Debian's docker-compose)",
                        e);
            }
            assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue())
                    .as(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isZero();
        } finally {
            if (borrowed) {
                Files.delete(env);
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            }
        }
    }

    @Test
    void everyMountedFileExistsAndEveryRuleFileIsMountedAndLoaded() throws IOException {
        Set<String> mountedSources = new HashSet<>();
        for (JsonNode service : compose().path("services")) {
            for (JsonNode volume : service.path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Path.of(source)).as("mounted " + source).exists();
                    mountedSources.add(source.substring(2));
                }
            }
        }
        try (Stream<Path> files = Files.list(Path.of("dashboards"))) {
            for (Path dashboard :
                    files.filter(f -> f.toString().endsWith(".json")).toList()) {
                assertThat(mountedSources)
                        .as(dashboard + " mounted into Grafana (only the provisioned ones: not dashboards/import/)")
                        .contains(dashboard.toString());
            }
        }
        assertThat(mountedSources).noneMatch(source -> source.startsWith("dashboards/import"));
        String prometheusConfig = Files.readString(Path.of("alert-rules/prometheus.yml"));
        try (Stream<Path> files = Files.list(Path.of("alert-rules"))) {
            for (Path rules :
                    files.filter(f -> f.toString().endsWith(".rules.yml")).toList()) {
                assertThat(mountedSources)
                        .as(rules + " mounted into Prometheus")
                        .contains(rules.toString());
                assertThat(prometheusConfig)
                        .as(rules + " loaded by Prometheus")
                        .contains("/etc/prometheus/rules/" + rules.getFileName());
            }
        }
        assertThat(mountedSources).contains("alert-rules/alertmanager.yml", "dashboards/provisioning/datasources");
    }

    @Test
    void imagesArePinnedAndEveryServiceHasAHealthCheck() throws IOException {
        Iterator<Map.Entry<String, JsonNode>> services =
                compose().path("services").fields();
        int count = 0;
        while (services.hasNext()) {
            Map.Entry<String, JsonNode> service = services.next();
            JsonNode image = service.getValue().path("image");
            if (!image.isMissingNode()) {
                assertThat(image.asText())
                        .as(service.getKey())
                        .matches(".+:v?\\d+(\\.\\d+)+")
                        .doesNotEndWith(":latest");
            }
            assertThat(service.getValue().has("healthcheck"))
                    .as(service.getKey() + " health check")
                    .isTrue();
            count++;
        }
        assertThat(count).isEqualTo(7);
    }

    @Test
    void addressesInTheConfigFilesAreServicesOfTheStack() throws IOException {
        Set<String> services = new HashSet<>();
        compose().path("services").fieldNames().forEachRemaining(services::add);
        String configs = Files.readString(Path.of("alert-rules/prometheus.yml"))
                + Files.readString(Path.of("alert-rules/alertmanager.yml"))
                + Files.readString(Path.of("dashboards/provisioning/datasources/handoff.yml"));
        Matcher address = Pattern.compile("(?:https?://|targets: \\[\"|smtp_smarthost: )([a-z][a-z0-9-]*):(\\d+)")
                .matcher(configs);
        int found = 0;
        while (address.find()) {
            assertThat(services).as("address " + address.group()).contains(address.group(1));
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(5);
        assertThat(compose()
                        .path("services")
                        .path("handoff")
                        .path("ports")
                        .get(0)
                        .asText())
                .endsWith(":8080");
    }

    @Test
    void handoffsEnvironmentNamesRealConfigurationKeys() throws IOException {
        Set<String> documented = new HashSet<>();
        for (var key : io.handoff.docs.ConfigurationReference.keys()) {
            documented.add(key.name().replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT));
        }
        Set<String> keys = exampleKeys().keySet();
        assertThat(compose().path("services").path("handoff").path("env_file").toString())
                .as("the keys come from .env")
                .contains(".env");
        Iterator<String> variables =
                compose().path("services").path("handoff").path("environment").fieldNames();
        int count = 0;
        while (variables.hasNext()) {
            String variable = variables.next();
            if (variable.equals("QUARKUS_CONFIG_LOCATIONS")) {
                continue; // Quarkus's own: where deploy/compose.properties is mounted (checked below)
            }
            if (keys.contains(variable)) {
                continue; // a key from .env, which deploy/compose.properties reads by name (checked below)
            }
            assertThat(documented)
                    .as(variable + " is a key of docs/configuration.md")
                    .contains(variable);
            count++;
        }
        assertThat(count).isGreaterThanOrEqualTo(3);
    }

    @Test
    void healthChecksPassNoUnquotedAmpersandToAShellAndUseOnlyWhatTheImageHas() throws Exception {
        Iterator<Map.Entry<String, JsonNode>> services =
                compose().path("services").fields();
        while (services.hasNext()) {
            Map.Entry<String, JsonNode> service = services.next();
            JsonNode test = service.getValue().path("healthcheck").path("test");
            String script = test.path(0).asText().equals("CMD-SHELL")
                    ? test.path(1).asText()
                    : test.path(1).asText().equals("bash")
                                    && test.path(2).asText().equals("-c")
                            ? test.path(3).asText()
                            : null;
            if (script != null) {
                // A shell runs the rest of an unquoted URL after '&' in the background: the check always passes.
                assertThat(backgroundJobs(script))
                        .as(service.getKey() + " health check, as bash parses it")
                        .isEmpty();
            }
        }
        assertThat(backgroundJobs("curl -sf http://es:9200/_cluster/health?wait_for_status=yellow&timeout=5s"))
                .as("the parser sees the mistake this test is for")
                .isNotEmpty();
        JsonNode handoff = compose().path("services").path("handoff");
        assertThat(handoff.path("healthcheck").path("test").toString())
                .as("the UBI runtime image promises bash, not curl or wget")
                .doesNotContain("curl")
                .doesNotContain("wget")
                .contains("/q/health/ready");
        assertThat(handoff.path("restart").asText()).isEqualTo("on-failure");
    }

    /**
     * The commands a script runs in the background, as bash itself parses it: bash prints a function's body in its
     * normal form, where a background job ends in a lone '&' (quoted text and {@code &&}, {@code >&3} aside).
     */
    static java.util.List<String> backgroundJobs(String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", "--norc", "-c", "eval \"f() {\n$SCRIPT\n}\" && declare -f f")
                .redirectErrorStream(true);
        builder.environment().put("SCRIPT", script);
        Process bash = builder.start();
        String parsed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as("bash parses " + script + ": " + parsed).isZero();
        String unquoted = parsed.replaceAll("'[^']*'", "''").replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        java.util.List<String> jobs = new java.util.ArrayList<>();
        for (String line : unquoted.lines().toList()) {
            if (line.matches(".*(?<![&<>|])&(?![&>]).*")) {
                jobs.add(line.strip());
            }
        }
        return jobs;
    }

    @Test
    void everyPublishedPortIsTheStacksOwnAndListensOnLoopbackOnly() throws IOException {
        Set<String> ports = new HashSet<>();
        for (JsonNode service : compose().path("services")) {
            for (JsonNode port : service.path("ports")) {
                String[] parts = port.asText().split(":");
                assertThat(parts)
                        .as(port.asText() + ": host address, host port, container port")
                        .hasSize(3);
                assertThat(parts[0]).as(port.asText()).isEqualTo("127.0.0.1");
                assertThat(ports.add(parts[1]))
                        .as("host port " + parts[1] + " published once")
                        .isTrue();
            }
        }
        assertThat(ports).hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void theReadmesKeysAreTheStacksAndKafkaTakesEventsFromTheHost() throws IOException {
        JsonNode handoff = compose().path("services").path("handoff");
        String mounted =
                handoff.path("environment").path("QUARKUS_CONFIG_LOCATIONS").asText();
        Path properties = null;
        for (JsonNode volume : handoff.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[1].equals(mounted)) {
                properties = Path.of(parts[0]);
            }
        }
        assertThat(properties)
                .as("the file QUARKUS_CONFIG_LOCATIONS names is mounted")
                .isNotNull();
        String config = Files.readString(properties);
        // Every key the stack's configuration reads comes from .env, through the service's environment.
        Map<String, String> examples = exampleKeys();
        Matcher read = Pattern.compile("\\$\\{(HANDOFF_[A-Z_]+)}").matcher(config);
        int keys = 0;
        while (read.find()) {
            assertThat(examples).as(".env.example defines " + read.group(1)).containsKey(read.group(1));
            assertThat(handoff.path("environment").has(read.group(1)))
                    .as(read.group(1) + " comes from env_file .env only, never from the shell running compose")
                    .isFalse();
            keys++;
        }
        assertThat(keys).as("keys the stack reads from .env").isEqualTo(4);
        assertThat(config)
                .as("no key written in the stack's configuration")
                .doesNotContainPattern("(api-key|\\.key)=[^$]");
        assertThat(new HashSet<>(examples.values())).as("distinct example keys").hasSameSizeAs(examples.values());
        // The README's examples read the keys by the names .env gives them.
        Matcher used = Pattern.compile("\\$(HANDOFF_[A-Z_]+)").matcher(Files.readString(Path.of("README.md")));
        int uses = 0;
        while (used.find()) {
            assertThat(examples)
                    .as("README's $" + used.group(1) + " is set by .env")
                    .containsKey(used.group(1));
            uses++;
        }
        assertThat(uses).isGreaterThanOrEqualTo(4);
        // Never the dev profile's keys, which are public in application.properties.
        String application = Files.readString(Path.of("src/main/resources/application.properties"));
        examples.values().forEach(value -> {
            assertThat(value.length()).as(value).isGreaterThanOrEqualTo(16);
            assertThat(application).as(value + " is a dev profile key").doesNotContain(value);
        });

        JsonNode kafka = compose().path("services").path("kafka");
        assertThat(kafka.path("ports").toString()).contains("29092:29092");
        assertThat(kafka.path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText())
                .contains("localhost:29092");
        assertThat(Files.readAllLines(Path.of(".dockerignore")))
                .as("the build context is the packaged application, not target/ with its test distributions")
                .contains("*", "!target/quarkus-app/");
    }

    /** The example keys of .env.example, by variable. */
    static Map<String, String> exampleKeys() throws IOException {
        Map<String, String> keys = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(Path.of(".env.example"))) {
            if (!line.startsWith("#") && line.contains("=")) {
                keys.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return keys;
    }
}
