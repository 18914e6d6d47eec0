package io.handoff.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.handoff.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service (prod profile) starts on the stack's own configuration, deploy/compose.properties, with the
 * keys of .env.example in its environment, as docker-compose.yml gives them: the part of "the stack comes up"
 * that can run without a Docker engine. (The stack once carried the dev profile's keys, which the prod profile
 * refuses: it never came up, and no test saw it.) Elasticsearch and Kafka stay off here; their tests are elsewhere.
 */
class ComposeConfigurationIT {

    @Test
    void theServiceStartsOnTheStacksConfigurationAndItsKeysOpenTheApi() throws Exception {
        Map<String, String> keys = ComposeFileTest.exampleKeys();
        Map<String, String> environment = new HashMap<>(keys);
        environment.put(
                "QUARKUS_CONFIG_LOCATIONS",
                Path.of("deploy/compose.properties").toAbsolutePath().toString());
        Path log = Path.of("target", "compose-configuration.log");
        Files.deleteIfExists(log);
        ServiceProcess service = new ServiceProcess(
                        Map.of("handoff.store.kind", "memory", "handoff.kafka.enabled", "false"), log)
                .withEnvironment(environment);
        try {
            service.start();
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> about = http.send(
                    HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/about"))
                            .header("Authorization", "Bearer " + keys.get("HANDOFF_READER_KEY"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(about.statusCode()).as(about.body()).isEqualTo(200);
            HttpResponse<String> status = http.send(
                    HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/admin/status"))
                            .header("Authorization", "Bearer " + keys.get("HANDOFF_OPERATOR_KEY"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.body()).as("the sources of compose.properties").contains("odoo-prod", "esb");
            assertThat(Files.readString(log))
                    .as("a loud word about the public example keys")
                    .contains("handoff.access.keys.ops.key is still the example of .env.example")
                    .doesNotContain(keys.get("HANDOFF_OPERATOR_KEY"));
        } finally {
            service.stop();
        }
    }
}
