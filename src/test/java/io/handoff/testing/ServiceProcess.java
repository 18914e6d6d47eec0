package io.handoff.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, built by {@code package} before
 * the integration tests run) in a process of its own, so a test can kill it as an operator's bad day
 * would: {@link #kill()} is SIGKILL, no shutdown hooks, no flushing.
 */
public final class ServiceProcess {
    private final Map<String, String> properties;
    private final Path log;
    private final int port;
    private final int managementPort;
    private Process process;
    private Map<String, String> environment = Map.of();

    public ServiceProcess(Map<String, String> properties, Path log) {
        this.properties = properties;
        this.log = log;
        this.port = freePort();
        this.managementPort = freePort();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Metrics and health: the management interface's own port. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** Environment variables for the service, beside the machine's. */
    public ServiceProcess withEnvironment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        return this;
    }

    public ServiceProcess start() {
        return start(Duration.ofSeconds(90));
    }

    /** Starts and waits until ready, at most {@code ready} (a restart restoring a million flows takes longer). */
    public ServiceProcess start(Duration ready) {
        launch();
        awaitReady(ready);
        return this;
    }

    /**
     * Starts every one at once and waits until all are ready: a deployment's instances start side by side, and on
     * two cores that takes about half the time of starting them one after the other.
     */
    public static void startTogether(List<ServiceProcess> services) {
        services.forEach(ServiceProcess::launch);
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(120));
        }
    }

    private void launch() {
        Path jar = Paths.get("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests with ./mvnw verify");
        }
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + properties.getOrDefault("bench.heap", "512m")));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-Dquarkus.management.host=127.0.0.1");
        try {
            // What the scorers and forecasts learn, and the maintenance windows declared to it, stay with this process
            // (across its restarts), not in the working directory where the next test's process would find them.
            Path learned = Files.createTempDirectory("handoff-learned");
            command.add("-Dhandoff.anomaly.state-dir=" + learned.resolve("anomaly"));
            command.add("-Dhandoff.forecast.state-dir=" + learned.resolve("forecast"));
            command.add("-Dhandoff.maintenance.state-dir=" + learned.resolve("maintenance"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        for (String extra : System.getProperty("service.extra-options", "").split("\\s+")) {
            if (!extra.isBlank()) {
                command.add(extra);
            }
        }
        command.addAll(List.of("-jar", jar.toString()));
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            // A test that fails before it stops its service must not leave the process running past the test JVM.
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operating system's id of the running service (for jcmd). */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the process gets no chance to write anything it still holds. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void stop() {
        stopTogether(List.of(this));
    }

    /** Stops the services side by side: each shuts down gracefully in seconds (its Kafka clients leave their groups). */
    public static void stopTogether(List<ServiceProcess> services) {
        List<Process> stopping = new ArrayList<>();
        for (ServiceProcess service : services) {
            if (service.process != null && service.process.isAlive()) {
                service.process.destroy();
                stopping.add(service.process);
            }
        }
        try {
            for (Process process : stopping) {
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) {
        Readiness.awaitOk(
                process,
                URI.create(managementUrl() + "/q/health/ready"),
                timeout,
                Duration.ofMillis(300),
                "the service",
                () -> log.toString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
