package io.handoff.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

/**
 * A real Keycloak (the keycloak-quarkus-dist zip from Maven Central, unpacked by the build into
 * {@code target/keycloak-dist}, run in place) in dev mode with an embedded database, the test realm imported from
 * {@code src/test/resources/keycloak/handoff-realm.json}. Needs a JDK 21+, found like Elasticsearch's.
 */
public final class KeycloakServer {
    public static final String REALM = "handoff";
    public static final String CLIENT = "handoff-console";
    public static final String SECRET = "handoff-console-test-secret-000000000001";

    private final Path home;
    private final int port;
    private final Path log;
    private Process process;

    /** Runs from the unpacked distribution itself (a copy of 200 MB per start would cost more than it protects). */
    private KeycloakServer(Path distribution, Path work) throws IOException {
        this.home = distribution;
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        try (var realm = KeycloakServer.class.getResourceAsStream("/keycloak/handoff-realm.json")) {
            Files.copy(realm, imports.resolve("handoff-realm.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        // A fresh embedded database each time, so the realm is imported as the file says.
        Path h2 = home.resolve("data/h2");
        if (Files.isDirectory(h2)) {
            try (var files = Files.walk(h2)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(f -> f.toFile().delete());
            }
        }
        home.resolve("bin/kc.sh").toFile().setExecutable(true, false);
        this.port = Ports.free();
        this.log = work.resolve("keycloak.log");
    }

    /** Starts a Keycloak and waits until the realm answers (about 20 s). */
    public static KeycloakServer start() {
        try {
            Path distribution =
                    Paths.get(System.getProperty("test.keycloak.home", "target/keycloak-dist/keycloak-26.4.7"));
            if (!Files.isDirectory(distribution)) {
                throw new IllegalStateException("no Keycloak distribution at " + distribution
                        + ": the build unpacks it in pre-integration-test (mvn verify)");
            }
            KeycloakServer server = new KeycloakServer(distribution, Files.createTempDirectory("handoff-kc-"));
            server.run();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        home.resolve("bin/kc.sh").toString(),
                        "start-dev",
                        "--http-port=" + port,
                        "--http-host=127.0.0.1",
                        "--hostname=http://localhost:" + port,
                        "--import-realm",
                        "--health-enabled=false",
                        "--cache=local"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_HOME", ElasticsearchServer.jdk21().toString());
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx512m");
        // C1 only: start-dev is class loading and a build step, which C2's compile threads slow down on two cores
        // (26-32 s to the realm answering, 19 s with this).
        builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "keycloak-cleanup"));
        awaitRealm(Duration.ofSeconds(120));
    }

    private void awaitRealm(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited: " + tail());
            }
            try {
                HttpResponse<Void> answer = http.send(
                        HttpRequest.newBuilder(URI.create(issuer() + "/.well-known/openid-configuration"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Keycloak did not answer within " + timeout + ": " + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The realm's issuer URL: what {@code quarkus.oidc.auth-server-url} is set to. */
    public String issuer() {
        return "http://localhost:" + port + "/realms/" + REALM;
    }

    public void stop() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
